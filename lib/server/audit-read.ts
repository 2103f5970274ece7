import "server-only";
import type { Queryable } from "@/db/client";
import { auditNamesOf, listAuditEvents, type AuditFilters } from "@/db/queries/audit";
import { auditNameRefs, describeAuditEvent, type DescribedEvent } from "@/lib/domain/audit-events";

/** One audit event as the audit log and a credential's History tab show it: words first, raw payload for "details". */
export type AuditEventView = DescribedEvent & {
  seq: number;
  occurredAt: Date;
  action: string;
  actorType: string;
  ip: string | null;
  requestId: string | null;
  /** The id the client sent, kept apart from the server's own (never trusted as it). */
  clientRequestId: string | null;
  payload: Record<string, unknown>;
};

/** A page of events in words: the page, then one batched name lookup for every id it mentions (no N+1). */
export async function readAuditEvents(db: Queryable, filters: AuditFilters): Promise<{ items: AuditEventView[]; nextCursor: number | null }> {
  const page = await listAuditEvents(db, filters);
  const names = await auditNamesOf(db, auditNameRefs(page.items));
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((e) => ({
      ...describeAuditEvent(e, names),
      seq: e.seq,
      occurredAt: e.occurredAt,
      action: e.action,
      actorType: e.actorType,
      ip: e.ip,
      requestId: e.requestId,
      clientRequestId: e.clientRequestId,
      payload: e.payload,
    })),
  };
}
