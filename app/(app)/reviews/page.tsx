import type { Metadata } from "next";
import Link from "next/link";
import { environmentLabels, formatDate, labelOf } from "@/components/inventory/labels";
import { CampaignProgress } from "@/components/lifecycle/campaign-progress";
import { Button } from "@/components/ui/button";
import { Badge, DataTable, EmptyState, PageHeader, Td } from "@/components/ui/layout";
import { Pager } from "@/components/ui/list-controls";
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
        title="Reviews & campaigns"
        description="Owners confirm each credential is still needed with the access it has. Campaigns ask every owner in scope at once, with a due date."
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
          {myTasks.length === 0 ? (
            <EmptyState title="No review tasks for you">When a campaign covers a credential you own, its review task appears here.</EmptyState>
          ) : (
            <DataTable caption="Open review tasks assigned to me" head={["Credential", "Environment", "Campaign", "Due"]}>
              {myTasks.map((t) => (
                <tr key={t.id} data-testid="my-task-row">
                  <Td>
                    <Link className="font-medium text-brand-700 hover:underline" href={`/inventory/${t.credentialId}?tab=lifecycle`}>
                      {t.credentialName}
                    </Link>
                  </Td>
                  <Td>{labelOf(environmentLabels, t.environment)}</Td>
                  <Td>
                    <Link className="text-brand-700 hover:underline" href={`/reviews/campaigns/${t.campaignId}`}>
                      {t.campaignName}
                    </Link>
                  </Td>
                  <Td className="whitespace-nowrap">
                    {formatDate(t.dueAt)} {t.dueAt < now ? <Badge tone="red">Overdue</Badge> : null}
                  </Td>
                </tr>
              ))}
            </DataTable>
          )}
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
          {overdue.items.length === 0 ? (
            <EmptyState title="No review is overdue">Every active credential was reviewed within its cadence.</EmptyState>
          ) : (
            <DataTable caption="Active credentials whose review is overdue, most overdue first" head={["Credential", "Owner", "Team", "Review due", "Last reviewed"]}>
              {overdue.items.map((c) => (
                <tr key={c.id} data-testid="overdue-row">
                  <Td>
                    <Link className="font-medium text-brand-700 hover:underline" href={`/inventory/${c.id}?tab=lifecycle`}>
                      {c.name}
                    </Link>
                    <span className="block text-xs text-slate-500">{labelOf(environmentLabels, c.environment)}</span>
                  </Td>
                  <Td>{c.ownerName ?? <Badge tone="red">No owner</Badge>}</Td>
                  <Td>{c.teamName ?? "—"}</Td>
                  <Td className="whitespace-nowrap">
                    {formatDate(c.reviewDueAt)} <Badge tone="red">Overdue</Badge>
                  </Td>
                  <Td className="whitespace-nowrap">{c.lastReviewedAt ? formatDate(c.lastReviewedAt) : "Never"}</Td>
                </tr>
              ))}
            </DataTable>
          )}
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
          {campaigns.items.length === 0 ? (
            <EmptyState title={values.cursor ? "No more campaigns" : "No campaigns yet"} action={mayManage && !values.cursor ? <Button asChild variant="secondary"><Link href="/reviews/campaigns/new">New campaign</Link></Button> : undefined}>
              A campaign asks every owner of the credentials matching a filter to review them by a due date.
            </EmptyState>
          ) : (
            <DataTable caption="Review campaigns, newest first" head={["Campaign", "Due", "Status", "Progress", "Created by"]}>
              {campaigns.items.map((c) => (
                <tr key={c.id} data-testid="campaign-row">
                  <Td>
                    <Link className="font-medium text-brand-700 hover:underline" href={`/reviews/campaigns/${c.id}`}>
                      {c.name}
                    </Link>
                  </Td>
                  <Td className="whitespace-nowrap">
                    {formatDate(c.dueAt)} {c.status === "open" && c.dueAt < now && c.progress.open > 0 ? <Badge tone="red">Overdue</Badge> : null}
                  </Td>
                  <Td>{c.status === "open" ? <Badge tone="blue">Open</Badge> : <Badge>Closed</Badge>}</Td>
                  <Td>
                    <CampaignProgress done={c.progress.done} total={c.progress.total} label={`Progress of ${c.name}`} />
                  </Td>
                  <Td>{c.createdBy?.name ?? "—"}</Td>
                </tr>
              ))}
            </DataTable>
          )}
          <Pager basePath="/reviews" params={params} nextCursor={campaigns.nextCursor} isFirstPage={!values.cursor} />
        </section>
      </div>
    </>
  );
}
