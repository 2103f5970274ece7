import { endpoints } from "@/lib/api/endpoints";
import { listInbox, unreadCount } from "@/lib/server/notifications/inbox";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.listInbox, async ({ db, actor, query }) => {
  const page = await listInbox(db, actor.userId, query);
  return { ...page, unreadCount: await unreadCount(db, actor.userId) };
});
