import { getQueue, queueViewerOf } from "@/db/queries/queue";
import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.getQueue, async ({ db, actor, query }) => getQueue(db, await queueViewerOf(db, actor), { limit: query.limit }));
