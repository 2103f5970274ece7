import { endpoints } from "@/lib/api/endpoints";
import { retryFailedByCause } from "@/lib/server/notifications/admin";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.retryFailedByCause, async ({ db, ctx, body }) => retryFailedByCause(db, ctx, body));
