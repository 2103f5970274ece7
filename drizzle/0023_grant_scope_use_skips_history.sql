-- Moving a granted scope's last use forward writes no point-in-time version (0020), but the row
-- trigger still ran for each of the ~1,600 grant scopes an ingest batch of 5,000 events moves: a
-- PL/pgSQL call that turned both rows into JSON to find nothing to record. Updates now fire it only
-- when something besides `last_used_at` changed (a generic comparison, so a column added later is
-- tracked without touching this); inserts and deletes fire it as before.
DROP TRIGGER credential_grant_scopes_history ON public.credential_grant_scopes;
--> statement-breakpoint
CREATE TRIGGER credential_grant_scopes_history AFTER INSERT OR DELETE ON public.credential_grant_scopes FOR EACH ROW EXECUTE FUNCTION history.track('grant_id', 'scope_id', '{last_used_at}');
--> statement-breakpoint
CREATE TRIGGER credential_grant_scopes_history_update AFTER UPDATE ON public.credential_grant_scopes FOR EACH ROW
  WHEN ((to_jsonb(OLD.*) - 'last_used_at') IS DISTINCT FROM (to_jsonb(NEW.*) - 'last_used_at'))
  EXECUTE FUNCTION history.track('grant_id', 'scope_id', '{last_used_at}');
