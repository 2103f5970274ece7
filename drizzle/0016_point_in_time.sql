-- Point in time (DESIGN §8.6): the database keeps every version of the rows the inventory, findings and
-- exports read, so a read "as of" a past instant runs the same queries against the past.
-- history.row_versions holds one row per version (valid_from .. valid_to, transaction time);
-- schema as_of has one view per tracked table with the public table's name and columns, built by
-- history.refresh_views(), which db/client.ts runs after every migration run (new columns appear in
-- the past too). A migration that drops or retypes a column of a tracked table must begin with
-- `DROP SCHEMA IF EXISTS as_of CASCADE;`: PostgreSQL refuses while a view uses the column.
CREATE SCHEMA IF NOT EXISTS history;
--> statement-breakpoint
CREATE TABLE history.row_versions (
  table_name text NOT NULL,
  row_pk text NOT NULL,
  valid_from timestamptz NOT NULL,
  valid_to timestamptz,
  data jsonb NOT NULL
);
--> statement-breakpoint
-- The open version of a row (what the trigger closes) is found by this index, and there is only one.
CREATE UNIQUE INDEX row_versions_open_idx ON history.row_versions (table_name, row_pk) WHERE valid_to IS NULL;
--> statement-breakpoint
CREATE INDEX row_versions_row_idx ON history.row_versions (table_name, row_pk, valid_from);
--> statement-breakpoint
-- An as-of view reads one table's versions that began by the instant.
CREATE INDEX row_versions_time_idx ON history.row_versions (table_name, valid_from);
--> statement-breakpoint
-- The instant history begins (this migration): an earlier asOf cannot be answered.
CREATE TABLE history.meta (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  started_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
INSERT INTO history.meta (id) VALUES (true);
--> statement-breakpoint
-- The tracked tables, their primary key columns, and columns whose change alone is not a new version
-- (credential_posture.checked_at: the hourly sweep touches it without changing what the row says).
CREATE TABLE history.tracked_tables (
  table_name text PRIMARY KEY,
  pk_columns text[] NOT NULL,
  ignored_columns text[] NOT NULL DEFAULT '{}'
);
--> statement-breakpoint
CREATE FUNCTION history.row_key(data jsonb, pk_columns text[]) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT string_agg(data ->> c, '/' ORDER BY i) FROM unnest(pk_columns) WITH ORDINALITY AS k(c, i)
$$;
--> statement-breakpoint
-- One generic row trigger. Versions are valid from their transaction's start (now()): several writes
-- to one row in one transaction leave one version (the open one of this transaction is rewritten),
-- so a write costs one index-updated row here, plus closing the previous version.
CREATE FUNCTION history.track() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  -- Arguments: the key columns, then the ignored columns as one text[] literal (history.track_table).
  pk text[] := TG_ARGV[0:TG_NARGS - 2];
  ignored text[] := TG_ARGV[TG_NARGS - 1]::text[];
  old_data jsonb;
  new_data jsonb;
  old_key text;
  new_key text;
  -- TG_TABLE_NAME is of type name: compared as is, the text column would be cast and its indexes unused.
  tbl text := TG_TABLE_NAME::text;
  open_from timestamptz;
BEGIN
  -- A one-column key (most tables) without a query: this runs for every row written.
  IF TG_OP <> 'INSERT' THEN
    old_data := to_jsonb(OLD);
    old_key := CASE WHEN TG_NARGS = 2 THEN old_data ->> TG_ARGV[0] ELSE history.row_key(old_data, pk) END;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    new_data := to_jsonb(NEW);
    new_key := CASE WHEN TG_NARGS = 2 THEN new_data ->> TG_ARGV[0] ELSE history.row_key(new_data, pk) END;
  END IF;
  IF TG_OP = 'UPDATE' AND old_key = new_key AND (old_data - ignored) = (new_data - ignored) THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    -- The open version, found by its unique index (every statement below filters on exactly
    -- table, key and valid_to IS NULL, so none can pick an index that walks this transaction's versions).
    SELECT valid_from INTO open_from FROM history.row_versions WHERE table_name = tbl AND row_pk = old_key AND valid_to IS NULL;
    IF open_from = now() THEN
      -- Begun in this transaction, so nobody else ever saw it: rewrite it, or drop it.
      IF TG_OP = 'UPDATE' AND old_key = new_key THEN
        UPDATE history.row_versions SET data = new_data WHERE table_name = tbl AND row_pk = old_key AND valid_to IS NULL;
        RETURN NULL;
      END IF;
      DELETE FROM history.row_versions WHERE table_name = tbl AND row_pk = old_key AND valid_to IS NULL;
    ELSE
      UPDATE history.row_versions SET valid_to = now() WHERE table_name = tbl AND row_pk = old_key AND valid_to IS NULL;
    END IF;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO history.row_versions (table_name, row_pk, valid_from, valid_to, data) VALUES (tbl, new_key, now(), NULL, new_data);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- (Re)creates schema as_of: one view per tracked table, same name and columns as the public table.
CREATE FUNCTION history.refresh_views() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  t record;
BEGIN
  DROP SCHEMA IF EXISTS as_of CASCADE;
  CREATE SCHEMA as_of;
  FOR t IN SELECT table_name FROM history.tracked_tables ORDER BY table_name LOOP
    EXECUTE format(
      'CREATE VIEW as_of.%1$I AS SELECT r.* FROM history.row_versions v CROSS JOIN LATERAL jsonb_populate_record(NULL::public.%1$I, v.data) r '
      'WHERE v.table_name = %1$L AND v.valid_from <= current_setting(''steward.as_of'')::timestamptz '
      'AND (v.valid_to IS NULL OR v.valid_to > current_setting(''steward.as_of'')::timestamptz)',
      t.table_name);
  END LOOP;
END
$$;
--> statement-breakpoint
-- Starts tracking a table: its trigger, and its current rows as versions valid from the start of history.
CREATE FUNCTION history.track_table(name text, pk_columns text[], ignored_columns text[] DEFAULT '{}') RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO history.tracked_tables VALUES (name, pk_columns, ignored_columns);
  EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON public.%I FOR EACH ROW EXECUTE FUNCTION history.track(%s)',
    name || '_history', name,
    (SELECT string_agg(quote_literal(c), ', ') FROM unnest(pk_columns || ignored_columns::text) c));
  EXECUTE format('INSERT INTO history.row_versions (table_name, row_pk, valid_from, valid_to, data) '
    'SELECT %L, history.row_key(to_jsonb(t), %L), (SELECT started_at FROM history.meta), NULL, to_jsonb(t) FROM public.%I t',
    name, pk_columns, name);
END
$$;
--> statement-breakpoint
SELECT history.track_table('credentials', '{id}');
--> statement-breakpoint
SELECT history.track_table('secrets', '{id}');
--> statement-breakpoint
SELECT history.track_table('credential_grants', '{id}');
--> statement-breakpoint
SELECT history.track_table('credential_grant_scopes', '{grant_id,scope_id}');
--> statement-breakpoint
SELECT history.track_table('credential_applications', '{credential_id,application_id}');
--> statement-breakpoint
SELECT history.track_table('applications', '{id}');
--> statement-breakpoint
SELECT history.track_table('apis', '{id}');
--> statement-breakpoint
SELECT history.track_table('api_scopes', '{id}');
--> statement-breakpoint
SELECT history.track_table('authorization_servers', '{id}');
--> statement-breakpoint
SELECT history.track_table('teams', '{id}');
--> statement-breakpoint
SELECT history.track_table('people', '{id}');
--> statement-breakpoint
SELECT history.track_table('team_members', '{team_id,person_id}');
--> statement-breakpoint
SELECT history.track_table('findings', '{id}');
--> statement-breakpoint
SELECT history.track_table('finding_exceptions', '{id}');
--> statement-breakpoint
SELECT history.track_table('credential_posture', '{credential_id}', '{checked_at}');
--> statement-breakpoint
SELECT history.track_table('rotation_policies', '{id}');
--> statement-breakpoint
SELECT history.track_table('rotation_requests', '{id}');
--> statement-breakpoint
SELECT history.track_table('rotation_approvals', '{request_id,approver_id}');
--> statement-breakpoint
SELECT history.track_table('reviews', '{id}');
--> statement-breakpoint
SELECT history.track_table('leak_incidents', '{id}');
--> statement-breakpoint
SELECT history.refresh_views();
