import "server-only";
import { and, asc, desc, eq, gt, gte, inArray, lt, lte, sql, type SQL } from "drizzle-orm";
import { apis, auditEvents, credentials, people, teams, users } from "@/db/schema";
import type { Queryable, Tx } from "@/db/client";
import { createChainVerifier, GENESIS_HASH, hashEvent, type VerifyResult } from "@/lib/domain/audit-chain";
import type { AuditAction } from "@/lib/domain/audit-actions";
import { assertAuditPayload, nameKinds, type AuditNames, type AuditPayload, type NameKind } from "@/lib/domain/audit-events";
import { changesDashboardFigures } from "@/lib/domain/dashboard";
import { markDashboardInputsChanged } from "./dashboard";

export type AuditActor = {
  type: "user" | "api_token" | "system" | "anonymous";
  id: string | null;
  label: string;
};

export type AuditContext = { actor: AuditActor; requestId: string | null; clientRequestId?: string | null; ip: string | null };

/** One event to write; its payload is typed by its action (lib/domain/audit-events), and checked again at run time. */
export type AuditEntry = {
  [A in AuditAction]: { action: A; targetType?: string; targetId?: string } & (Record<string, never> extends AuditPayload<A> ? { payload?: AuditPayload<A> } : { payload: AuditPayload<A> });
}[AuditAction];

/** The stored fields of one event, before its hash. */
function eventFields(ctx: AuditContext, entry: AuditEntry, seq: number, prevHash: string) {
  const payload: Record<string, unknown> = entry.payload ?? {};
  // Before the insert, in the writer's transaction: a payload the history cannot read rolls everything back.
  assertAuditPayload(entry.action, payload);
  return {
    seq,
    occurredAt: new Date(),
    actorType: ctx.actor.type,
    actorId: ctx.actor.id,
    actorLabel: ctx.actor.label,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    payload,
    requestId: ctx.requestId,
    clientRequestId: ctx.clientRequestId ?? null,
    ip: ctx.ip,
    prevHash,
  };
}

// Serialises writers: each event's hash depends on the one before it.
const AUDIT_CHAIN_LOCK_KEY = 7_246_002;

