import { endpoints } from "@/lib/api/endpoints";
import { assertAsOfInHistory } from "@/lib/server/as-of";
import { auditContext } from "@/lib/server/context";
import { contentTypes, exportFileName, exportStream, newExportRun } from "@/lib/server/exports/streams";
import { securityHeaders } from "@/lib/server/http";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** Streams one auditor export (DESIGN §8.4), of the state now or at a past `asOf` (§8.6); the export is audited when it completes. */
export const GET = route(endpoints.runComplianceExport, async ({ db, ctx, params, query }) => {
  const { asOf, ...scope } = query;
  // Refused before the first byte: a stream cannot turn into a 422 once it has started.
  if (asOf) await assertAsOfInHistory(db, asOf);
  const run = newExportRun(db, auditContext(ctx), scope, asOf);
  return new Response(exportStream(run, params.format), {
    headers: {
      ...securityHeaders,
      "Content-Type": contentTypes[params.format],
      "Content-Disposition": `attachment; filename="${exportFileName(params.format, run.asOf)}"`,
    },
  });
});
