/**
 * What the generator needs from a database client: one-statement `unsafe` calls that report the
 * rows they touched, and a transaction. A postgres.js `Sql` is one as it is (the PostgreSQL benchmarks
 * pass theirs unchanged); `npm run bench:embedded` passes a thin adapter over PGlite, so both
 * databases are filled by the same statements.
 */
export type SeedStatements = { unsafe: (statement: string) => PromiseLike<{ count: number }> };
export type SeedSql = SeedStatements & { begin: (run: (tx: SeedStatements) => Promise<void>) => PromiseLike<unknown> };

/**
 * Set-based benchmark data: every table is filled by one INSERT … SELECT over generate_series,
 * so 100,000 credentials take seconds, not minutes. Values are derived from the row number, so
 * two runs produce the same shape. Nothing here is a secret: fingerprints are hashes of counters.
 */
export type SeedShape = { credentials: number; teams: number; people: number; apis: number; applications: number };

export const defaultShape = (credentials: number): SeedShape => ({
  credentials,
  teams: 60,
  people: Math.max(200, Math.round(credentials / 50)),
  apis: 200,
  applications: Math.max(300, Math.round(credentials / 33)),
});

const words = ["Payments", "CRM", "HR", "Signing", "Ledger", "Billing", "Claims", "Orders", "Catalog", "Shipping", "Warehouse", "Fraud", "KYC", "Payroll", "Documents", "Notifications", "Observability", "SCIM", "Mainframe", "Mobile"];
const roles = ["sync", "worker", "connector", "gateway", "exporter", "importer", "scheduler", "bot", "agent", "bridge"];
const firsts = ["Amara", "Bastian", "Chiara", "Dmitri", "Elif", "Farid", "Greta", "Hiroshi", "Ines", "Jonas", "Kavya", "Liam", "Mei", "Nikolai", "Priya", "Rosa", "Sven", "Umar", "Yusuf", "Zoe"];
const lasts = ["Okafor", "Lindqvist", "Moreau", "Petrov", "Yilmaz", "Haddad", "Schulz", "Tanaka", "Ferreira", "Berg", "Iyer", "Chen", "Volkov", "Raman", "Laurent", "Navarro", "Nilsson", "Hughes", "Romano", "Castillo"];

const arr = (items: readonly string[]) => `(array[${items.map((w) => `'${w.replace(/'/g, "''")}'`).join(",")}])`;

export type SeedTimings = { step: string; ms: number; rows: number }[];

