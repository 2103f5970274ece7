import type { ComponentProps } from "react";
import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { AuditEventText } from "@/components/audit/event-text";
import { AccessGraph } from "@/components/inventory/access-graph";
import { BucketBadge, CredentialStatusBadge, PrivilegeBadge, RiskBadge } from "@/components/inventory/badges";
import { DetailTabs } from "@/components/inventory/detail-tabs";
import { CredentialControlsPanel } from "@/components/governance/credential-controls-panel";
import { environmentLabels, kindLabels, labelOf, statusLabels } from "@/components/inventory/labels";
import { OverviewPanel } from "@/components/inventory/overview-panel";
import { RiskBanner } from "@/components/inventory/risk-banner";
import { SecretsPanel } from "@/components/inventory/secrets-panel";
import { LifecyclePanel } from "@/components/lifecycle/lifecycle-panel";
import { decommissionReasonLabels } from "@/components/lifecycle/review-labels";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { auditActionLabel } from "@/lib/domain/audit-events";
import { UsagePanel } from "@/components/usage/usage-panel";
import { BackLink, Badge, Card, DataTable, DetailItem, EmptyState, PageHeader, Td } from "@/components/ui/layout";
import { readCredentialHistory, readCredentialOverview, readCredentialPage } from "@/lib/server/inventory/credential-page";
import type { Actor } from "@/lib/server/context";
import { pageRecordId, requirePage } from "@/lib/server/page-guard";
import { readCredentialAccessDecisions } from "@/lib/server/access/reads";
import { GrantDecisionsPanel, GrantStatusBadge } from "@/components/access/grant-decisions-panel";
import { RequestAccessForm } from "@/components/access/request-access-form";

export const metadata: Metadata = { title: "Credential · Steward" };

const tabIds = ["overview", "secrets", "access", "usage", "lifecycle", "controls", "history"] as const;
type TabId = (typeof tabIds)[number];
const HISTORY_PAGE = 25;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const sensitivityTones = { low: "slate", moderate: "blue", high: "amber", critical: "red" } as const;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function CredentialPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePage("/inventory/[id]");
  const id = await pageRecordId(params);
  const sp = await searchParams;
  const requested = first(sp.tab);
  const tab: TabId = tabIds.find((t) => t === requested) ?? "overview";
  const read = await readCredentialPage(ctx, id);
  if (!read) notFound();
  // One risk answer for the header badge, the Overview banner and the Findings tab count.
  const { detail, d, risk, facts, mayEdit, decommissioned } = read;
  const c = detail.credential;

  const tabs = [
    { id: "overview", label: "Overview" },
    { id: "secrets", label: "Secrets", count: d.secrets.length },
    { id: "access", label: "Access", count: d.grants.length },
    { id: "usage", label: "Usage" },
    { id: "lifecycle", label: "Lifecycle" },
    { id: "controls", label: "Findings & controls", count: risk.openFindings },
    { id: "history", label: "History" },
  ];

  return (
    <>
      <BackLink href="/inventory">Inventory</BackLink>
      <PageHeader
        title={d.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span>{labelOf(kindLabels, d.kind)}</span>
            <span aria-hidden="true">·</span>
            <span>{labelOf(environmentLabels, d.environment)}</span>
            <CredentialStatusBadge status={d.status} label={labelOf(statusLabels, d.status)} />
            {risk.level === "retired" ? null : <RiskBadge level={risk.level} label={risk.label} />}
          </span>
        }
        actions={
          mayEdit && !decommissioned ? (
            <Button asChild variant="secondary">
              <Link href={`/inventory/${id}/edit`}>Edit</Link>
            </Button>
          ) : null
        }
      />
      {decommissioned ? (
        <p role="status" data-testid="decommissioned-banner" className="mb-4 rounded-md border border-slate-300 bg-slate-100 px-3 py-2 text-sm text-slate-800">
          Decommissioned <DateTime value={c.decommissionedAt} withTime={false} />
          {c.decommissionReason ? ` (${decommissionReasonLabels[c.decommissionReason]})` : ""}. The record is read-only and kept as evidence; see the Lifecycle tab.
        </p>
      ) : null}
      <dl className="mb-6 grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-xs md:grid-cols-4">
        <DueItem label="Rotation due" at={d.rotationDueAt} bucket={d.rotationBucket} />
        <DueItem label="Review due" at={d.reviewDueAt} bucket={d.reviewBucket} />
        <DetailItem label="Owner">
          {d.owner ? d.owner.name : <Badge tone="red">No owner</Badge>}
          {d.owner && detail.ownerActive === false ? (
            <span className="ml-2">
              <Badge tone="red">Inactive</Badge>
            </span>
          ) : null}
        </DetailItem>
        <DetailItem label="Owning team">{d.owningTeam?.name ?? "—"}</DetailItem>
      </dl>
      <DetailTabs label="Credential sections" tabs={tabs} active={tab} basePath={`/inventory/${id}`}>
        {tab === "overview" ? <OverviewPanel d={await readCredentialOverview(ctx.actor, detail, d)} risk={<RiskBanner risk={risk} credentialId={id} />} /> : null}
        {tab === "secrets" ? (
          <SecretsPanel
            credentialId={id}
            canEdit={mayEdit && !decommissioned}
            readOnlyReason={mayEdit && decommissioned ? "This credential is decommissioned; its secrets are kept read-only as evidence." : undefined}
            secrets={d.secrets.map((s) => ({
              ...s,
              issuedAt: s.issuedAt.toISOString(),
              expiresAt: iso(s.expiresAt),
              lastRotatedAt: iso(s.lastRotatedAt),
              leakedAt: iso(s.leakedAt),
              remediatedAt: iso(s.remediatedAt),
              createdAt: s.createdAt.toISOString(),
            }))}
          />
        ) : null}
        {tab === "access" ? <AccessPanel d={d} decisions={await readCredentialAccessDecisions(ctx.actor, id)} mayRequest={mayEdit && !decommissioned} /> : null}
        {tab === "usage" ? <UsagePanel actor={ctx.actor} credentialId={id} /> : null}
        {tab === "lifecycle" ? (
          <LifecyclePanel credentialId={id} viewer={{ actor: ctx.actor, facts, mayEdit, decommissioned }} />
        ) : null}
        {tab === "controls" ? <CredentialControlsPanel actor={ctx.actor} credentialId={id} /> : null}
        {tab === "history" ? <HistoryPanel actor={ctx.actor} credentialId={id} before={first(sp.before)} /> : null}
      </DetailTabs>
    </>
  );
}

