import { inspect } from "node:util";
import { asc, gt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { rowsOf } from "./db";

/** The highest audit seq so far (0 for an empty log): take it before an action, then read what came after. */
export async function lastAuditSeq(db: Db): Promise<number> {
  const [row] = rowsOf<{ seq: string | number | null }>(await db.execute(sql`select max(seq) as seq from audit_events`));
  return Number(row?.seq ?? 0);
}

export function auditEventsAfter(db: Db, seq: number) {
  return db.select().from(auditEvents).where(gt(auditEvents.seq, seq)).orderBy(asc(auditEvents.seq));
}

/**
 * Audit events after `seq` without the posture engine's finding events, except those of `keepRules`:
 * the engine opens whatever a fixture happens to trip (DESIGN §5.1), which tests of other behaviour
 * should not have to spell out. (posture-engine.test.ts asserts those events themselves.)
 */
export async function auditEventsAfterExceptFindings(db: Db, seq: number, keepRules: readonly string[] = []) {
  const events = await auditEventsAfter(db, seq);
  return events.filter((e) => {
    if (!e.action.startsWith("finding.")) return true;
    const ruleId = (e.payload as { ruleId?: unknown } | null)?.ruleId;
    return typeof ruleId === "string" && keepRules.includes(ruleId);
  });
}

/**
 * Runs `work` as the database owner with the append-only triggers switched off, the way an
 * attacker with owner rights could tamper with the log. The triggers are back on afterwards.
 */
export async function withAuditTriggersDisabled(db: Db, work: () => Promise<unknown>): Promise<void> {
  await db.execute(sql`alter table audit_events disable trigger user`);
  try {
    await work();
  } finally {
    await db.execute(sql`alter table audit_events enable trigger user`);
  }
}

/** The message of an error and of every error in its cause chain (drizzle wraps driver errors). */
export function errorText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    parts.push(current instanceof Error ? current.message : inspect(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(" <- ");
}

/** Awaits a promise that must reject and returns what it rejected with. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject");
}
