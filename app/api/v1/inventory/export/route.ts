import { endpoints } from "@/lib/api/endpoints";
import { recordAuditEvent } from "@/lib/server/audited";
import { auditContext } from "@/lib/server/context";
import { securityHeaders } from "@/lib/server/http";
import { exportStream } from "@/lib/server/inventory/export";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

const contentTypes = { json: "application/json; charset=utf-8", csv: "text/csv; charset=utf-8" } as const;

/** Streams the inventory file page by page (DESIGN §8.2); the export itself is audited (DESIGN §7). */
export const GET = route(endpoints.exportInventory, async ({ db, ctx, query }) => {
  await recordAuditEvent(db, auditContext(ctx), { action: "inventory.exported", targetType: "inventory", payload: { format: query.format } });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(exportStream(db, query.format), {
    headers: {
      ...securityHeaders,
      "Content-Type": contentTypes[query.format],
      "Content-Disposition": `attachment; filename="steward-inventory-${day}.${query.format}"`,
    },
  });
});
