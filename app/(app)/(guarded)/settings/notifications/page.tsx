import type { Metadata } from "next";
import { Badge, Card, DataTable, EmptyState, PageHeader, Td, TitledSection } from "@/components/ui/layout";
import { pageHeaders } from "@/components/page-headers";
import { Pager } from "@/components/ui/list-controls";
import { FailureCauses } from "@/components/notifications/failure-causes";
import { CreateWebhookForm, RetryButton, RunJobButton, WebhookTable } from "@/components/notifications/webhooks";
import { readNotificationSettings } from "@/lib/server/notifications/reads";
import { requirePage } from "@/lib/server/page-guard";
import { parseSearchParams, type RawSearchParams } from "@/lib/server/search-params";
import { deliveriesQuery } from "@/lib/validation/notifications";

export const metadata: Metadata = { title: "Notifications · Steward" };

const fmt = (d: Date | null) => (d ? `${d.toISOString().slice(0, 19).replace("T", " ")} UTC` : "—");

function summarise(result: Record<string, unknown> | null): string {
  if (!result) return "—";
  return Object.entries(result)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(", ");
}

export default async function NotificationSettingsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const { actor } = await requirePage("/settings/notifications");
  const { values, params } = parseSearchParams(deliveriesQuery, await searchParams);

  const raw = await searchParams;
  const causeCursor = typeof raw.causes === "string" ? raw.causes : undefined;
  const { status, hooks, deliveries, teamOptions, causes } = await readNotificationSettings(actor, values, causeCursor);
  const causesHref = (cursor: string | null) => (cursor ? `/settings/notifications?causes=${encodeURIComponent(cursor)}#failed-causes-title` : "/settings/notifications#failed-causes-title");
  return (
    <>
      <PageHeader {...pageHeaders["/settings/notifications"]} />
      <div className="space-y-8">
        <div className="grid gap-4 md:grid-cols-3">
          <Card>
            <h2 className="text-sm font-medium text-slate-600">E-mail (SMTP)</h2>
            {status.smtp.configured ? (
              <p className="mt-2 text-sm" data-testid="smtp-status">
                <Badge tone="green">Configured</Badge> <span className="ml-1 font-mono text-xs">{status.smtp.server}</span>
                <span className="mt-1 block text-xs text-slate-500">From {status.smtp.from}</span>
              </p>
            ) : (
              <p className="mt-2 text-sm" data-testid="smtp-status">
                <Badge tone="amber">Not configured</Badge>
                <span className="mt-1 block text-xs text-slate-500">Set SMTP_URL to send e-mail. Until then e-mail deliveries fail and are listed below.</span>
              </p>
            )}
          </Card>
          <Card>
            <h2 className="text-sm font-medium text-slate-600">Scheduler</h2>
            <p className="mt-2 text-sm">{status.schedulerIntervalSeconds === 0 ? <Badge tone="amber">Off in this process</Badge> : `Every ${status.schedulerIntervalSeconds} s on every app process`}</p>
          </Card>
          <Card>
            <h2 className="text-sm font-medium text-slate-600">Deliveries</h2>
            <p className="mt-2 text-sm">
              {status.counts.pending} pending · <span className={status.counts.failed > 0 ? "font-semibold text-red-700" : undefined}>{status.counts.failed} failed</span>
            </p>
          </Card>
        </div>

        <TitledSection id="jobs-title" title="Scheduled jobs">
          <DataTable caption="Scheduled jobs and their last run" head={["Job", "Last started", "Last finished", "Result", ""]}>
            {status.jobs.map((j) => (
              <tr key={j.name} data-testid="job-row">
                <Td>
                  <span className="font-medium">{j.name}</span>
                  <span className="block text-xs text-slate-500">{j.description}</span>
                </Td>
                <Td>{fmt(j.lastStartedAt)}</Td>
                <Td>{fmt(j.lastFinishedAt)}</Td>
                <Td>{j.lastError ? <span className="text-red-700">{j.lastError}</span> : summarise(j.lastResult)}</Td>
                <Td>
                  <RunJobButton name={j.name} />
                </Td>
              </tr>
            ))}
          </DataTable>
        </TitledSection>

        <TitledSection id="webhooks-title" title="Webhooks">
          <Card>
            <CreateWebhookForm teams={teamOptions} />
          </Card>
          <WebhookTable hooks={hooks.map((h) => ({ id: h.id, name: h.name, url: h.url, teamName: h.teamName, isActive: h.isActive }))} />
        </TitledSection>

        <TitledSection id="failed-causes-title" title="Failed deliveries by cause">
          <p className="text-sm text-slate-600">Fix the cause first (set SMTP_URL, repair the receiver), then retry every delivery it stopped.</p>
          <FailureCauses
            causes={causes.items.map((c) => ({ ...c, lastFailedAt: c.lastFailedAt.toISOString() }))}
            nextHref={causes.nextCursor ? causesHref(causes.nextCursor) : null}
            firstHref={causeCursor ? causesHref(null) : null}
          />
        </TitledSection>

        <TitledSection id="failed-title" title={values.status === "failed" ? "Failed deliveries" : values.status === "pending" ? "Pending deliveries" : "Sent deliveries"}>
          {deliveries.items.length === 0 ? (
            <EmptyState title={values.status === "failed" ? "No failed deliveries" : "Nothing here"}>Every e-mail and webhook went out.</EmptyState>
          ) : (
            <DataTable caption="Deliveries" head={["Message", "Channel", "To", "Attempts", "Last error", "Updated", ""]}>
              {deliveries.items.map((d) => (
                <tr key={d.id} data-testid="delivery-row">
                  <Td>{d.subject}</Td>
                  <Td>{d.channel === "email" ? "E-mail" : "Webhook"}</Td>
                  <Td className="break-all">{d.target}</Td>
                  <Td>{d.attempts}</Td>
                  <Td className="max-w-xs break-words text-red-700">{d.lastError ?? "—"}</Td>
                  <Td>{fmt(d.updatedAt)}</Td>
                  <Td>{d.status === "failed" ? <RetryButton id={d.id} /> : null}</Td>
                </tr>
              ))}
            </DataTable>
          )}
          <Pager basePath="/settings/notifications" params={params} nextCursor={deliveries.nextCursor} isFirstPage={!values.cursor} />
        </TitledSection>
      </div>
    </>
  );
}
