import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/server/route";
import { ingestNdjson, refreshQueuedAfterResponse } from "@/lib/server/usage/requests";

export const dynamic = "force-dynamic";

/** Usage events as NDJSON (DESIGN §8.7, docs/usage-events.md): all or nothing per request. */
export const POST = route(endpoints.ingestUsageEvents, async ({ db, ctx, request }) =>
  refreshQueuedAfterResponse(db, await ingestNdjson(db, ctx, request)),
);