/** Fills an empty, migrated database. Returns per-step timings. */
export async function seedBenchData(sql: SeedSql, shape: SeedShape): Promise<SeedTimings> {
  const timings: SeedTimings = [];
  const { credentials: n, teams: t, people: p, apis: a, applications: ap } = shape;
  await sql.begin(async (tx) => {
    const step = async (name: string, statement: string) => {
      const started = performance.now();
      const result = await tx.unsafe(statement);
      timings.push({ step: name, ms: performance.now() - started, rows: result.count });
    };
    // Arrays of ids by ordinal, so generated rows can refer to each other without joins.
    const ids = (table: string, order: string, like: string, column = "key") =>
      `(select array_agg(id order by ${order}) from ${table} where ${column} like '${like}')`;

    await step(
      "teams",
      `insert into teams (key, name, kind)
       select 'bench-team-' || i, ${arr(words)}[1 + i % 20] || ' team ' || i,
         (case i % 10 when 0 then 'platform' when 1 then 'security' when 2 then 'identity-governance' when 3 then 'vendor-management' else 'application' end)::team_kind
       from generate_series(1, ${t}) i`,
    );
    await step(
      "people",
      `insert into people (email, name, is_active)
       select 'person' || i || '@bench.example', ${arr(firsts)}[1 + i % 20] || ' ' || ${arr(lasts)}[1 + (i / 20) % 20] || ' ' || i, i % 20 <> 0
       from generate_series(1, ${p}) i`,
    );
    await step(
      "team_members",
      `insert into team_members (team_id, person_id)
       select tm.a[1 + (i % ${t})], pp.a[i]
       from generate_series(1, ${p}) i, (select ${ids("teams", "key", "bench-team-%")} a) tm, (select ${ids("people", "email", "%@bench.example", "email")} a) pp`,
    );
    await step(
      "authorization_servers",
      `insert into authorization_servers (key, name, issuer_url, token_endpoint, vendor, trust_domain)
       select 'bench-server-' || i, (array['Okta','Entra ID','Keycloak','Auth0','OneSpan Sign'])[i] || ' (bench)',
         'https://idp' || i || '.bench.example', 'https://idp' || i || '.bench.example/oauth2/token',
         (array['Okta','Microsoft','Keycloak','Auth0','OneSpan'])[i], 'bench.example'
       from generate_series(1, 5) i`,
    );
    await step(
      "apis",
      `insert into apis (key, name, audience, trust_zone, sensitivity, owning_team_id)
       select 'bench-api-' || i, ${arr(words)}[1 + i % 20] || ' API ' || i, 'https://api.bench.example/' || i,
         (array['core','pci','hr-restricted','partner-edge','saas-external'])[1 + i % 5],
         (array['low','moderate','high','critical'])[1 + (i / 5) % 4]::sensitivity, tm.a[1 + i % ${t}]
       from generate_series(1, ${a}) i, (select ${ids("teams", "key", "bench-team-%")} a) tm`,
    );
    await step(
      "api_scopes",
      `insert into api_scopes (api_id, name, description, privilege)
       select x.id, s.name, s.name || ' access', s.priv::scope_privilege
       from apis x cross join (values ('read','read'), ('write','write'), ('export','write'), ('admin','admin')) s(name, priv)
       where x.key like 'bench-api-%'`,
    );
    await step(
      "applications",
      `insert into applications (key, name, owning_team_id, environment, trust_zone, third_party, autonomous, status)
       select 'bench-app-' || i, ${arr(words)}[1 + i % 20] || ' ' || ${arr(roles)}[1 + (i / 20) % 10] || ' app ' || i, tm.a[1 + i % ${t}],
         (array['production','staging','development','test'])[1 + i % 4]::environment,
         (array['core','pci','hr-restricted','partner-edge','saas-external'])[1 + (i / 4) % 5],
         i % 15 = 0, i % 3 = 0, (case when i % 40 = 0 then 'retired' else 'active' end)::application_status
       from generate_series(1, ${ap}) i, (select ${ids("teams", "key", "bench-team-%")} a) tm`,
    );
    await step(
      "credentials",
      `insert into credentials (key, kind, name, description, environment, status, client_id, authorization_server_id, grant_types,
         client_auth_method, access_token_ttl_seconds, owner_id, backup_owner_id, owning_team_id, identity_governance_team_id, platform_team_id,
         rotation_owner_id, revocation_owner_id, break_glass_procedure, sdk_name, sdk_version, sdk_owner_id, token_cache, token_persistence,
         logs_redact_tokens, last_reviewed_at, created_at, updated_at)
       select 'bench-cred-' || i,
         (case when i % 10 < 7 then 'oauth_client' when i % 10 = 7 then 'api_key' when i % 10 = 8 then 'service_account_key' else 'certificate' end)::credential_kind,
         ${arr(words)}[1 + i % 20] || ' ' || ${arr(roles)}[1 + (i / 20) % 10] || ' ' || i,
         'Benchmark credential ' || i,
         (array['production','staging','development','test'])[1 + (i / 7) % 4]::environment,
         (case when i % 50 = 0 then 'decommissioned' when i % 77 = 0 then 'suspended' else 'active' end)::credential_status,
         'client-' || i, sv.a[1 + i % 5], array['client_credentials'],
         (array['client_secret_basic','private_key_jwt','client_secret_post','tls_client_auth'])[1 + i % 4]::client_auth_method,
         (array[300,600,900,3600,86400])[1 + i % 5],
         case when i % 25 = 0 then null else pp.a[1 + (i * 7) % ${p}] end,
         case when i % 9 = 0 then null else pp.a[1 + (i * 11 + 3) % ${p}] end,
         tm.a[1 + i % ${t}], tm.a[3], tm.a[1],
         pp.a[1 + (i * 13) % ${p}], pp.a[1 + (i * 17) % ${p}],
         case when i % 6 = 0 then null else 'https://runbooks.bench.example/nhi/' || i end,
         'openid-client', '6.1.' || (i % 8), pp.a[1 + (i * 19) % ${p}],
         (array['in_memory','in_memory','none','disk','shared_cache','unknown'])[1 + i % 6]::token_cache, 'process memory',
         (array['yes','yes','no','unknown'])[1 + i % 4]::tri_state,
         case when i % 8 = 0 then null else now() - make_interval(days => (i * 37) % 400) end,
         now() - make_interval(days => 400 + (i * 13) % 600), now()
       from generate_series(1, ${n}) i,
         (select ${ids("people", "email", "%@bench.example", "email")} a) pp,
         (select ${ids("teams", "key", "bench-team-%")} a) tm,
         (select ${ids("authorization_servers", "key", "bench-server-%")} a) sv`,
    );
    const creds = `(select id, substr(key, 12)::int i from credentials where key like 'bench-cred-%')`;
    await step(
      "credential_applications",
      `insert into credential_applications (credential_id, application_id)
       select c.id, apps.a[1 + ((c.i * 3 + k * 101) % ${ap})]
       from ${creds} c, (select ${ids("applications", "key", "bench-app-%")} a) apps, generate_series(1, 2) k
       where k = 1 or c.i % 5 = 0`,
    );
    await step(
      "secrets",
      `insert into secrets (credential_id, kind, storage, storage_ref, issued_at, expires_at, last_rotated_at, status, fingerprint, created_at)
       select c.id,
         (array['client_secret','private_key','client_secret','certificate'])[1 + c.i % 4]::secret_kind,
         (array['vault','secrets_manager','kms','vault','env_file','ci_variable','vault','config_file'])[1 + (c.i + k) % 8]::secret_storage,
         'vault://kv/bench/' || c.i || '/' || k,
         now() - make_interval(days => case when k = 1 then (c.i * 29) % 420 else 420 + (c.i * 7) % 200 end),
         case when c.i % 7 = 0 then null else now() - make_interval(days => case when k = 1 then (c.i * 29) % 420 else 420 + (c.i * 7) % 200 end) + interval '365 days' end,
         null,
         (case when k = 2 then 'superseded' when c.i % 401 = 0 then 'leaked' else 'active' end)::secret_status,
         case when c.i % 3 = 0 then encode(sha256(convert_to('bench-secret-' || (c.i % 40000) || '-' || k, 'UTF8')), 'hex') end,
         now()
       from ${creds} c, generate_series(1, 2) k
       where k = 1 or c.i % 2 = 0`,
    );
    await step(
      "credential_grants",
      `insert into credential_grants (credential_id, api_id, justification)
       select c.id, aa.a[1 + ((c.i * 13 + k * 37) % ${a})], 'benchmark grant'
       from ${creds} c, (select ${ids("apis", "key", "bench-api-%")} a) aa, generate_series(1, 3) k
       where k <= 1 + c.i % 3`,
    );
    await step(
      "credential_grant_scopes",
      `insert into credential_grant_scopes (grant_id, scope_id)
       select g.id, s.id from credential_grants g join api_scopes s on s.api_id = g.api_id
       where s.name = 'read' or (s.name = 'write' and hashtext(g.id::text) % 2 = 0) or (s.name = 'admin' and hashtext(g.id::text) % 50 = 0)`,
    );
  });
  return timings;
}

