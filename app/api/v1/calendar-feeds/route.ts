import { endpoints } from "@/lib/api/endpoints";
import { createCalendarFeed, listMyCalendarFeeds } from "@/lib/server/notifications/calendar-feeds";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.listCalendarFeeds, async ({ db, actor }) => ({ items: await listMyCalendarFeeds(db, actor.userId) }));

export const POST = route(endpoints.createCalendarFeed, async ({ db, ctx, actor, body }) => createCalendarFeed(db, { ...ctx, actor }, body));
