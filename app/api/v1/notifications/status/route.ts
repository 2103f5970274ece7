import { endpoints } from "@/lib/api/endpoints";
import { notificationStatus } from "@/lib/server/notifications/admin";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.getNotificationStatus, async ({ db }) => notificationStatus(db));
