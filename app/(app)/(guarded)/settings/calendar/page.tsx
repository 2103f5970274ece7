import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui/layout";
import { pageHeaders } from "@/components/page-headers";
import { CreateFeedForm, FeedTable } from "@/components/notifications/calendar-feeds";
import { readCalendarSettings } from "@/lib/server/notifications/reads";
import { requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "Calendar feeds · Steward" };

export default async function CalendarSettingsPage() {
  const ctx = await requirePage("/settings/calendar");
  const { feeds, teams } = await readCalendarSettings(ctx.actor);
  return (
    <>
      <PageHeader
      {...pageHeaders["/settings/calendar"]}
      />
      <div className="space-y-6">
        <Card>
          <h2 className="mb-3 text-base font-semibold text-slate-900">New feed</h2>
          <CreateFeedForm teams={teams} />
        </Card>
        <section aria-labelledby="feeds-title" className="space-y-3">
          <h2 id="feeds-title" className="text-base font-semibold text-slate-900">
            Your feeds
          </h2>
          <FeedTable
            feeds={feeds.map((f) => ({
              id: f.id,
              scope: f.scope,
              teamName: f.teamName,
              tokenHint: f.tokenHint,
              createdAt: f.createdAt.toISOString(),
              revokedAt: f.revokedAt?.toISOString() ?? null,
              lastFetchedAt: f.lastFetchedAt?.toISOString() ?? null,
            }))}
          />
        </section>
      </div>
    </>
  );
}
