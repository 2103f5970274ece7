import type { Db, Tx } from "@/db/client";
import { appendAuditEvent, type AuditContext, type AuditEntry } from "@/db/queries/audit";

export type Audit = (entry: AuditEntry) => Promise<void>;

/**
 * The one way to change data: the work and its audit event(s) commit or roll back together
 * (DESIGN §7). Code inside must use `tx`, never the outer `db`.
 */
export function audited<T>(db: Db, ctx: AuditContext, work: (tx: Tx, audit: Audit) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) =>
    work(tx, async (entry) => {
      await appendAuditEvent(tx, ctx, entry);
    }),
  );
}

/** A standalone event (sign-in failure, authorization denial): its own one-statement transaction. */
export function recordAuditEvent(db: Db, ctx: AuditContext, entry: AuditEntry): Promise<void> {
  return audited(db, ctx, (_tx, audit) => audit(entry));
}
