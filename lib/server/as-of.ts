import "server-only";
import { sql } from "drizzle-orm";
import type { Db, Queryable, Tx } from "@/db/client";
import { rowsOf } from "@/db/client";
import { getDb } from "@/db";
import { invalidInput } from "@/lib/errors";

/**
 * Point-in-time reads (DESIGN §8.6). The database keeps every version of the tracked tables in
 * history.row_versions (drizzle/0015), and schema `as_of` has a view per tracked table with the
 * table's name and columns, showing the versions valid at `steward.as_of`. A read as of an instant is
 * a READ ONLY transaction whose search_path puts `as_of` before `public`: drizzle writes unqualified
 * table names, so the existing read queries run unchanged against the past, and nothing can be
 * written (the views are not updatable and the transaction is read-only).
 */

/** When history begins: an instant before it cannot be reconstructed. */
export async function historyStartedAt(q: Queryable): Promise<Date> {
  const [row] = rowsOf<{ started_at: Date | string }>(await q.execute(sql`select started_at from history.meta`));
  if (!row) throw new Error("history.meta has no row: migration 0015 did not run");
  return new Date(row.started_at);
}

/** 422 naming `asOf` unless history reaches back to `asOf` (the future was refused by the field's schema). */
export async function assertAsOfInHistory(q: Queryable, asOf: Date): Promise<void> {
  const start = await historyStartedAt(q);
  if (asOf < start) {
    const message = `history is kept from ${start.toISOString()}; choose that instant or a later one`;
    throw invalidInput({ asOf: [message] }, `No record of the state before ${start.toISOString()}`);
  }
}

/** Runs `fn` against the state as it was at `asOf`, in a read-only transaction. */
export async function readAsOf<T>(db: Db, asOf: Date, fn: (tx: Tx) => Promise<T>): Promise<T> {
  await assertAsOfInHistory(db, asOf);
  return db.transaction(async (tx) => {
    await tx.execute(sql`set transaction read only`);
    await tx.execute(sql`set local search_path = as_of, public`);
    await tx.execute(sql`select set_config('steward.as_of', ${asOf.toISOString()}, true)`);
    return fn(tx);
  });
}

/**
 * A read at `asOf` when one is given, else against the live tables: `readAt(db, query.asOf, (q) => …)`.
 * `now` is the clock the read computes "overdue", "due soon" and similar against: the asOf instant
 * for a past read, so due buckets are those an auditor would have seen then.
 */
export function readAt<T>(db: Db, asOf: Date | undefined, fn: (q: Queryable, now: Date) => Promise<T>): Promise<T> {
  if (asOf === undefined) return fn(db, new Date());
  return readAsOf(db, asOf, (tx) => fn(tx, asOf));
}

/**
 * For pages: why `asOf` cannot be shown (history does not reach back to it), or null. A page shows
 * the sentence in place of the list rather than failing; the API answers 422 instead.
 */
export async function pastReadProblem(asOf: Date | undefined): Promise<string | null> {
  if (!asOf) return null;
  const start = await historyStartedAt(await getDb());
  return asOf < start ? `Steward keeps history from ${start.toISOString().slice(0, 16).replace("T", " ")} UTC: choose that date or a later one.` : null;
}
