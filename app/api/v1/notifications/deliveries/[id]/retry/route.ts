import { endpoints } from "@/lib/api/endpoints";
import { retryDelivery } from "@/lib/server/notifications/admin";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.retryDelivery, async ({ db, ctx, params }) => retryDelivery(db, ctx, params.id));
