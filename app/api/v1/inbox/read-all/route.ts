import { endpoints } from "@/lib/api/endpoints";
import { markAllRead } from "@/lib/server/notifications/inbox";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.markAllInboxRead, async ({ db, ctx, actor }) => ({ updated: await markAllRead(db, { ...ctx, actor }) }));
