import "server-only";
import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { rowsOf } from "@/db/client";
import { lockAuditChain } from "@/db/queries/audit";
import type { UsageEvent } from "@/lib/domain/usage/events";
import { subjectOf } from "@/lib/domain/usage/rollup";
import { audited } from "@/lib/server/audited";
import { auditContext, type RequestContext } from "@/lib/server/context";
import { markPostureStale } from "@/lib/server/posture/sweep";
import { markGrantScopesUsed } from "@/lib/server/commands/usage";
import { arrayLiteral } from "@/db/pg-arrays";

/**
 * Usage ingest (DESIGN §8.7): one request's events in one audited transaction. Node resolves the
 * batch's clients, keys and audiences to inventory ids and ships the events as one array parameter
 * per column; one statement then inserts the raw rows (ON CONFLICT DO NOTHING on the event id, so a
 * re-send is a no-op) and, from the rows that were new, upserts the rollups (usage_daily,
 * usage_clients) and answers the scope uses and counts. Then grant scopes' last use moves,
 * credentials with new day-level evidence are queued for the posture sweep, and one
 * `usage.ingested` event is written. A failure anywhere rolls the whole request back.
 *
 * The rollup runs in the database, beside the rows it reads, because shipping the new events back to
 * Node and the rollup rows back again was most of the Node process's time (issue 14's ingest
 * target). `rollUp` and `scopeUses` in lib/domain/usage/rollup.ts stay the specification: the
 * integration test checks this statement's rollups against them on both drivers.
 */
export type IngestResult = { received: number; accepted: number; duplicates: number };

const json = (v: unknown) => JSON.stringify(v);
/** The issuer as Steward compares it: a trailing slash is the same issuer. */
const issuerKey = (issuer: string) => issuer.replace(/\/+$/, "");

/** Each event's credential and API ids (null = not in the inventory), by position: three statements, whatever the batch size. */
type Resolution = { credentialIds: (string | null)[]; apiIds: (string | null)[] };

async function resolve(tx: Tx, events: readonly UsageEvent[]): Promise<Resolution> {
  const pairs = new Map<string, { issuer: string; client_id: string }>();
  const bareClients = new Set<string>();
  const keys = new Set<string>();
  const audiences = new Set<string>();
  for (const e of events) {
    if (e.clientId !== null && e.issuer !== null) {
      const issuer = issuerKey(e.issuer);
      const pair = `${issuer} ${e.clientId}`;
      if (!pairs.has(pair)) pairs.set(pair, { issuer, client_id: e.clientId });
    } else if (e.clientId !== null) bareClients.add(e.clientId);
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
  const credentialIds = new Array<string | null>(events.length);
  const apiIds = new Array<string | null>(events.length);
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as UsageEvent;
    const viaClient = e.clientId === null ? undefined : e.issuer !== null ? byPair.get(`${issuerKey(e.issuer)} ${e.clientId}`) : byBareClient.get(e.clientId);
    credentialIds[i] = viaClient ?? (e.credentialKey === null ? undefined : byKey.get(e.credentialKey)) ?? null;
    apiIds[i] = e.audience === null ? null : (byAudience.get(e.audience) ?? null);
  }
  return { credentialIds, apiIds };
}

const column = (events: readonly UsageEvent[], pick: (e: UsageEvent, i: number) => string | number | null) => arrayLiteral(events.map(pick));

type BatchRow = {
  accepted: number;
  token_issued: number;
  allowed: number;
  denied: number;
  credentials: number;
  daily_rows: number;
  unknown_clients: number;
  first_of_day: string[] | null;
  use_credential_ids: string | null;
  use_api_ids: string | null;
  use_scopes: string | null;
  use_at: string | null;
  uses: number;
};

/**
 * The one set-based statement: raw rows in event-id order (two requests re-sending the same events
 * wait on each other in the same order instead of deadlocking); then, from the rows that were new
 * (`fresh`), one rollup row per day × subject × audience × scope and one per client, each upserted in
 * key order for the same reason. A row's issuer and client id are the least its events name, across
 * batches too, as in `rollUp`: how events were split into requests does not show in the rollups.
 * Scope uses (as `scopeUses` counts them) come back as array literals for the last-used update.
 */
