import "server-only";
import { and, desc, eq, gte, isNull, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { apis, authorizationServers, credentials, usageClients, usageDaily, usageEvents } from "@/db/schema";
import type { UnknownClientCursor } from "@/lib/validation/usage";

/**
 * Reads over the usage evidence (DESIGN §5.4): a credential's use per API and scope, its recent
 * denied decisions (raw events, within their retention), and the clients seen that the inventory
 * does not know. Each is one statement on an index of usage_daily, usage_events or usage_clients.
 */

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export type UsageScopeRow = {
  audience: string;
  scope: string;
  lastUsedAt: Date | null;
  lastDeniedAt: Date | null;
  issued: number;
  allowed: number;
  denied: number;
};

/** Per audience × scope over every day kept: last use (a token carrying it or an allowed decision), last denial, totals. */
export async function usageByScope(q: Queryable, credentialId: string): Promise<UsageScopeRow[]> {
  return q
    .select({
      audience: usageDaily.audience,
      scope: usageDaily.scope,
      lastUsedAt: sql<Date | null>`max(${usageDaily.lastSeenAt}) filter (where ${usageDaily.issued} > 0 or ${usageDaily.allowed} > 0)`.mapWith(usageDaily.lastSeenAt),
      lastDeniedAt: sql<Date | null>`max(${usageDaily.lastSeenAt}) filter (where ${usageDaily.denied} > 0)`.mapWith(usageDaily.lastSeenAt),
      issued: sql<number>`coalesce(sum(${usageDaily.issued}), 0)::int`.mapWith(Number),
      allowed: sql<number>`coalesce(sum(${usageDaily.allowed}), 0)::int`.mapWith(Number),
      denied: sql<number>`coalesce(sum(${usageDaily.denied}), 0)::int`.mapWith(Number),
    })
    .from(usageDaily)
    .where(eq(usageDaily.credentialId, credentialId))
    .groupBy(usageDaily.audience, usageDaily.scope)
    .orderBy(usageDaily.audience, usageDaily.scope);
}

/** The inventory's APIs by audience, to name the rollup's audiences. */
export async function apiNamesFor(q: Queryable, audiences: readonly string[]): Promise<Map<string, { id: string; name: string }>> {
  if (audiences.length === 0) return new Map();
  const rows = await q
    .select({ id: apis.id, name: apis.name, audience: apis.audience })
    .from(apis)
    .where(sql`${apis.audience} in (${sql.join(audiences.map((a) => sql`${a}`), sql`, `)})`);
  return new Map(rows.map((r) => [r.audience, { id: r.id, name: r.name }]));
}

export type UsageDayRow = { day: string; audience: string; scope: string; allowed: number; denied: number };

/** Allowed and denied decisions per day × audience × scope since `since` (the 30-day sparkline). */
export function usageDays(q: Queryable, credentialId: string, since: Date): Promise<UsageDayRow[]> {
  return q
    .select({ day: usageDaily.day, audience: usageDaily.audience, scope: usageDaily.scope, allowed: usageDaily.allowed, denied: usageDaily.denied })
    .from(usageDaily)
    .where(and(eq(usageDaily.credentialId, credentialId), gte(usageDaily.day, isoDay(since)), sql`${usageDaily.allowed} + ${usageDaily.denied} > 0`));
}

/** The latest denied API decisions (raw events kept for the retention window), newest first. */
export function recentDenials(q: Queryable, credentialId: string, limit: number) {
  return q
    .select({ id: usageEvents.eventId, occurredAt: usageEvents.occurredAt, audience: usageEvents.audience, scopes: usageEvents.scopes, reason: usageEvents.reason, source: usageEvents.source })
    .from(usageEvents)
    .where(and(eq(usageEvents.credentialId, credentialId), eq(usageEvents.kind, "api_decision"), eq(usageEvents.decision, "deny")))
    .orderBy(desc(usageEvents.occurredAt), desc(usageEvents.eventId))
    .limit(limit);
}

/**
 * A client seen but not in the inventory (DESIGN §5.4): ingest left it unresolved and, resolved again
 * now by issuer + client id, no credential matches it (one registered since then leaves the list).
 * Issuers are compared without a trailing slash, as OAuth servers differ in writing it.
 */
const issuerOf = (col: SQL | typeof usageClients.issuer) => sql`rtrim(${col}, '/')`;
const unknownClient = and(
  isNull(usageClients.credentialId),
  sql`not exists (select 1 from ${credentials} c join ${authorizationServers} s on s.id = c.authorization_server_id
        where c.client_id = ${usageClients.clientId} and rtrim(s.issuer_url, '/') = ${issuerOf(usageClients.issuer)})`,
);


/** Unknown clients, most recently seen first, keyset paged over (last seen, issuer, client id). */
export async function listUnknownClients(q: Queryable, options: { cursor?: UnknownClientCursor | undefined; limit: number }) {
  const c = options.cursor;
  const after = c
    ? sql`(${usageClients.lastSeenAt}, ${usageClients.issuer}, ${usageClients.clientId}) < (${c.lastSeenAt}::timestamptz, ${c.issuer}, ${c.clientId})`
    : undefined;
  const rows = await q
    .select({
      issuer: usageClients.issuer,
      clientId: usageClients.clientId,
      firstSeenAt: usageClients.firstSeenAt,
      lastSeenAt: usageClients.lastSeenAt,
      // Microseconds kept (a millisecond Date would skip or repeat rows at the page boundary), as ISO text the cursor accepts.
      lastSeenText: sql<string>`to_char(${usageClients.lastSeenAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      events: usageClients.events,
      audiences: usageClients.audiences,
      serverId: sql<string | null>`(select s.id from ${authorizationServers} s where rtrim(s.issuer_url, '/') = ${issuerOf(usageClients.issuer)} order by s.id limit 1)`,
      serverName: sql<string | null>`(select s.name from ${authorizationServers} s where rtrim(s.issuer_url, '/') = ${issuerOf(usageClients.issuer)} order by s.id limit 1)`,
    })
    .from(usageClients)
    .where(and(unknownClient, after))
    .orderBy(desc(usageClients.lastSeenAt), desc(usageClients.issuer), desc(usageClients.clientId))
    .limit(options.limit + 1);
  const hasMore = rows.length > options.limit;
  const items = hasMore ? rows.slice(0, options.limit) : rows;
  const last = items.at(-1);
  const next: UnknownClientCursor | null = hasMore && last ? { lastSeenAt: last.lastSeenText, issuer: last.issuer, clientId: last.clientId } : null;
  return { items: items.map(({ lastSeenText: _t, ...item }) => item), next };
}

export async function countUnknownClients(q: Queryable): Promise<number> {
  const [row] = await q.select({ n: sql<number>`count(*)::int`.mapWith(Number) }).from(usageClients).where(unknownClient);
  return row?.n ?? 0;
}

/**
 * Whether anything was ever reported for the credential: every raw event has its rollup rows, and
 * rollups outlive raw events (lib/env.ts), so the rollups alone answer.
 */
export async function hasUsageEvidence(q: Queryable, credentialId: string): Promise<boolean> {
  const [row] = await q
    .select({ any: sql<boolean>`exists (select 1 from ${usageDaily} where ${usageDaily.credentialId} = ${credentialId})` })
    .from(sql`(select 1) as one`);
  return row?.any === true;
}
