import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { environmentLabels, formatDate, formatDateTime, kindLabels, labelOf } from "@/components/inventory/labels";
import { CampaignCloseButton } from "@/components/lifecycle/campaign-close-button";
import { CampaignProgress } from "@/components/lifecycle/campaign-progress";
import { decisionLabels, taskStatusLabels } from "@/components/lifecycle/review-labels";
import { Button } from "@/components/ui/button";
import { BackLink, Badge, Card, DataTable, EmptyState, PageHeader, Td } from "@/components/ui/layout";
import { Pager } from "@/components/ui/list-controls";
import { can } from "@/lib/authz/permissions";
import { readCampaign } from "@/lib/server/lifecycle/reads";
import { pageRecordId, requirePage } from "@/lib/server/page-guard";
import { parseSearchParams, type RawSearchParams } from "@/lib/server/search-params";
import { campaignTaskQuery } from "@/lib/validation/review";

export const metadata: Metadata = { title: "Review campaign · Steward" };

const statusTones = { open: "amber", done: "green", cancelled: "slate" } as const;

/** The inventory link for the filter fields the inventory shares with campaigns. */
function inventoryHref(filter: Record<string, unknown>): string {
  const search = new URLSearchParams({ status: "active" });
  for (const k of ["q", "teamId", "ownerId", "environment", "kind", "apiId", "trustZone"]) {
    const v = filter[k];
    if (typeof v === "string" && v !== "") search.set(k, v);
  }
  return `/inventory?${search.toString()}`;
}

function describeFilter(filter: Record<string, unknown>, names: { team: string | null; owner: string | null; api: string | null }): string[] {
  const parts: string[] = [];
  if (typeof filter.environment === "string") parts.push(`Environment: ${labelOf(environmentLabels, filter.environment)}`);
  if (typeof filter.kind === "string") parts.push(`Kind: ${labelOf(kindLabels, filter.kind)}`);
  if (typeof filter.sensitivity === "string") parts.push(`Grants a ${filter.sensitivity}-sensitivity API`);
  if (filter.thirdParty === true) parts.push("Used by a third-party application");
  if (filter.thirdParty === false) parts.push("Not used by third parties");
  if (typeof filter.teamId === "string") parts.push(`Owning team: ${names.team ?? "(removed)"}`);
  if (typeof filter.ownerId === "string") parts.push(`Owner: ${names.owner ?? "(removed)"}`);
  if (typeof filter.apiId === "string") parts.push(`Grants ${names.api ?? "a removed API"}`);
  if (typeof filter.trustZone === "string") parts.push(`Trust zone: ${filter.trustZone}`);
  if (typeof filter.q === "string") parts.push(`Search: “${filter.q}”`);
  return parts;
}

