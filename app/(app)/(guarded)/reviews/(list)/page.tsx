import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { environmentLabels, formatDate, labelOf } from "@/components/inventory/labels";
import { CampaignProgress } from "@/components/lifecycle/campaign-progress";
import { Button } from "@/components/ui/button";
import { Badge, PageHeader } from "@/components/ui/layout";
import { pageHeaders } from "@/components/page-headers";
import { ListTable, RowLink, urlPager } from "@/components/ui/list-table";
import { can } from "@/lib/authz/permissions";
import { readReviewsOverview } from "@/lib/server/lifecycle/reads";
import { requirePage } from "@/lib/server/page-guard";
import { parseSearchParams, type RawSearchParams } from "@/lib/server/search-params";
import { campaignListQuery } from "@/lib/validation/review";

export const metadata: Metadata = { title: "Reviews & campaigns · Steward" };

const OVERDUE_SHOWN = 20;
const overdueHref = "/inventory?reviewDue=overdue&status=active&sort=review_due";

export default async function ReviewsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePage("/reviews");
  const { values, params } = parseSearchParams(campaignListQuery, await searchParams);
  const now = new Date();
  const { campaigns, myTasks, overdue } = await readReviewsOverview(ctx, values, OVERDUE_SHOWN, now);
  const mayManage = can(ctx.actor.role, "campaign:manage");
  const statusLink = (status?: "open" | "closed") => (status ? `/reviews?status=${status}` : "/reviews");

  return (
    <>
      <PageHeader
        {...pageHeaders["/reviews"]}
        actions={
          mayManage ? (
            <Button asChild>
              <Link href="/reviews/campaigns/new">New campaign</Link>
            </Button>
          ) : null
        }
      />
      <div className="space-y-8">
        <section aria-labelledby="my-tasks-title" className="space-y-3">
          <h2 id="my-tasks-title" className="text-base font-semibold text-slate-900">
            My review tasks
          </h2>
          <ListTable
            caption="Open review tasks assigned to me"
            columns={[
              { header: "Credential", cell: (t) => <RowLink href={`/inventory/${t.credentialId}?tab=lifecycle`}>{t.credentialName}</RowLink> },
              { header: "Environment", cell: (t) => labelOf(environmentLabels, t.environment) },
              {
                header: "Campaign",
                cell: (t) => (
                  <Link className="text-brand-700 hover:underline" href={`/reviews/campaigns/${t.campaignId}`}>
                    {t.campaignName}
                  </Link>
                ),
              },
              { header: "Due", className: "whitespace-nowrap", cell: (t) => <>{formatDate(t.dueAt)} {t.dueAt < now ? <Badge tone="red">Overdue</Badge> : null}</> },
            ]}
            rows={myTasks}
            rowKey={(t) => t.id}
            rowTestId="my-task-row"
            empty={{ title: "No review tasks for you", children: "When a campaign covers a credential you own, its review task appears here." }}
          />
        </section>

        <section aria-labelledby="overdue-title" className="space-y-3">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="overdue-title" className="text-base font-semibold text-slate-900">
              Reviews overdue <span className="text-sm font-normal text-slate-500">({overdue.total})</span>
            </h2>
            {overdue.total > 0 ? (
              <Link className="text-sm text-brand-700 underline" href={overdueHref}>
                See all {overdue.total} in the inventory
              </Link>
            ) : null}
          </div>
          <ListTable
            caption="Active credentials whose review is overdue, most overdue first"
            columns={[
              {
                header: "Credential",
                cell: (c) => (
                  <>
                    <RowLink href={`/inventory/${c.id}?tab=lifecycle`}>{c.name}</RowLink>
                    <span className="block text-xs text-slate-500">{labelOf(environmentLabels, c.environment)}</span>
                  </>
                ),
              },
              { header: "Owner", cell: (c) => c.ownerName ?? <Badge tone="red">No owner</Badge> },
              { header: "Team", cell: (c) => c.teamName ?? "—" },
              { header: "Review due", className: "whitespace-nowrap", cell: (c) => <>{formatDate(c.reviewDueAt)} <Badge tone="red">Overdue</Badge></> },
              { header: "Last reviewed", className: "whitespace-nowrap", cell: (c) => (c.lastReviewedAt ? formatDate(c.lastReviewedAt) : "Never") },
            ]}
            rows={overdue.items}
            rowKey={(c) => c.id}
            rowTestId="overdue-row"
            empty={{ title: "No review is overdue", children: "Every active credential was reviewed within its cadence." }}
          />
        </section>

        <section aria-labelledby="campaigns-title" className="space-y-3">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="campaigns-title" className="text-base font-semibold text-slate-900">
              Campaigns
            </h2>
            <nav aria-label="Campaign status" className="flex gap-3 text-sm">
              {([undefined, "open", "closed"] as const).map((s) => (
                <Link key={s ?? "all"} href={statusLink(s)} aria-current={values.status === s ? "page" : undefined} className={values.status === s ? "font-semibold text-slate-900" : "text-brand-700 underline"}>
                  {s === undefined ? "All" : s === "open" ? "Open" : "Closed"}
                </Link>
              ))}
            </nav>
          </div>
          <ListTable
            caption="Review campaigns, newest first"
            columns={[
              { header: "Campaign", cell: (c) => <RowLink href={`/reviews/campaigns/${c.id}`}>{c.name}</RowLink> },
              {
                header: "Due",
                className: "whitespace-nowrap",
                cell: (c) => <>{formatDate(c.dueAt)} {c.status === "open" && c.dueAt < now && c.progress.open > 0 ? <Badge tone="red">Overdue</Badge> : null}</>,
              },
              { header: "Status", cell: (c) => (c.status === "open" ? <Badge tone="blue">Open</Badge> : <Badge>Closed</Badge>) },
              { header: "Progress", cell: (c) => <CampaignProgress done={c.progress.done} total={c.progress.total} label={`Progress of ${c.name}`} /> },
              { header: "Created by", cell: (c) => c.createdBy?.name ?? "—" },
            ]}
            rows={campaigns.items}
            rowKey={(c) => c.id}
            rowTestId="campaign-row"
            empty={{
              title: values.cursor ? "No more campaigns" : "No campaigns yet",
              action: mayManage && !values.cursor ? <Button asChild variant="secondary"><Link href="/reviews/campaigns/new">New campaign</Link></Button> : undefined,
              children: "A campaign asks every owner of the credentials matching a filter to review them by a due date.",
            }}
            pager={urlPager("/reviews", params, campaigns.nextCursor, values.cursor)}
          />
        </section>
      </div>
    </>
  );
}
