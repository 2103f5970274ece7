import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/client";
import { env } from "@/lib/env";
import { audited } from "@/lib/server/audited";
import { schedulerAuditContext } from "@/lib/server/context";

/** Rows deleted per statement: a long backlog is dropped in bounded steps, each its own short transaction. */
const BATCH = 10_000;
const DAY_MS = 86_400_000;

export type UsageRetention = { rawDays: number; rollupDays: number };

/**
 * The usage-retention job (DESIGN §8.7): raw usage events older than USAGE_RAW_RETENTION_DAYS (default
 * 7) and day rollups older than USAGE_ROLLUP_RETENTION_DAYS (default 400) are dropped, in batches
 * (by the occurred_at and day indexes); a run that dropped anything is audited once.
 */
export async function pruneUsageEvidence(db: Db, now: Date = new Date(), retention: UsageRetention = { rawDays: env().USAGE_RAW_RETENTION_DAYS, rollupDays: env().USAGE_ROLLUP_RETENTION_DAYS }) {
  const rawBefore = new Date(now.getTime() - retention.rawDays * DAY_MS).toISOString();
  const dayBefore = new Date(now.getTime() - retention.rollupDays * DAY_MS).toISOString().slice(0, 10);
  let rawEvents = 0;
  let rollupRows = 0;
  for (;;) {
    const gone = rowsOf<{ n: number }>(
      await db.execute(sql`with gone as (delete from usage_events where event_id in (select event_id from usage_events where occurred_at < ${rawBefore}::timestamptz limit ${BATCH}) returning 1) select count(*)::int as n from gone`),
    );
    const n = gone[0]?.n ?? 0;
    rawEvents += n;
    if (n < BATCH) break;
  }
  for (;;) {
    const gone = rowsOf<{ n: number }>(
      await db.execute(sql`with gone as (delete from usage_daily where (day, subject, audience, scope) in (select day, subject, audience, scope from usage_daily where day < ${dayBefore}::date limit ${BATCH}) returning 1) select count(*)::int as n from gone`),
    );
    const n = gone[0]?.n ?? 0;
    rollupRows += n;
    if (n < BATCH) break;
  }
  if (rawEvents > 0 || rollupRows > 0) {
    await audited(db, schedulerAuditContext, (_tx, audit) =>
      audit({ action: "usage.pruned", targetType: "usage_events", payload: { rawEvents, rollupRows, rawRetentionDays: retention.rawDays, rollupRetentionDays: retention.rollupDays } }),
    );
  }
  return { rawEvents, rollupRows };
}