type Presented = NonNullable<Awaited<ReturnType<typeof readCredentialPage>>>["d"];

type Decisions = Awaited<ReturnType<typeof readCredentialAccessDecisions>>;

function AccessPanel({ d, decisions, mayRequest }: { d: Presented; decisions: Decisions; mayRequest: boolean }) {
  const statusOf = new Map((decisions?.grants ?? []).map((g) => [g.id, g.status]));
  return (
    <div className="space-y-6">
      <Card>
        <h2 className="mb-4 text-sm font-semibold text-slate-800">Where this credential reaches</h2>
        <AccessGraph
          credentialName={d.name}
          applications={d.applications}
          grants={d.grants.map((g) => ({ apiId: g.apiId, apiName: g.apiName, audience: g.audience, trustZone: g.trustZone, sensitivity: g.sensitivity, scopeCount: g.scopes.length, status: statusOf.get(g.id) ?? "approved" }))}
        />
      </Card>
      {decisions ? <GrantDecisionsPanel credentialId={d.id} grants={decisions.grants} history={decisions.history} now={new Date()} /> : null}
      {mayRequest ? <RequestAccessForm credentialId={d.id} /> : null}
      <section aria-labelledby="grants-title" className="space-y-3">
        <h2 id="grants-title" className="text-base font-semibold text-slate-900">
          API grants
        </h2>
        {d.grants.length === 0 ? (
          <EmptyState title="No API access granted">Grants record which APIs this credential may call, with which scopes and why.</EmptyState>
        ) : (
          <DataTable caption="API grants of this credential" head={["API", "Status", "Audience", "Trust zone", "Sensitivity", "Scopes", "Justification"]}>
            {d.grants.map((g) => (
              <tr key={g.id} data-testid="grant-row">
                <Td className="min-w-36">
                  <Link className="font-medium text-brand-700 hover:underline" href={`/apis/${g.apiId}`}>
                    {g.apiName}
                  </Link>
                </Td>
                <Td>
                  <GrantStatusBadge status={statusOf.get(g.id) ?? "approved"} />
                </Td>
                <Td className="max-w-56 break-all font-mono text-xs">{g.audience}</Td>
                <Td>{g.trustZone}</Td>
                <Td>
                  <Badge tone={sensitivityTones[g.sensitivity]}>{g.sensitivity}</Badge>
                </Td>
                <Td className="min-w-48">
                  {g.scopes.length === 0 ? (
                    <span className="text-slate-500">No scopes</span>
                  ) : (
                    <ul className="space-y-1">
                      {g.scopes.map((s) => (
                        <li key={s.id} className="flex flex-wrap items-center gap-1.5">
                          <code className="text-xs">{s.name}</code>
                          <PrivilegeBadge privilege={s.privilege} />
                          {s.lastUsedAt ? <span className="text-xs text-slate-500">used <DateTime value={s.lastUsedAt} /></span> : null}
                        </li>
                      ))}
                    </ul>
                  )}
                </Td>
                <Td className="min-w-48 whitespace-pre-line">{g.justification ?? <Badge tone="amber">No justification</Badge>}</Td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
      <section aria-labelledby="apps-title" className="space-y-3">
        <h2 id="apps-title" className="text-base font-semibold text-slate-900">
          Applications using it
        </h2>
        {d.applications.length === 0 ? (
          <EmptyState title="No application recorded">Record the workloads that use this credential so a revocation can be planned.</EmptyState>
        ) : (
          <DataTable caption="Applications using this credential" head={["Application", "Environment", "Trust zone", "Third party", "Status"]}>
            {d.applications.map((a) => (
              <tr key={a.id}>
                <Td>
                  <Link className="font-medium text-brand-700 hover:underline" href={`/applications/${a.id}`}>
                    {a.name}
                  </Link>
                </Td>
                <Td>{labelOf(environmentLabels, a.environment)}</Td>
                <Td>{a.trustZone}</Td>
                <Td>{a.thirdParty ? <Badge tone="amber">Third party</Badge> : "No"}</Td>
                <Td>{a.status === "active" ? <Badge tone="green">Active</Badge> : <Badge>Retired</Badge>}</Td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
    </div>
  );
}

async function HistoryPanel({ actor, credentialId, before }: { actor: Actor; credentialId: string; before: string | undefined }) {
  const cursor = before && /^\d{1,15}$/.test(before) ? Number(before) : undefined;
  const page = await readCredentialHistory(actor, credentialId, HISTORY_PAGE, cursor);
  // The audit log is for admin, security and auditors (DESIGN §2); members see the record, not its log.
  if (!page) {
    return <EmptyState title="History is part of the audit log">Admins, the security team and auditors can see who changed this credential and when.</EmptyState>;
  }
  if (page.items.length === 0) {
    return <EmptyState title={cursor ? "No older events" : "No events yet"} />;
  }
  return (
    <div className="space-y-4">
      <DataTable caption="Audit events of this credential, newest first" head={["#", "When", "Actor", "Action", "What happened"]}>
        {page.items.map((e) => (
          <tr key={e.seq} data-testid="history-row">
            <Td className="font-mono text-xs text-slate-500">{e.seq}</Td>
            <Td className="whitespace-nowrap"><DateTime value={e.occurredAt} /></Td>
            <Td>{e.actor}</Td>
            <Td className="whitespace-nowrap">{auditActionLabel(e.action)}</Td>
            <Td className="min-w-64 max-w-xl text-xs text-slate-700">
              <AuditEventText sentence={e.sentence} payload={e.payload} />
            </Td>
          </tr>
        ))}
      </DataTable>
      <nav aria-label="History pages" className="flex justify-between text-sm">
        {cursor !== undefined ? (
          <Link className="text-brand-700 underline" href={`/inventory/${credentialId}?tab=history`} scroll={false}>
            ← Newest
          </Link>
        ) : (
          <span />
        )}
        {page.nextCursor !== null ? (
          <Link className="text-brand-700 underline" href={`/inventory/${credentialId}?tab=history&before=${String(page.nextCursor)}`} scroll={false}>
            Older events →
          </Link>
        ) : (
          <span />
        )}
      </nav>
    </div>
  );
}

/** A due date in the credential's summary, with its bucket (overdue, due soon …). */
function DueItem({ label, at, bucket }: { label: string; at: ComponentProps<typeof DateTime>["value"]; bucket: ComponentProps<typeof BucketBadge>["bucket"] }) {
  return (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd className="mt-1 flex flex-wrap items-center gap-2 font-medium">
        <DateTime value={at} withTime={false} /> <BucketBadge bucket={bucket} />
      </dd>
    </div>
  );
}
