import { endpoints } from "@/lib/api/endpoints";
import { auditContext } from "@/lib/server/context";
import { contentTypes, exportFileName, exportStream, newExportRun } from "@/lib/server/exports/streams";
import { securityHeaders } from "@/lib/server/http";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** Streams one auditor export (DESIGN §8.4); the export is audited when it completes. */
export const GET = route(endpoints.runComplianceExport, ({ db, ctx, params, query }) => {
  const run = newExportRun(db, auditContext(ctx), query);
  return Promise.resolve(
    new Response(exportStream(run, params.format), {
      headers: {
        ...securityHeaders,
        "Content-Type": contentTypes[params.format],
        "Content-Disposition": `attachment; filename="${exportFileName(params.format, run.asOf)}"`,
      },
    }),
  );
});