export default async function CampaignPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePage("/reviews/campaigns/[id]");
  const id = await pageRecordId(params);
  const { values, params: query } = parseSearchParams(campaignTaskQuery, await searchParams);
  const read = await readCampaign(ctx.actor, id, values);
  if (!read) notFound();
  const { campaign, tasks, names, followUps } = read;
  const now = new Date();
  const mayManage = can(ctx.actor.role, "campaign:manage");
  const mayExport = can(ctx.actor.role, "export:read");
  const filterParts = describeFilter(campaign.filter, names);
  const base = `/reviews/campaigns/${id}`;

  return (
    <>
      <BackLink href="/reviews">Reviews &amp; campaigns</BackLink>
      <PageHeader
        title={campaign.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            {campaign.status === "open" ? <Badge tone="blue">Open</Badge> : <Badge>Closed</Badge>}
            <span>Due {formatDate(campaign.dueAt)}</span>
            {campaign.status === "open" && campaign.dueAt < now && campaign.progress.open > 0 ? <Badge tone="red">Overdue</Badge> : null}
            <span aria-hidden="true">·</span>
            <span>Created by {campaign.createdBy?.name ?? "—"} on {formatDate(campaign.createdAt)}</span>
          </span>
        }
        actions={
          <>
            {mayExport ? (
              <Button asChild variant="secondary">
                <a href={`/api/v1/campaigns/${id}/export`} download data-testid="campaign-export">
                  Export CSV
                </a>
              </Button>
            ) : null}
            {mayManage && campaign.status === "open" ? <CampaignCloseButton campaignId={id} openTasks={campaign.progress.open} /> : null}
          </>
        }
      />
      <div className="space-y-6">
        <Card>
          <div className="flex flex-wrap items-center justify-between gap-4">
            <div>
              <h2 className="text-sm font-semibold text-slate-800">Progress</h2>
              <p className="mt-1 text-sm text-slate-600" data-testid="campaign-progress-summary">
                {campaign.progress.done} of {campaign.progress.total} reviewed
                {campaign.progress.cancelled > 0 ? `, ${campaign.progress.cancelled} cancelled (credential decommissioned)` : ""}
                {campaign.status === "closed" && campaign.progress.open > 0 ? `, ${campaign.progress.open} not done` : ""}
              </p>
            </div>
            <CampaignProgress done={campaign.progress.done} total={campaign.progress.total} label="Campaign progress" />
          </div>
          <p className="mt-3 text-sm text-slate-600">
            Scope: active credentials{filterParts.length ? ` — ${filterParts.join("; ")}` : " (all)"}.{" "}
            <Link className="text-brand-700 underline" href={inventoryHref(campaign.filter)}>
              Matching credentials in the inventory today
            </Link>
          </p>
        </Card>

        <section aria-labelledby="follow-ups-title" className="space-y-3" data-testid="campaign-follow-ups">
          <h2 id="follow-ups-title" className="text-base font-semibold text-slate-900">
            Open follow-ups
          </h2>
          <p className="text-sm text-slate-600">
            Reviews that decided to reduce scope or revoke count only once the change is made: the grants shrink, or the credential is decommissioned.
          </p>
          {followUps.total === 0 ? (
            <EmptyState title="No open follow-ups">Every decision of this campaign has been carried out, or kept the access as it was.</EmptyState>
          ) : (
            <DataTable caption={`Open follow-ups (${String(followUps.total)})`} head={["Credential", "Owner", "Decided", "Since"]}>
              {followUps.items.map((f) => (
                <tr key={f.id} data-testid="follow-up-row">
                  <Td>
                    <Link className="font-medium text-brand-700 hover:underline" href={`/inventory/${f.credential.id}?tab=lifecycle`}>
                      {f.credential.name}
                    </Link>
                  </Td>
                  <Td>{f.owner ?? "—"}</Td>
                  <Td>
                    <Badge tone={f.decision === "revoke" ? "red" : "amber"}>{decisionLabels[f.decision]}</Badge>
                  </Td>
                  <Td className="whitespace-nowrap">{formatDate(f.openedAt)}</Td>
                </tr>
              ))}
            </DataTable>
          )}
          {followUps.total > followUps.items.length ? <p className="text-xs text-slate-500">Showing the {followUps.items.length} oldest.</p> : null}
        </section>

        <section aria-labelledby="owners-title" className="space-y-3">
          <h2 id="owners-title" className="text-base font-semibold text-slate-900">
            By assignee
          </h2>
          <p className="text-sm text-slate-600">Tasks go to the owner; when the owner has left or is missing, to the backup owner, then a member of the owning team.</p>
          {campaign.owners.length === 0 ? (
            <EmptyState title="No credential matched">This campaign created no review tasks.</EmptyState>
          ) : (
            <DataTable caption="Progress per assignee" head={["Assigned to", "Tasks", "Done", "Not done", "Progress"]}>
              {campaign.owners.map((o) => (
                <tr key={o.assignee?.id ?? "none"} data-testid="owner-row">
                  <Td>
                    {o.assignee ? (
                      <Link className="text-brand-700 hover:underline" href={`/people/${o.assignee.id}`}>
                        {o.assignee.name}
                      </Link>
                    ) : (
                      <Badge tone="red">No owner</Badge>
                    )}
                  </Td>
                  <Td>{o.total}</Td>
                  <Td>{o.done}</Td>
                  <Td>{o.open}</Td>
                  <Td>
                    <CampaignProgress done={o.done} total={o.total} label={`Progress of ${o.assignee?.name ?? "unowned credentials"}`} />
                  </Td>
                </tr>
              ))}
            </DataTable>
          )}
        </section>

        <section aria-labelledby="tasks-title" className="space-y-3">
          <div className="flex flex-wrap items-end justify-between gap-2">
            <h2 id="tasks-title" className="text-base font-semibold text-slate-900">
              Tasks
            </h2>
            <form method="get" className="flex items-end gap-2" aria-label="Filter tasks">
              <div>
                <label htmlFor="task-status" className="mb-1 block text-sm font-medium text-slate-700">
                  Status
                </label>
                <select id="task-status" name="status" defaultValue={values.status ?? ""} className="h-9 rounded-md border border-slate-300 bg-white px-3 pr-8 text-sm">
                  <option value="">All</option>
                  <option value="open">Not done</option>
                  <option value="done">Done</option>
                  <option value="cancelled">Cancelled</option>
                </select>
              </div>
              <Button type="submit" variant="secondary">
                Apply
              </Button>
            </form>
          </div>
          {tasks.items.length === 0 ? (
            <EmptyState title={values.cursor ? "No more tasks" : "No tasks here"} />
          ) : (
            <DataTable caption="Review tasks of this campaign" head={["Credential", "Assigned to", "Team", "Status", "Decision", "Reviewed", "Reviewer"]}>
              {tasks.items.map((t) => (
                <tr key={t.id} data-testid="task-row">
                  <Td>
                    <Link className="font-medium text-brand-700 hover:underline" href={`/inventory/${t.credential.id}?tab=lifecycle`}>
                      {t.credential.name}
                    </Link>
                    <span className="block font-mono text-xs text-slate-500">{t.credential.key}</span>
                  </Td>
                  <Td>{t.assignee?.name ?? <span className="whitespace-nowrap"><Badge tone="red">No owner</Badge></span>}</Td>
                  <Td>{t.team?.name ?? "—"}</Td>
                  <Td className="whitespace-nowrap">
                    <Badge tone={statusTones[t.status]}>{taskStatusLabels[t.status]}</Badge>
                  </Td>
                  <Td>{t.decision ? decisionLabels[t.decision] : "—"}</Td>
                  <Td className="whitespace-nowrap">{t.reviewedAt ? formatDateTime(t.reviewedAt) : "—"}</Td>
                  <Td>{t.reviewer ?? "—"}</Td>
                </tr>
              ))}
            </DataTable>
          )}
          <Pager basePath={base} params={query} nextCursor={tasks.nextCursor} isFirstPage={!values.cursor} />
        </section>
      </div>
    </>
  );
}
