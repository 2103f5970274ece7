import "server-only";
import type { Db, Tx } from "@/db/client";
import { appendAuditEvent, appendAuditEvents, type AuditContext, type AuditEntry } from "@/db/queries/audit";

/** Writes audit events inside the current transaction: one, or `many` in order (set-based, for sweeps). */
export type Audit = ((entry: AuditEntry) => Promise<void>) & { many: (entries: readonly AuditEntry[]) => Promise<void> };

/** An Audit that collects events for the caller to append later in the same transaction (bulk import). */
export function collectingAudit(into: AuditEntry[]): Audit {
  return Object.assign(
    (entry: AuditEntry) => {
      into.push(entry);
      return Promise.resolve();
    },
    {
      many: (entries: readonly AuditEntry[]) => {
        into.push(...entries);
        return Promise.resolve();
      },
    },
  );
}

/**
 * The one way to change data: the work and its audit event(s) commit or roll back together
 * (DESIGN §7). Code inside must use `tx`, never the outer `db`.
 */
export function audited<T>(db: Db, ctx: AuditContext, work: (tx: Tx, audit: Audit) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const audit: Audit = Object.assign(
      async (entry: AuditEntry) => {
        await appendAuditEvent(tx, ctx, entry);
      },
      { many: (entries: readonly AuditEntry[]) => appendAuditEvents(tx, ctx, entries) },
    );
    return work(tx, audit);
  });
}

/** A standalone event (sign-in failure, authorization denial): its own one-statement transaction. */
export function recordAuditEvent(db: Db, ctx: AuditContext, entry: AuditEntry): Promise<void> {
  return audited(db, ctx, (_tx, audit) => audit(entry));
}