async function insertAndRollUp(tx: Tx, events: readonly UsageEvent[], resolution: Resolution, now: Date): Promise<BatchRow> {
  const { credentialIds, apiIds } = resolution;
  const [row] = rowsOf<BatchRow>(
    await tx.execute(sql`
      with r as (
        select * from unnest(${column(events, (e) => e.eventId)}::text[], ${column(events, (e) => e.source)}::text[], ${column(events, (e) => e.kind)}::text[],
                             ${column(events, (e) => e.occurredAt.toISOString())}::timestamptz[], ${column(events, (e) => e.issuer)}::text[], ${column(events, (e) => e.clientId)}::text[],
                             ${arrayLiteral(credentialIds)}::uuid[], ${column(events, (e) => e.audience)}::text[], ${arrayLiteral(apiIds)}::uuid[],
                             ${column(events, (e) => arrayLiteral(e.scopes))}::text[], ${column(events, (e) => e.decision)}::text[], ${column(events, (e) => e.reason)}::text[],
                             ${column(events, (e) => e.expiresInSeconds)}::integer[],
                             ${column(events, (e, i) => subjectOf({ credentialId: credentialIds[i] ?? null, issuer: e.issuer, clientId: e.clientId, credentialKey: e.credentialKey }))}::text[])
                 as r(event_id, source, kind, occurred_at, issuer, client_id, credential_id, audience, api_id, scopes, decision, reason, expires_in_seconds, subject)
      ), ins as (
        insert into usage_events (event_id, source, kind, occurred_at, received_at, issuer, client_id, credential_id, audience, api_id, scopes, decision, reason, expires_in_seconds)
        select r.event_id, r.source, r.kind::usage_event_kind, r.occurred_at, ${now.toISOString()}::timestamptz, r.issuer, r.client_id, r.credential_id, r.audience, r.api_id,
               r.scopes::text[], r.decision::usage_decision, r.reason, r.expires_in_seconds
        from r order by r.event_id
        on conflict (event_id) do nothing
        returning event_id
      ), fresh as (
        select r.* from r join ins on ins.event_id = r.event_id
      ), x as (
        select f.*, (f.occurred_at at time zone 'UTC')::date as day, coalesce(f.audience, '') as audience_key, s.scope
        from fresh f cross join lateral unnest(case when f.kind = 'token_issued' then '{""}'::text[] || f.scopes::text[] else f.scopes::text[] end) as s(scope)
      ), d as (
        insert into usage_daily (day, subject, credential_id, issuer, client_id, audience, api_id, scope, issued, allowed, denied, first_seen_at, last_seen_at, max_ttl_seconds)
        select x.day, x.subject, min(x.credential_id::text)::uuid, coalesce(min(x.issuer collate "C"), ''), coalesce(min(x.client_id collate "C"), ''),
               x.audience_key, min(x.api_id::text)::uuid, x.scope,
               count(*) filter (where x.kind = 'token_issued'), count(*) filter (where x.kind = 'api_decision' and x.decision = 'allow'),
               count(*) filter (where x.kind = 'api_decision' and x.decision is distinct from 'allow'), min(x.occurred_at), max(x.occurred_at), max(x.expires_in_seconds)
        from x
        group by x.day, x.subject, x.audience_key, x.scope
        order by x.day, x.subject, x.audience_key, x.scope
        on conflict (day, subject, audience, scope) do update set
          issued = usage_daily.issued + excluded.issued,
          allowed = usage_daily.allowed + excluded.allowed,
          denied = usage_daily.denied + excluded.denied,
          first_seen_at = least(usage_daily.first_seen_at, excluded.first_seen_at),
          last_seen_at = greatest(usage_daily.last_seen_at, excluded.last_seen_at),
          max_ttl_seconds = greatest(usage_daily.max_ttl_seconds, excluded.max_ttl_seconds),
          issuer = coalesce(least(nullif(usage_daily.issuer, '') collate "C", nullif(excluded.issuer, '')), ''),
          client_id = coalesce(least(nullif(usage_daily.client_id, '') collate "C", nullif(excluded.client_id, '')), ''),
          credential_id = coalesce(usage_daily.credential_id, excluded.credential_id),
          api_id = coalesce(usage_daily.api_id, excluded.api_id)
        returning credential_id, (xmax = 0) as inserted
      ), c as (
        insert into usage_clients (issuer, client_id, credential_id, first_seen_at, last_seen_at, events, audiences)
        select coalesce(f.issuer, ''), f.client_id, min(f.credential_id::text)::uuid,
               min(f.occurred_at), max(f.occurred_at), count(*), coalesce(array_agg(distinct f.audience order by f.audience) filter (where f.audience is not null), '{}')
        from fresh f
        where f.client_id is not null
        group by coalesce(f.issuer, ''), f.client_id
        order by coalesce(f.issuer, ''), f.client_id
        on conflict (issuer, client_id) do update set
          credential_id = excluded.credential_id,
          first_seen_at = least(usage_clients.first_seen_at, excluded.first_seen_at),
          last_seen_at = greatest(usage_clients.last_seen_at, excluded.last_seen_at),
          events = usage_clients.events + excluded.events,
          audiences = (select coalesce(array_agg(distinct a order by a), '{}') from unnest(usage_clients.audiences || excluded.audiences) as a)
        returning credential_id
      ), u as (
        -- An audience Steward does not know names no grant; no audience (a token without one) may be any of the credential's APIs.
        select f.credential_id, f.api_id, s.scope, max(f.occurred_at) as at
        from fresh f cross join lateral unnest(f.scopes::text[]) as s(scope)
        where f.credential_id is not null and (f.kind = 'token_issued' or f.decision = 'allow') and (f.audience is null or f.api_id is not null)
        group by f.credential_id, f.api_id, s.scope
      )
      select (select count(*)::int from fresh) as accepted,
             (select count(*)::int from fresh where kind = 'token_issued') as token_issued,
             (select count(*)::int from fresh where decision = 'allow') as allowed,
             (select count(*)::int from fresh where decision = 'deny') as denied,
             (select count(distinct credential_id)::int from fresh) as credentials,
             (select count(*)::int from d) as daily_rows,
             (select count(*)::int from c where credential_id is null) as unknown_clients,
             (select array_agg(distinct credential_id::text) from d where inserted and credential_id is not null) as first_of_day,
             (select count(*)::int from u) as uses,
             (select array_agg(credential_id order by credential_id, api_id, scope)::text from u) as use_credential_ids,
             (select array_agg(api_id order by credential_id, api_id, scope)::text from u) as use_api_ids,
             (select array_agg(scope order by credential_id, api_id, scope)::text from u) as use_scopes,
             (select array_agg(at order by credential_id, api_id, scope)::text from u) as use_at`),
  );
  if (!row) throw new Error("ingest statement answered no row");
  return row;
}

