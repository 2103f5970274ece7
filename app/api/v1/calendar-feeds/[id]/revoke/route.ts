import { endpoints } from "@/lib/api/endpoints";
import { revokeCalendarFeed } from "@/lib/server/notifications/calendar-feeds";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.revokeCalendarFeed, async ({ db, ctx, actor, params }) => revokeCalendarFeed(db, { ...ctx, actor }, params.id));
