import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { environmentLabels, formatDateTime, labelOf } from "@/components/inventory/labels";
import { SeverityBadge } from "@/components/queue/severity-badge";
import { Button } from "@/components/ui/button";
import { BackLink, Badge, Card, PageHeader } from "@/components/ui/layout";
import { can } from "@/lib/authz/permissions";
import { findControl } from "@/lib/domain/catalog/frameworks";
import { ruleControls } from "@/lib/domain/catalog/mapping";
import { findingAge } from "@/lib/domain/finding-summary";
import { isRuleId } from "@/lib/domain/posture/types";
import { readAssigneeChoices, readFinding } from "@/lib/server/governance/reads";
import { FindingAssign } from "@/components/governance/findings-triage";
import { pageRecordId, requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "Finding · Steward" };

const statusTones = { open: "red", excepted: "amber", resolved: "green" } as const;
const statusLabels = { open: "Open", excepted: "Accepted by exception", resolved: "Resolved" } as const;
/** Rules whose fix is a rotation: the detail offers it as the first action. */
const fixedByRotation = new Set(["rotation-overdue", "secret-leaked", "secret-reused", "secret-no-expiry"]);

/** One finding (DESIGN §6 Findings): why it fired, since when, how to fix it, and what to do now. */
export default async function FindingPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePage("/findings/[id]");
  const id = await pageRecordId(params);
  const f = await readFinding(ctx.actor, id);
  if (!f) notFound();
  const now = new Date();
  const controls = isRuleId(f.ruleId) ? ruleControls[f.ruleId].flatMap((c) => findControl(c.framework, c.controlId) ?? []) : [];
  const credentialHref = `/inventory/${f.credential.id}`;
  const live = f.status !== "resolved" && f.credential.status !== "decommissioned";
  const assignable = f.status !== "resolved" && can(ctx.actor.role, "finding:manage");
  const people = assignable ? await readAssigneeChoices(ctx.actor) : [];

  return (
    <>
      <BackLink href="/findings">Findings</BackLink>
      <PageHeader
        title={f.ruleTitle}
        description={
          <span className="flex flex-wrap items-center gap-2" data-testid="finding-summary">
            <SeverityBadge severity={f.severity} />
            <Badge tone={statusTones[f.status]}>{statusLabels[f.status]}</Badge>
            <span>
              on{" "}
              <Link className="text-brand-700 underline" href={credentialHref}>
                {f.credential.name}
              </Link>{" "}
              · {labelOf(environmentLabels, f.credential.environment)}
              {f.credential.teamName ? ` · ${f.credential.teamName}` : ""}
            </span>
          </span>
        }
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <h2 className="mb-2 text-sm font-semibold text-slate-800">Why</h2>
          <p className="text-sm text-slate-900" data-testid="finding-why">
            {f.summary}
          </p>
          <h2 className="mb-2 mt-4 text-sm font-semibold text-slate-800">Since when</h2>
          <p className="text-sm text-slate-900" data-testid="finding-since">
            Opened {formatDateTime(f.openedAt)}
            {f.status === "resolved" ? (
              <>
                ; resolved {formatDateTime(f.resolvedAt)}
                {f.resolution ? ` (${f.resolution})` : ""}.
              </>
            ) : (
              ` (${findingAge(f.openedAt, now)}).`
            )}
          </p>
          <h2 className="mb-2 mt-4 text-sm font-semibold text-slate-800">Assignee</h2>
          <div className="flex flex-wrap items-center gap-3 text-sm text-slate-900">
            <span data-testid="finding-assignee">{f.assignee ? <Link className="text-brand-700 underline" href={`/people/${f.assignee.id}`}>{f.assignee.name}</Link> : <span className="text-fg-muted">Unassigned</span>}</span>
            {assignable ? <FindingAssign findingId={f.id} people={people} assigned={Boolean(f.assignee)} /> : null}
          </div>
        </Card>
        <Card>
          <h2 className="mb-2 text-sm font-semibold text-slate-800">How to fix</h2>
          <p className="text-sm text-slate-900" data-testid="finding-fix">
            {f.fix ?? "Act on the credential as the finding says; it resolves itself once its cause is gone."}
          </p>
          <h2 className="mb-2 mt-4 text-sm font-semibold text-slate-800">Actions</h2>
          <div className="flex flex-wrap gap-2" data-testid="finding-actions">
            {live && fixedByRotation.has(f.ruleId) ? (
              <Button asChild>
                <Link href={`${credentialHref}?tab=lifecycle`}>Rotate the secret</Link>
              </Button>
            ) : null}
            <Button asChild variant="secondary">
              <Link href={credentialHref}>Open the credential</Link>
            </Button>
            {f.status === "open" && live && can(ctx.actor.role, "exception:manage") ? (
              <Button asChild variant="secondary">
                <Link href={`/exceptions/new?findingId=${f.id}`}>Accept the risk</Link>
              </Button>
            ) : null}
            {f.status === "excepted" && f.exceptionId ? (
              <Button asChild variant="secondary">
                <Link href="/exceptions">See the exception</Link>
              </Button>
            ) : null}
          </div>
        </Card>
      </div>
      {controls.length > 0 ? (
        <section aria-labelledby="controls-title" className="mt-6">
          <h2 id="controls-title" className="mb-2 text-base font-semibold text-slate-900">
            Controls this finding fails
          </h2>
          <ul className="flex flex-wrap gap-2 text-sm">
            {controls.map((c) => (
              <li key={`${c.framework}/${c.oscalId}`}>
                <Link className="text-brand-700 underline" href={`/controls/${c.framework}/${encodeURIComponent(c.oscalId)}`}>
                  {c.id} {c.title}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
