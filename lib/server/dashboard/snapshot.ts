import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { countSnapshotRows, dashboardInputsEpoch, latestSnapshot, writeSnapshotDay } from "@/db/queries/dashboard";

/** Taken per refresh transaction, so replicas (and a read racing the scheduler) never count at once. */
export const SNAPSHOT_LOCK_KEY = 7_246_106;

export const utcDay = (at: Date) => at.toISOString().slice(0, 10);

export type SnapshotRefresh = { refreshed: true; day: string; rows: number; ms: number } | { refreshed: false; reason: "busy" | "fresh" };

type Latest = { day: string; computedAt: Date; inputsEpoch: number } | null;

/**
 * Current: counted today, younger than `maxAgeMs` (time moves due dates into "overdue"), and no change
 * to its inputs committed since it was counted (`epoch`: dashboard_inputs, bumped with every change).
 */
const isFresh = (latest: Latest, now: Date, maxAgeMs: number, epoch: number) =>
  latest !== null && latest.day === utcDay(now) && now.getTime() - latest.computedAt.getTime() < maxAgeMs && latest.inputsEpoch >= epoch;

/**
 * Recounts the dashboard's figures at `now` and rewrites today's snapshot rows (DESIGN §3.5) in one
 * transaction, so a reader sees the old rows or the new ones, never half. A process that finds another
 * counting (the lock is taken), or a snapshot younger than `ifOlderThanMs` once it holds the lock,
 * leaves it be: each scheduler tick on every replica asks, one counts. With `wait` it queues behind a
 * count in progress instead ("Refresh now"). Not audited: the rows are derived from audited records
 * and record no decision.
 */
export async function refreshSnapshot(db: Db, now: Date = new Date(), options: { ifOlderThanMs?: number; wait?: boolean } = {}): Promise<SnapshotRefresh> {
  const started = performance.now();
  return db.transaction(async (tx): Promise<SnapshotRefresh> => {
    if (options.wait) {
      // Someone asked for figures as of now: wait for a count in progress, then count again.
      await tx.execute(sql`select pg_advisory_xact_lock(${SNAPSHOT_LOCK_KEY})`);
    } else {
      const [lock] = rowsOf<{ locked: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${SNAPSHOT_LOCK_KEY}) as locked`));
      if (!lock?.locked) return { refreshed: false, reason: "busy" };
    }
    // Read before counting: a change committing during the count bumps past it, so the next read recounts.
    const epoch = await dashboardInputsEpoch(tx);
    if (options.ifOlderThanMs !== undefined && isFresh(await latestSnapshot(tx), now, options.ifOlderThanMs, epoch)) return { refreshed: false, reason: "fresh" };
    const rows = await countSnapshotRows(tx, now);
    const day = utcDay(now);
    await writeSnapshotDay(tx, day, now, rows, epoch);
    return { refreshed: true, day, rows: rows.length, ms: Math.round(performance.now() - started) };
  });
}

/**
 * Today's snapshot if it is current (see `isFresh`), else a recount first: after any change, the next
 * read shows it. `fresh` recounts as of now whatever its age ("Refresh now"). When another process is
 * counting already, the read does not queue behind it: it returns the snapshot it has with
 * `stale: true`, and the page says how old it is and reloads itself. Null only before anything could be counted.
 */
export async function ensureFreshSnapshot(db: Db, maxAgeMs: number, now: Date = new Date(), options: { fresh?: boolean } = {}): Promise<{ day: string; computedAt: Date; stale: boolean } | null> {
  if (options.fresh) {
    await refreshSnapshot(db, now, { wait: true });
  } else {
    const [latest, epoch] = await Promise.all([latestSnapshot(db), dashboardInputsEpoch(db)]);
    if (latest && isFresh(latest, now, maxAgeMs, epoch)) return { day: latest.day, computedAt: latest.computedAt, stale: false };
    await refreshSnapshot(db, now, { ifOlderThanMs: maxAgeMs });
  }
  const [latest, epoch] = await Promise.all([latestSnapshot(db), dashboardInputsEpoch(db)]);
  return latest ? { day: latest.day, computedAt: latest.computedAt, stale: !isFresh(latest, now, maxAgeMs, epoch) } : null;
}