/**
 * The derived due columns (DESIGN §4.1) for the shipped policies, in one UPDATE: the policy by
 * environment and highest granted sensitivity; rotation due = earliest over active secrets of
 * min(last rotation or issue + max age, expiry); review due = last review or creation + cadence; a
 * decommissioned credential has nothing due (as recomputeDue writes it).
 * Instants are cut to milliseconds, as the app writes them (JavaScript Dates): the keyset cursor
 * carries an ISO instant, so a microsecond remainder would make a page boundary row repeat.
 * The caller checks a sample against lib/server/inventory/due.ts recomputeDue.
 */
export async function computeDueInSql(sql: SeedStatements): Promise<number> {
  const result = await sql.unsafe(`
    with sens as (
      select g.credential_id, max(array_position(array['low','moderate','high','critical'], x.sensitivity::text)) lvl
      from credential_grants g join apis x on x.id = g.api_id group by g.credential_id
    ), pol as (
      select c.id cid, p.*
      from credentials c left join sens s on s.credential_id = c.id
      join rotation_policies p on p.key = case
        when c.environment = 'production' and coalesce(s.lvl, 0) >= 3 then 'default-production-sensitive'
        when c.environment = 'production' then 'default-production'
        else 'default-non-production' end
    ), rot as (
      select s.credential_id, date_trunc('milliseconds', min(least(coalesce(s.last_rotated_at, s.issued_at) + make_interval(days => pol.max_secret_age_days), coalesce(s.expires_at, 'infinity')))) due
      from secrets s join pol on pol.cid = s.credential_id where s.status = 'active' group by s.credential_id
    )
    update credentials c set
      effective_policy_id = pol.id,
      rotation_due_at = case when c.status = 'decommissioned' then null else rot.due end,
      review_due_at = case when c.status = 'decommissioned' then null
        else date_trunc('milliseconds', coalesce(c.last_reviewed_at, c.created_at) + make_interval(days => coalesce(c.review_cadence_days, pol.review_cadence_days))) end,
      due_soon_days = case when c.status = 'decommissioned' then 30 else (select coalesce(max(o), 0) from unnest(pol.reminder_offsets_days) o) end
    from pol left join rot on rot.credential_id = pol.cid
    where c.id = pol.cid`);
  return result.count;
}
