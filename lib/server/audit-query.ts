import "server-only";
import type { z } from "zod";
import type { AuditFilters } from "@/db/queries/audit";
import type { auditFilters } from "@/lib/validation/audit";
import type { Actor } from "./context";
import { readAuditEvents } from "./audit-read";
import { readerDb } from "./reads";

/** URL/API filters (dates as YYYY-MM-DD, inclusive) → query filters (UTC instants). */
export function auditQueryToFilters(q: z.output<typeof auditFilters>): AuditFilters {
  return {
    action: q.action,
    actorId: q.actorId,
    targetType: q.targetType,
    targetId: q.targetId,
    from: q.from ? new Date(`${q.from}T00:00:00.000Z`) : undefined,
    to: q.to ? new Date(`${q.to}T23:59:59.999Z`) : undefined,
    before: q.cursor,
    limit: q.limit,
  };
}

/** The audit log page: a page of events for the query, in words (audit:read only). */
export async function readAuditLogPage(actor: Actor, q: z.output<typeof auditFilters>) {
  return readAuditEvents(await readerDb(actor, "audit:read"), auditQueryToFilters(q));
}
