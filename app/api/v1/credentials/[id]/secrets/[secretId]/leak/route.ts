import { endpoints } from "@/lib/api/endpoints";
import { incidentFor, reportLeak } from "@/lib/server/lifecycle/incidents";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.reportLeak, async ({ db, ctx, params, body }) => {
  const { incidentId, rotationRequestId } = await reportLeak(db, ctx, params.id, params.secretId, body);
  return { incident: await incidentFor(db, incidentId), rotationRequestId };
});
