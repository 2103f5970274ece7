import "server-only";
import { and, asc, eq, gt, ne, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { arrayLiteral } from "@/db/pg-arrays";
import { credentialPosture, credentials } from "@/db/schema";
import { audited } from "../audited";
import { schedulerAuditContext } from "../context";
import { recomputePosture, type PostureChange } from "./recompute";

export type SweepOptions = {
  /** Credentials checked more recently than this are left alone (default 1 hour). */
  staleMs?: number;
  batchSize?: number;
  /** Bound on one tick's batches (default: none but the time budget). */
  maxBatches?: number;
  /**
   * Bound on one tick's time (default 30 s): no batch starts after it, and the first always runs. A
   * count bound (20 batches of 500, as before) re-checked a million credentials every 100 minutes,
   * so the hourly staleness could not hold and time-based findings came late; a time bound grows
   * with the database's speed instead (issue 17).
   */
  budgetMs?: number;
  /** Only credentials queued by markPostureStale (never checked since): the kick after an ingest request. */
  queuedOnly?: boolean;
};

const checkedKey = sql`coalesce(${credentialPosture.checkedAt}, '-infinity'::timestamptz)`;

const add = (a: PostureChange, b: PostureChange): PostureChange => ({ checked: a.checked + b.checked, opened: a.opened + b.opened, resolved: a.resolved + b.resolved, updated: a.updated + b.updated });
const none: PostureChange = { checked: 0, opened: 0, resolved: 0, updated: 0 };

/**
 * Scheduler job (DESIGN §5.1, §9): re-runs the rules over credentials least recently checked first,
 * so time-based rules (rotation and review overdue, third-party review lapsed) fire without an edit.
 * Each batch is one audited transaction as the system actor; rows are claimed with
 * `FOR UPDATE SKIP LOCKED` (and the job itself runs under an advisory lock), so replicas never
 * evaluate the same credential at once.
 */
export async function sweepPosture(db: Db, now: Date = new Date(), options: SweepOptions = {}): Promise<PostureChange> {
  const staleBefore = new Date(now.getTime() - (options.staleMs ?? 3_600_000));
  const batchSize = options.batchSize ?? 500;
  const stopAt = performance.now() + (options.budgetMs ?? 30_000);
  let total = none;
  for (let i = 0; i < (options.maxBatches ?? Infinity) && (i === 0 || performance.now() < stopAt); i++) {
    const batch = await audited(db, schedulerAuditContext, async (tx, audit) => {
      const rows = await tx
        .select({ id: credentialPosture.credentialId })
        .from(credentialPosture)
        .innerJoin(credentials, eq(credentials.id, credentialPosture.credentialId))
        .where(
          and(
            ne(credentials.status, "decommissioned"),
            options.queuedOnly ? sql`${credentialPosture.checkedAt} is null` : sql`${checkedKey} < ${staleBefore.toISOString()}::timestamptz`,
          ),
        )
        .orderBy(checkedKey, asc(credentialPosture.credentialId))
        .limit(batchSize)
        .for("update", { of: credentialPosture, skipLocked: true });
      if (rows.length === 0) return null;
      return recomputePosture(tx, audit, rows.map((r) => r.id), now, { expandNeighbours: false });
    });
    if (!batch) break;
    total = add(total, batch);
  }
  return total;
}

/**
 * Queue credentials for the next sweep (usage ingest, DESIGN §8.7): their check time is forgotten,
 * so the sweep, which takes the least recently checked first and never-checked as the oldest, reaches
 * them at its next tick — whatever `staleMs`. A credential without a posture row gets one. In id
 * order, so concurrent callers lock the rows in the same order; rows already queued are not written.
 */
export async function markPostureStale(tx: Tx, credentialIds: readonly string[]): Promise<void> {
  const ids = [...new Set(credentialIds)].sort();
  if (ids.length === 0) return;
  await tx.execute(sql`
    insert into ${credentialPosture} (credential_id, checked_at)
    select id, null from unnest(${arrayLiteral(ids)}::uuid[]) with ordinality as v(id, n) order by n
    on conflict (credential_id) do update set checked_at = null where ${credentialPosture.checkedAt} is not null`);
}

/**
 * Runs the rules for the credentials an ingest request queued, right after its response is sent
 * (the route schedules it with next/server's after()), so usage findings appear within moments, not
 * at the next tick; the scheduled sweep remains the backstop. Safe beside other kicks and the
 * sweep: rows are claimed with SKIP LOCKED.
 */
export async function sweepQueuedPosture(db: Db, now: Date = new Date()): Promise<PostureChange> {
  return sweepPosture(db, now, { queuedOnly: true });
}

/** Every credential that is not decommissioned, in id order, a transaction per batch (benchmark, first start). */
export async function sweepAllPosture(db: Db, now: Date = new Date(), batchSize = 1000): Promise<PostureChange> {
  let total = none;
  let after: string | null = null;
  for (;;) {
    const rows: { id: string }[] = await db
      .select({ id: credentials.id })
      .from(credentials)
      .where(and(ne(credentials.status, "decommissioned"), after ? gt(credentials.id, after) : undefined))
      .orderBy(asc(credentials.id))
      .limit(batchSize);
    if (rows.length === 0) return total;
    const ids = rows.map((r) => r.id);
    total = add(total, await audited(db, schedulerAuditContext, (tx, audit) => recomputePosture(tx, audit, ids, now, { expandNeighbours: false })));
    after = rows.at(-1)?.id ?? null;
  }
}
