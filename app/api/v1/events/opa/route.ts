import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/server/route";
import { ingestOpa, refreshQueuedAfterResponse } from "@/lib/server/usage/requests";

export const dynamic = "force-dynamic";

/** Open Policy Agent decision logs (DESIGN §8.7, docs/usage-events.md "OPA"): mapped to api_decision events. */
export const POST = route(endpoints.ingestOpaDecisions, async ({ db, ctx, request }) =>
  refreshQueuedAfterResponse(db, await ingestOpa(db, ctx, request)),
);
