import { endpoints } from "@/lib/api/endpoints";
import { notFound } from "@/lib/errors";
import { calendarStream, resolveFeed, touchFeed } from "@/lib/server/notifications/calendar-feeds";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** Public by design: the token is the credential (calendar clients cannot sign in). */
export const GET = route(endpoints.getCalendar, async ({ db, ctx, params }) => {
  const feed = await resolveFeed(db, params.token.replace(/\.ics$/, ""));
  if (!feed) throw notFound("Calendar feed");
  await touchFeed(db, feed.id);
  return new Response(calendarStream(db, feed, ctx.origin), {
    status: 200,
    headers: {
      "content-type": "text/calendar; charset=utf-8",
      "content-disposition": 'inline; filename="steward.ics"',
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
