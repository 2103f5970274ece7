import { CheckCircle2, Circle } from "lucide-react";
import { Link } from "@/components/ui/link";
import type { ReactNode } from "react";
import { DateTime } from "@/components/ui/date-time";
import { Badge, DetailItem } from "@/components/ui/layout";
import { remediationSummary, type ContainmentStep, type ContainmentStepId } from "@/lib/domain/incident-containment";
import type { RotationActions } from "@/lib/validation/rotation-dto";
import type { IncidentView } from "./incident-views";
import { RotationActionButtons } from "./rotation-forms";
import { rotationTimelineEntries, Timeline, type RotationDetailView, type TimelineEntry } from "./rotation-views";

type Rotation = RotationDetailView & { actions: RotationActions; oldSecret: Parameters<typeof RotationActionButtons>[0]["oldSecret"] };
export type IncidentPageView = {
  incident: IncidentView;
  owners: { ownerName: string | null; backupOwnerName: string | null; owningTeamName: string | null };
  rotation: Rotation | null;
  usage: { allowed: number; denied: number; hasEvidence: boolean };
  steps: ContainmentStep[];
};

/** Who answers for the incident: the credential's owner and backup, and the person who reported it. */
export function IncidentOwners({ v }: { v: IncidentPageView }) {
  return (
    <dl className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-2" data-testid="incident-owners">
      <DetailItem label="Credential owner">{v.owners.ownerName ?? <Badge tone="amber">No owner</Badge>}</DetailItem>
      <DetailItem label="Backup owner">{v.owners.backupOwnerName ?? "—"}</DetailItem>
      <DetailItem label="Owning team">{v.owners.owningTeamName ?? "—"}</DetailItem>
      <DetailItem label="Opened by">{v.incident.openedBy?.name ?? "Steward"}</DetailItem>
    </dl>
  );
}

/** Opened, marked leaked, the emergency rotation's steps and the close, oldest first. */
export function IncidentTimeline({ v }: { v: IncidentPageView }) {
  const { incident: i, rotation } = v;
  const entries: TimelineEntry[] = [{ at: i.detectedAt, title: "Opened: secret marked leaked", who: i.openedBy?.name ?? "Steward", note: `Source: ${i.source}` }];
  if (rotation) for (const e of rotationTimelineEntries(rotation)) entries.push({ ...e, title: `Emergency rotation ${e.title.charAt(0).toLowerCase()}${e.title.slice(1)}` });
  if (i.status === "remediated" && i.remediatedAt) entries.push({ at: i.remediatedAt, title: "Closed: remediated", who: null, note: i.remediation ? remediationSummary(i.remediation).text : null });
  return <Timeline entries={entries} testId="incident-timeline" />;
}

const stepLabels: Record<ContainmentStepId, string> = {
  "request-rotation": "Request an emergency rotation",
  "approve-rotation": "Approve the emergency rotation",
  "record-new-secret": "Rotate: record the new secret",
  "revoke-old-secret": "Revoke the old secret",
  "check-usage": "Check use of the credential since the leak",
  "review-audit": "Review the audit log for the credential",
};

const none: RotationActions = { approve: false, approveBreakGlass: false, reject: false, cancel: false, complete: false };

/** The containment checklist: each step ticked from the records, with its action beside it while open. */
export function ContainmentChecklist({ v, canReadAudit }: { v: IncidentPageView; canReadAudit: boolean }) {
  const { incident: i, rotation, usage } = v;
  const credentialHref = `/inventory/${i.credential.id}`;
  // The rotation page's own dialogs, only those this step needs (and the server allows this viewer).
  const rotationButtons = (keys: readonly (keyof RotationActions)[]) => {
    if (!rotation) return null;
    const actions = { ...none };
    for (const k of keys) actions[k] = rotation.actions[k];
    return <RotationActionButtons requestId={rotation.id} actions={actions} oldSecret={rotation.oldSecret} emergency={rotation.reason === "compromise"} />;
  };
  const link = (href: string, text: string) => (
    <Link className="text-sm text-brand-700 underline" href={href}>
      {text}
    </Link>
  );
  const detail: Partial<Record<ContainmentStepId, ReactNode>> = {
    "check-usage": !usage.hasEvidence ? (
      "No usage evidence is reported for this credential: check the API's own logs."
    ) : (
      <>
        {usage.allowed} allowed and {usage.denied} denied request{usage.denied === 1 ? "" : "s"} reported since <DateTime value={i.detectedAt} withTime={false} />.
      </>
    ),
    "revoke-old-secret": `The leaked secret is ${i.secret.status} now.`,
  };
  const action = (id: ContainmentStepId): ReactNode => {
    switch (id) {
      case "request-rotation":
        return link(`${credentialHref}?tab=lifecycle`, "Request on the credential");
      case "approve-rotation":
        return rotationButtons(["approve", "approveBreakGlass"]);
      case "record-new-secret":
        return rotationButtons(["complete"]);
      case "revoke-old-secret":
        return link(`${credentialHref}?tab=secrets`, "Open the secrets");
      case "check-usage":
        return link(`${credentialHref}?tab=usage`, "Open usage");
      case "review-audit":
        return canReadAudit ? link(`/audit?targetType=credential&targetId=${i.credential.id}`, "Open the audit log") : null;
    }
  };
  return (
    <ol className="divide-y divide-slate-100" aria-label="Containment steps" data-testid="containment-steps">
      {v.steps.map((s) => (
        <li key={s.id} className="flex flex-wrap items-start justify-between gap-3 py-3" data-testid="containment-step" data-step={s.id} data-done={s.done}>
          <div className="flex min-w-0 items-start gap-2">
            {s.done ? <CheckCircle2 className="mt-0.5 h-4 w-4 shrink-0 text-green-600" aria-hidden="true" /> : <Circle className="mt-0.5 h-4 w-4 shrink-0 text-slate-400" aria-hidden="true" />}
            <div className="min-w-0">
              <p className="text-sm font-medium text-slate-900">
                {stepLabels[s.id]}
                <span className="sr-only">{s.done ? " (done)" : " (open)"}</span>
              </p>
              {detail[s.id] ? <p className="text-xs text-slate-600">{detail[s.id]}</p> : null}
            </div>
          </div>
          {s.done ? <Badge tone="green">Done</Badge> : <div className="shrink-0">{action(s.id)}</div>}
        </li>
      ))}
    </ol>
  );
}
