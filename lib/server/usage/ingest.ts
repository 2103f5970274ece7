import "server-only";
import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { rowsOf } from "@/db/client";
import { lockAuditChain } from "@/db/queries/audit";
import type { UsageEvent } from "@/lib/domain/usage/events";
import { rollUp, scopeUses, type ClientRow, type DailyRow, type ResolvedEvent } from "@/lib/domain/usage/rollup";
import { audited } from "@/lib/server/audited";
import { auditContext, type RequestContext } from "@/lib/server/context";
import { markPostureStale } from "@/lib/server/posture/sweep";
import { markGrantScopesUsed } from "@/lib/server/commands/usage";
import { arrayLiteral } from "@/db/pg-arrays";

/**
 * Usage ingest (DESIGN §8.7): one request's events in one audited transaction — raw rows inserted
 * set-based (ON CONFLICT DO NOTHING on the event id, so a re-send is a no-op), then only the rows
 * that were new rolled up in memory and upserted (usage_daily, usage_clients), grant scopes' last
 * use moved, credentials with new day-level evidence queued for the posture sweep, and one
 * `usage.ingested` event. A failure anywhere rolls the whole request back.
 */
export type IngestResult = { received: number; accepted: number; duplicates: number };

const json = (v: unknown) => JSON.stringify(v);
/** The issuer as Steward compares it: a trailing slash is the same issuer. */
const issuerKey = (issuer: string) => issuer.replace(/\/+$/, "");

