import { endpoints } from "@/lib/api/endpoints";
import { unreadCount } from "@/lib/server/notifications/inbox";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.getUnreadCount, async ({ db, actor }) => ({ count: await unreadCount(db, actor.userId) }));
