import { endpoints } from "@/lib/api/endpoints";
import { listDeliveries } from "@/lib/server/notifications/admin";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.listDeliveries, async ({ db, query }) => listDeliveries(db, query));