/** Holds the chain still until the transaction ends: no event is appended meanwhile (the evidence pack reads its tail under it). */
export async function lockAuditChain(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY})`);
}

/** Appends one event inside the caller's transaction: no change is committed without its event. */
export async function appendAuditEvent(tx: Tx, ctx: AuditContext, entry: AuditEntry): Promise<number> {
  await lockAuditChain(tx);
  const [last] = await tx
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  const fields = eventFields(ctx, entry, (last?.seq ?? 0) + 1, last?.hash ?? GENESIS_HASH);
  const hash = hashEvent(fields);
  await tx.insert(auditEvents).values({ ...fields, hash });
  // Every change writes its event here, in its own transaction: the one place that cannot be
  // forgotten to mark the dashboard stale. Under the chain lock, so writers never wait on each other here.
  if (changesDashboardFigures[entry.action]) await markDashboardInputsChanged(tx);
  return fields.seq;
}

const EVENT_ROWS = 2000;

/**
 * Appends many events in the caller's transaction, in order. The first goes through
 * `appendAuditEvent`, which takes the chain lock until the transaction ends; the rest are chained
 * from it in memory and inserted a few thousand rows per statement, each statement one JSON
 * parameter unpacked by `jsonb_to_recordset` (building per-row placeholders costs more than the insert).
 */
export async function appendAuditEvents(tx: Tx, ctx: AuditContext, entries: readonly AuditEntry[]): Promise<void> {
  const [first, ...rest] = entries;
  if (!first) return;
  let seq = await appendAuditEvent(tx, ctx, first);
  if (rest.length === 0) return;
  if (!changesDashboardFigures[first.action] && rest.some((e) => changesDashboardFigures[e.action])) await markDashboardInputsChanged(tx);
  const [head] = await tx.select({ hash: auditEvents.hash }).from(auditEvents).where(eq(auditEvents.seq, seq));
  if (!head) throw new Error("the audit chain has no head after an append");
  let prevHash = head.hash;
  const rows = rest.map((entry) => {
    const fields = eventFields(ctx, entry, ++seq, prevHash);
    prevHash = hashEvent(fields);
    return { ...fields, hash: prevHash };
  });
  for (let i = 0; i < rows.length; i += EVENT_ROWS) {
    const chunk = rows.slice(i, i + EVENT_ROWS).map((r) => ({
      seq: r.seq,
      occurred_at: r.occurredAt.toISOString(),
      actor_type: r.actorType,
      actor_id: r.actorId,
      actor_label: r.actorLabel,
      action: r.action,
      target_type: r.targetType,
      target_id: r.targetId,
      payload: r.payload,
      request_id: r.requestId,
      client_request_id: r.clientRequestId,
      ip: r.ip,
      prev_hash: r.prevHash,
      hash: r.hash,
    }));
    await tx.execute(sql`
      insert into ${auditEvents} (seq, occurred_at, actor_type, actor_id, actor_label, action, target_type, target_id, payload, request_id, client_request_id, ip, prev_hash, hash)
      select seq, occurred_at, actor_type::actor_type, actor_id, actor_label, action, target_type, target_id, payload, request_id, client_request_id, ip, prev_hash, hash
      from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as r(seq bigint, occurred_at timestamptz, actor_type text, actor_id text, actor_label text,
        action text, target_type text, target_id text, payload jsonb, request_id text, client_request_id text, ip text, prev_hash text, hash text)
      order by seq`);
  }
}

const VERIFY_BATCH = 1000;

/** Recomputes the chain in keyset-paginated batches: memory stays flat however long the log. */
export async function verifyAuditChain(db: Queryable): Promise<VerifyResult> {
  const verifier = createChainVerifier();
  let after = 0;
  for (;;) {
    const batch = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.seq, after))
      .orderBy(asc(auditEvents.seq))
      .limit(VERIFY_BATCH);
    for (const event of batch) {
      if (verifier.feed(event)) return verifier.result();
    }
    const lastEvent = batch.at(-1);
    if (!lastEvent || batch.length < VERIFY_BATCH) return verifier.result();
    after = lastEvent.seq;
  }
}

export type AuditFilters = {
  action?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  /** Keyset cursor: events with seq below this one (newest first). */
  before?: number;
  limit: number;
};

export async function listAuditEvents(db: Queryable, filters: AuditFilters) {
  const conditions: SQL[] = [];
  if (filters.action) conditions.push(eq(auditEvents.action, filters.action));
  if (filters.actorId) conditions.push(eq(auditEvents.actorId, filters.actorId));
  if (filters.targetType) conditions.push(eq(auditEvents.targetType, filters.targetType));
  if (filters.targetId) conditions.push(eq(auditEvents.targetId, filters.targetId));
  if (filters.from) conditions.push(gte(auditEvents.occurredAt, filters.from));
  if (filters.to) conditions.push(lte(auditEvents.occurredAt, filters.to));
  if (filters.before !== undefined) conditions.push(lt(auditEvents.seq, filters.before));
  const rows = await db
    .select({
      seq: auditEvents.seq,
      occurredAt: auditEvents.occurredAt,
      actorType: auditEvents.actorType,
      actorId: auditEvents.actorId,
      actorLabel: auditEvents.actorLabel,
      action: auditEvents.action,
      targetType: auditEvents.targetType,
      targetId: auditEvents.targetId,
      payload: auditEvents.payload,
      requestId: auditEvents.requestId,
      clientRequestId: auditEvents.clientRequestId,
      ip: auditEvents.ip,
      hash: auditEvents.hash,
    })
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.seq))
    .limit(filters.limit + 1);
  const hasMore = rows.length > filters.limit;
  const items = hasMore ? rows.slice(0, filters.limit) : rows;
  return { items, nextCursor: hasMore ? (items.at(-1)?.seq ?? null) : null };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const nameTables = { person: people, user: users, team: teams, credential: credentials, api: apis } as const;

/**
 * The names behind the ids a page of events mentions: one statement per kind that has any (five at
 * most, whatever the page size), never one per event. Ids that are not UUIDs (old or synthetic
 * payloads) name nothing and are skipped rather than cast.
 */
export async function auditNamesOf(db: Queryable, refs: Record<NameKind, readonly string[]>): Promise<AuditNames> {
  const [person, user, team, credential, api] = await Promise.all(
    nameKinds.map(async (kind): Promise<ReadonlyMap<string, string>> => {
      const ids = refs[kind].filter((v) => UUID.test(v));
      if (ids.length === 0) return new Map();
      const t = nameTables[kind];
      const rows = await db.select({ id: t.id, name: t.name }).from(t).where(inArray(t.id, ids));
      return new Map(rows.map((r) => [r.id, r.name]));
    }),
  );
  return { person: person ?? new Map(), user: user ?? new Map(), team: team ?? new Map(), credential: credential ?? new Map(), api: api ?? new Map() };
}
