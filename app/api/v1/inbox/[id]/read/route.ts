import { endpoints } from "@/lib/api/endpoints";
import { markRead } from "@/lib/server/notifications/inbox";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.markInboxRead, async ({ db, ctx, actor, params }) => ({ updated: await markRead(db, { ...ctx, actor }, params.id) }));