/** Credential and API ids for the batch's clients, credential keys and audiences: three statements, whatever the batch size. */
async function resolve(tx: Tx, events: readonly UsageEvent[]): Promise<ResolvedEvent[]> {
  const pairs = new Map<string, { issuer: string; client_id: string }>();
  const bareClients = new Set<string>();
  const keys = new Set<string>();
  const audiences = new Set<string>();
  for (const e of events) {
    if (e.clientId !== null && e.issuer !== null) pairs.set(`${issuerKey(e.issuer)} ${e.clientId}`, { issuer: issuerKey(e.issuer), client_id: e.clientId });
    else if (e.clientId !== null) bareClients.add(e.clientId);
    if (e.credentialKey !== null) keys.add(e.credentialKey);
    if (e.audience !== null) audiences.add(e.audience);
  }
  const byPair = new Map<string, string>();
  const byBareClient = new Map<string, string>();
  const byKey = new Map<string, string>();
  const byAudience = new Map<string, string>();
  if (pairs.size > 0) {
    const rows = rowsOf<{ issuer: string; client_id: string; id: string }>(
      await tx.execute(sql`
        select v.issuer, v.client_id, c.id
        from jsonb_to_recordset(${json([...pairs.values()])}::jsonb) as v(issuer text, client_id text)
        join authorization_servers s on rtrim(s.issuer_url, '/') = v.issuer
        join credentials c on c.authorization_server_id = s.id and c.client_id = v.client_id`),
    );
    for (const r of rows) byPair.set(`${r.issuer} ${r.client_id}`, r.id);
  }
  if (bareClients.size > 0) {
    // Without an issuer a client id names a credential only when exactly one has it.
    const rows = rowsOf<{ client_id: string; id: string }>(
      await tx.execute(sql`
        select c.client_id, min(c.id::text) as id
        from credentials c
        where c.client_id in (select jsonb_array_elements_text(${json([...bareClients])}::jsonb))
        group by c.client_id having count(*) = 1`),
    );
    for (const r of rows) byBareClient.set(r.client_id, r.id);
  }
  if (keys.size > 0) {
    const rows = rowsOf<{ key: string; id: string }>(await tx.execute(sql`select key, id from credentials where key in (select jsonb_array_elements_text(${json([...keys])}::jsonb))`));
    for (const r of rows) byKey.set(r.key, r.id);
  }
  if (audiences.size > 0) {
    const rows = rowsOf<{ audience: string; id: string }>(await tx.execute(sql`select audience, id from apis where audience in (select jsonb_array_elements_text(${json([...audiences])}::jsonb))`));
    for (const r of rows) byAudience.set(r.audience, r.id);
  }
  return events.map((e) => {
    const viaClient = e.clientId === null ? undefined : e.issuer !== null ? byPair.get(`${issuerKey(e.issuer)} ${e.clientId}`) : byBareClient.get(e.clientId);
    const viaKey = e.credentialKey === null ? undefined : byKey.get(e.credentialKey);
    return { ...e, credentialId: viaClient ?? viaKey ?? null, apiId: e.audience === null ? null : (byAudience.get(e.audience) ?? null) };
  });
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const column = <T>(rows: readonly T[], pick: (row: T) => string | number | null) => arrayLiteral(rows.map(pick));

/**
 * Raw rows in one statement (one array parameter per column, unnested); answers the event ids that
 * were new. In event-id order, so two requests re-sending the same events wait on each other in
 * the same order instead of deadlocking.
 */
async function insertRaw(tx: Tx, events: readonly ResolvedEvent[], now: Date): Promise<Set<string>> {
  const rows = [...events].sort((a, b) => byText(a.eventId, b.eventId));
  const inserted = rowsOf<{ event_id: string }>(
    await tx.execute(sql`
      insert into usage_events (event_id, source, kind, occurred_at, received_at, issuer, client_id, credential_id, audience, api_id, scopes, decision, reason, expires_in_seconds)
      select r.event_id, r.source, r.kind::usage_event_kind, r.occurred_at, ${now.toISOString()}::timestamptz, r.issuer, r.client_id, r.credential_id, r.audience, r.api_id,
             r.scopes::text[], r.decision::usage_decision, r.reason, r.expires_in_seconds
      from unnest(${column(rows, (e) => e.eventId)}::text[], ${column(rows, (e) => e.source)}::text[], ${column(rows, (e) => e.kind)}::text[],
                  ${column(rows, (e) => e.occurredAt.toISOString())}::timestamptz[], ${column(rows, (e) => e.issuer)}::text[], ${column(rows, (e) => e.clientId)}::text[],
                  ${column(rows, (e) => e.credentialId)}::uuid[], ${column(rows, (e) => e.audience)}::text[], ${column(rows, (e) => e.apiId)}::uuid[],
                  ${column(rows, (e) => arrayLiteral(e.scopes))}::text[], ${column(rows, (e) => e.decision)}::text[], ${column(rows, (e) => e.reason)}::text[],
                  ${column(rows, (e) => e.expiresInSeconds)}::integer[]) with ordinality
             as r(event_id, source, kind, occurred_at, issuer, client_id, credential_id, audience, api_id, scopes, decision, reason, expires_in_seconds, n)
      order by r.n
      on conflict (event_id) do nothing
      returning event_id`),
  );
  return new Set(inserted.map((r) => r.event_id));
}

const dailyKey = (r: DailyRow) => `${r.day}\u0000${r.subject}\u0000${r.audience}\u0000${r.scope}`;
const clientKey = (r: ClientRow) => `${r.issuer}\u0000${r.clientId}`;

async function upsertRollups(tx: Tx, events: readonly ResolvedEvent[]) {
  const { daily, clients } = rollUp(events);
  // One row per key (rolled up in memory), in a fixed key order: concurrent requests touching the
  // same keys take their row locks in the same order, so they queue instead of deadlocking.
  daily.sort((a, b) => byText(dailyKey(a), dailyKey(b)));
  clients.sort((a, b) => byText(clientKey(a), clientKey(b)));
  const firstOfDay = new Set<string>();
  if (daily.length > 0) {
    const upserted = rowsOf<{ credential_id: string | null; inserted: boolean }>(await tx.execute(sql`
      insert into usage_daily (day, subject, credential_id, issuer, client_id, audience, api_id, scope, issued, allowed, denied, first_seen_at, last_seen_at, max_ttl_seconds)
      select r.day, r.subject, r.credential_id, r.issuer, r.client_id, r.audience, r.api_id, r.scope, r.issued, r.allowed, r.denied, r.first_seen_at, r.last_seen_at, r.max_ttl_seconds
      from unnest(${column(daily, (r) => r.day)}::date[], ${column(daily, (r) => r.subject)}::text[], ${column(daily, (r) => r.credentialId)}::uuid[],
                  ${column(daily, (r) => r.issuer)}::text[], ${column(daily, (r) => r.clientId)}::text[], ${column(daily, (r) => r.audience)}::text[],
                  ${column(daily, (r) => r.apiId)}::uuid[], ${column(daily, (r) => r.scope)}::text[], ${column(daily, (r) => r.issued)}::integer[],
                  ${column(daily, (r) => r.allowed)}::integer[], ${column(daily, (r) => r.denied)}::integer[], ${column(daily, (r) => r.firstSeenAt)}::timestamptz[],
                  ${column(daily, (r) => r.lastSeenAt)}::timestamptz[], ${column(daily, (r) => r.maxTtlSeconds)}::integer[]) with ordinality
             as r(day, subject, credential_id, issuer, client_id, audience, api_id, scope, issued, allowed, denied, first_seen_at, last_seen_at, max_ttl_seconds, n)
      order by r.n
      on conflict (day, subject, audience, scope) do update set
        issued = usage_daily.issued + excluded.issued,
        allowed = usage_daily.allowed + excluded.allowed,
        denied = usage_daily.denied + excluded.denied,
        first_seen_at = least(usage_daily.first_seen_at, excluded.first_seen_at),
        last_seen_at = greatest(usage_daily.last_seen_at, excluded.last_seen_at),
        max_ttl_seconds = greatest(usage_daily.max_ttl_seconds, excluded.max_ttl_seconds),
        credential_id = coalesce(usage_daily.credential_id, excluded.credential_id),
        api_id = coalesce(usage_daily.api_id, excluded.api_id)
      returning credential_id, (xmax = 0) as inserted`));
    for (const r of upserted) if (r.inserted && r.credential_id) firstOfDay.add(r.credential_id);
  }
  if (clients.length > 0) {
    await tx.execute(sql`
      insert into usage_clients (issuer, client_id, credential_id, first_seen_at, last_seen_at, events, audiences)
      select r.issuer, r.client_id, r.credential_id, r.first_seen_at, r.last_seen_at, r.events, r.audiences::text[]
      from unnest(${column(clients, (r) => r.issuer)}::text[], ${column(clients, (r) => r.clientId)}::text[], ${column(clients, (r) => r.credentialId)}::uuid[],
                  ${column(clients, (r) => r.firstSeenAt)}::timestamptz[], ${column(clients, (r) => r.lastSeenAt)}::timestamptz[], ${column(clients, (r) => r.events)}::integer[],
                  ${column(clients, (r) => arrayLiteral(r.audiences))}::text[]) with ordinality
             as r(issuer, client_id, credential_id, first_seen_at, last_seen_at, events, audiences, n)
      order by r.n
      on conflict (issuer, client_id) do update set
        credential_id = excluded.credential_id,
        first_seen_at = least(usage_clients.first_seen_at, excluded.first_seen_at),
        last_seen_at = greatest(usage_clients.last_seen_at, excluded.last_seen_at),
        events = usage_clients.events + excluded.events,
        audiences = (select coalesce(array_agg(distinct a order by a), '{}') from unnest(usage_clients.audiences || excluded.audiences) as a)`);
  }
  return { dailyRows: daily.length, clients: clients.length, unknownClients: clients.filter((c) => !c.credentialId).length, firstOfDay };
}

/** Milliseconds per ingest phase, summed over calls (the benchmark reads it). */
export type IngestPhases = Record<string, number>;

export async function ingestUsageEvents(db: Db, ctx: RequestContext, source: string, events: readonly UsageEvent[], now: Date = new Date(), phases?: IngestPhases): Promise<IngestResult> {
  let mark = performance.now();
  const lap = (name: string) => {
    if (!phases) return;
    const t = performance.now();
    phases[name] = (phases[name] ?? 0) + (t - mark);
    mark = t;
  };
  const received = events.length;
  // The same id twice in one batch is one event, as a re-send would be.
  const unique = [...new Map(events.map((e) => [e.eventId, e])).values()];
  return audited(db, auditContext(ctx), async (tx, audit) => {
    lap("begin");
    const resolved = await resolve(tx, unique);
    lap("resolve");
    const fresh = resolved.length > 0 ? await insertRaw(tx, resolved, now) : new Set<string>();
    lap("raw insert");
    const added = resolved.filter((e) => fresh.has(e.eventId));
    const rollups = await upsertRollups(tx, added);
    lap("rollups");
    // From here on the inventory's rows: the audit chain's lock first, as every command takes it (at
    // its audit event) before it writes, so an edit and an ingest never hold one lock each and wait for
    // the other's. It is held until commit, so concurrent senders queue only for this short tail;
    // everything above (resolution, raw rows, rollups) runs side by side.
    await lockAuditChain(tx);
    lap("audit lock");
    // Granted scopes these events used move their `last_used_at` forward (the usage command owns the write).
    const scopes = await markGrantScopesUsed(tx, scopeUses(added));
    lap("last used");
    const credentialIds = [...new Set(added.flatMap((e) => (e.credentialId ? [e.credentialId] : [])))].sort();
    // Usage rules read day-granular evidence (rollup rows, "last used"): a credential is queued for the
    // posture sweep when this batch gave it a new rollup row (first event of a day × API × scope: a new
    // audience or scope shows here too) or a scope's first use. The rules run at the sweep's next tick
    // (SCHEDULER_INTERVAL_SECONDS, 60 s by default), not in this request: a busy day's first batch
    // would otherwise re-evaluate every credential while holding the rows other senders wait for.
    const queued = [...new Set([...rollups.firstOfDay, ...scopes.firstUse])];
    await markPostureStale(tx, queued);
    lap("posture queue");
    const accepted = added.length;
    await audit({
      action: "usage.ingested",
      targetType: "usage_events",
      payload: {
        source,
        received,
        accepted,
        duplicates: received - accepted,
        tokenIssued: added.filter((e) => e.kind === "token_issued").length,
        allowed: added.filter((e) => e.decision === "allow").length,
        denied: added.filter((e) => e.decision === "deny").length,
        credentials: credentialIds.length,
        unknownClients: rollups.unknownClients,
        rollupRows: rollups.dailyRows,
        scopesMarkedUsed: scopes.moved,
        postureQueued: queued.length,
      },
    });
    lap("audit");
    return { received, accepted, duplicates: received - accepted };
  }).finally(() => lap("commit"));
}