/** Milliseconds per ingest phase, summed over calls (the benchmark reads it). */
export type IngestPhases = Record<string, number>;

/** The first event of each id: the same id twice in one batch is one event, as a re-send would be. */
function firstOfEachId(events: readonly UsageEvent[]): readonly UsageEvent[] {
  const seen = new Set<string>();
  const out: UsageEvent[] = [];
  for (const e of events) {
    if (seen.has(e.eventId)) continue;
    seen.add(e.eventId);
    out.push(e);
  }
  return out.length === events.length ? events : out;
}

export async function ingestUsageEvents(db: Db, ctx: RequestContext, source: string, events: readonly UsageEvent[], now: Date = new Date(), phases?: IngestPhases): Promise<IngestResult> {
  let mark = performance.now();
  const lap = (name: string) => {
    if (!phases) return;
    const t = performance.now();
    phases[name] = (phases[name] ?? 0) + (t - mark);
    mark = t;
  };
  const received = events.length;
  const unique = firstOfEachId(events);
  return audited(db, auditContext(ctx), async (tx, audit) => {
    // The statements below are short and their row estimates (unnest of parameters) are guesses: a
    // just-in-time compilation the planner would buy for them costs more than it saves (about a second
    // per batch on PostgreSQL 15, for a statement that runs in a tenth of that).
    await tx.execute(sql`set local jit = off`);
    lap("begin");
    const resolution = await resolve(tx, unique);
    lap("resolve");
    const batch = unique.length > 0 ? await insertAndRollUp(tx, unique, resolution, now) : null;
    lap("raw insert and rollups");
    // From here on the inventory's rows: the audit chain's lock first, as every command takes it (at
    // its audit event) before it writes, so an edit and an ingest never hold one lock each and wait for
    // the other's. It is held until commit, so concurrent senders queue only for this short tail;
    // everything above (resolution, raw rows, rollups) runs side by side.
    await lockAuditChain(tx);
    lap("audit lock");
    // Granted scopes these events used move their `last_used_at` forward (the usage command owns the write).
    const scopes =
      batch && batch.uses > 0
        ? await markGrantScopesUsed(tx, { credentialIds: batch.use_credential_ids ?? "{}", apiIds: batch.use_api_ids ?? "{}", scopes: batch.use_scopes ?? "{}", at: batch.use_at ?? "{}" })
        : { moved: 0, firstUse: new Set<string>() };
    lap("last used");
    // Usage rules read day-granular evidence (rollup rows, "last used"): a credential is queued for the
    // posture sweep when this batch gave it a new rollup row (first event of a day × API × scope: a new
    // audience or scope shows here too) or a scope's first use. The rules run at the sweep's next tick
    // (SCHEDULER_INTERVAL_SECONDS, 60 s by default), not in this request: a busy day's first batch
    // would otherwise re-evaluate every credential while holding the rows other senders wait for.
    const queued = [...new Set([...(batch?.first_of_day ?? []), ...scopes.firstUse])];
    await markPostureStale(tx, queued);
    lap("posture queue");
    const accepted = batch?.accepted ?? 0;
    await audit({
      action: "usage.ingested",
      targetType: "usage_events",
      payload: {
        source,
        received,
        accepted,
        duplicates: received - accepted,
        tokenIssued: batch?.token_issued ?? 0,
        allowed: batch?.allowed ?? 0,
        denied: batch?.denied ?? 0,
        credentials: batch?.credentials ?? 0,
        unknownClients: batch?.unknown_clients ?? 0,
        rollupRows: batch?.daily_rows ?? 0,
        scopesMarkedUsed: scopes.moved,
        postureQueued: queued.length,
      },
    });
    lap("audit");
    return { received, accepted, duplicates: received - accepted };
  }).finally(() => lap("commit"));
}
