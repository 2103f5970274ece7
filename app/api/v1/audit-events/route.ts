import { listAuditEvents } from "@/db/queries/audit";
import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/server/route";
import { auditQueryToFilters } from "@/lib/server/audit-query";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.listAuditEvents, async ({ db, query }) => listAuditEvents(db, auditQueryToFilters(query)));
