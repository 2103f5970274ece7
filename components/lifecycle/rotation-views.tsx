import { Link } from "@/components/ui/link";
import { formatDate, formatDateTime, labelOf, secretKindLabels, storageLabels } from "@/components/inventory/labels";
import { DateTime } from "@/components/ui/date-time";
import { Badge, DataTable, DetailItem, Td } from "@/components/ui/layout";
import type { RotationReason, RotationState } from "@/lib/domain/rotation";
import { ageOf, rotationReasonLabels, rotationStateLabels, rotationStateTones } from "./rotation-labels";

/** Server-rendered views of rotation requests: badges, the summary, the timeline and the list table. */

type Ref = { id: string; name: string } | null;

export type RotationListRow = {
  id: string;
  credential: { id: string; name: string; environment: string; status: string };
  state: RotationState;
  reason: RotationReason;
  plannedAt: Date;
  requester: Ref;
  approvalsRequired: number;
  securityApprovalRequired: boolean;
  approvalCount: number;
  hasSecurityApproval: boolean;
  requirement: ApprovalRequirementView;
  breakGlass: boolean;
  createdAt: Date;
};

/** lib/domain/rotation `approvalRequirement` as the API sends it: what is needed, who can give it, what is missing. */
export type ApprovalRequirementView = { rule: "policy" | "emergency"; given: number; required: number; securityRequired: boolean; securityGiven: boolean; ignored: number; satisfied: boolean; words: { needed: string; whoCanGive: string; missing: string } };

export type RotationDetailView = RotationListRow & {
  note: string | null;
  expiresAt: Date;
  decidedAt: Date | null;
  completedAt: Date | null;
  approvals: { approver: { id: string; name: string }; isSecurity: boolean; breakGlass: boolean; counts: boolean; note: string | null; at: Date }[];
  eligibleOwner: Ref;
  eligibleBackupOwner: Ref;
  decidedBy: Ref;
  decisionNote: string | null;
  oldSecretDisposition: "superseded" | "revoked" | null;
  checklistDeployed: boolean;
  checklistOldRevoked: boolean;
  incidentId: string | null;
  oldSecret: { kind: string; storage: string; storageRef: string | null; status: string } | null;
};

export function RotationStateBadge({ state }: { state: RotationState }) {
  return <Badge tone={rotationStateTones[state]}>{rotationStateLabels[state]}</Badge>;
}

/** The counter: filled slots of the one rule, and (while pending) what is missing in its own words. */
export function ApprovalProgress({ r }: { r: Pick<RotationListRow, "requirement" | "state"> }) {
  const q = r.requirement;
  return (
    <span className="whitespace-nowrap" data-testid="approval-progress">
      {q.given}/{q.required}
      {q.rule === "emergency" ? <span className="ml-1 text-xs text-slate-500">break-glass</span> : null}
      {q.rule === "policy" && q.securityRequired && q.securityGiven ? <span className="ml-1 text-xs text-slate-500">incl. security ✓</span> : null}
      {r.state === "requested" && !q.satisfied ? <span className="ml-1 text-xs text-slate-500">missing: {q.words.missing.replace(/\.$/, "").toLowerCase()}</span> : null}
    </span>
  );
}

export function RotationSummary({ r }: { r: RotationDetailView }) {
  return (
    <dl className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-2 lg:grid-cols-3" data-testid="rotation-summary">
      <div>
        <dt className="text-slate-500">State</dt>
        <dd className="mt-1 flex flex-wrap items-center gap-2" data-testid="rotation-state">
          <RotationStateBadge state={r.state} />
          {r.breakGlass ? <Badge tone="red">Break-glass</Badge> : null}
        </dd>
      </div>
      <DetailItem label="Reason">{rotationReasonLabels[r.reason]}</DetailItem>
      <div>
        <dt className="text-slate-500">Approvals</dt>
        <dd className="mt-1 font-medium" data-testid="rotation-approvals">
          <ApprovalProgress r={r} />
          <dl className="mt-1 space-y-0.5 text-xs font-normal text-slate-600" data-testid="rotation-requirement">
            <div>
              <dt className="inline font-medium">Needed: </dt>
              <dd className="inline">{r.requirement.words.needed}</dd>
            </div>
            {r.state === "requested" ? (
              <>
                <div>
                  <dt className="inline font-medium">Who can give it: </dt>
                  <dd className="inline">{r.requirement.words.whoCanGive}</dd>
                </div>
                <div>
                  <dt className="inline font-medium">Missing: </dt>
                  <dd className="inline">{r.requirement.words.missing}</dd>
                </div>
              </>
            ) : null}
            {r.requirement.ignored > 0 ? <div>{r.requirement.ignored} approval(s) do not count (by the requester, or by someone who has since left).</div> : null}
          </dl>
        </dd>
      </div>
      <DetailItem label="Requested by">{r.requester?.name ?? "—"}</DetailItem>
      <DetailItem label="Planned">{formatDate(r.plannedAt)}</DetailItem>
      <div>
        <dt className="text-slate-500">Eligible approvers</dt>
        <dd className="mt-1">
          {r.requirement.rule === "emergency"
            ? "Security team or an admin (break-glass)"
            : [r.eligibleOwner ? `${r.eligibleOwner.name} (owner)` : null, r.eligibleBackupOwner ? `${r.eligibleBackupOwner.name} (backup)` : null, "security team"].filter(Boolean).join(", ")}
        </dd>
      </div>
      {r.state === "requested" ? (
        <div>
          <dt className="text-slate-500">Expires without a decision</dt>
          <dd className="mt-1">{formatDateTime(r.expiresAt)}</dd>
        </div>
      ) : null}
      {r.oldSecret ? (
        <div>
          <dt className="text-slate-500">Secret replaced</dt>
          <dd className="mt-1">
            {labelOf(secretKindLabels, r.oldSecret.kind)} in {labelOf(storageLabels, r.oldSecret.storage)} <span className="text-xs text-slate-500">({r.oldSecret.status})</span>
            {r.oldSecret.storageRef ? <span className="block break-all font-mono text-xs text-slate-500">{r.oldSecret.storageRef}</span> : null}
          </dd>
        </div>
      ) : null}
      {r.note ? (
        <div className="sm:col-span-2">
          <dt className="text-slate-500">Note</dt>
          <dd className="mt-1 whitespace-pre-line">{r.note}</dd>
        </div>
      ) : null}
      {r.incidentId ? (
        <div>
          <dt className="text-slate-500">Leak incident</dt>
          <dd className="mt-1">
            <Link className="text-brand-700 underline" href={`/incidents/${r.incidentId}`}>
              View incident
            </Link>
          </dd>
        </div>
      ) : null}
    </dl>
  );
}

export type TimelineEntry = { at: Date; title: string; who: string | null; note?: string | null };

/** What happened to a rotation request, oldest first, from the request and its approvals (readable by everyone; the audit log has the rest). */
export function rotationTimelineEntries(r: RotationDetailView): TimelineEntry[] {
  const entries: TimelineEntry[] = [{ at: r.createdAt, title: `Requested · ${rotationReasonLabels[r.reason]}`, who: r.requester?.name ?? null }];
  for (const a of r.approvals) {
    const title = a.breakGlass ? (a.approver.id === r.requester?.id ? "Approved own request (break-glass)" : "Approved (break-glass)") : a.isSecurity ? "Approved (security)" : "Approved";
    entries.push({ at: a.at, title: a.counts ? title : `${title} — no longer counts: the approver has left`, who: a.approver.name, note: a.note });
  }
  if ((r.state === "approved" || r.state === "completed") && r.decidedAt) {
    entries.push({ at: r.decidedAt, title: r.breakGlass ? "Approval met (break-glass)" : "Approval met", who: null });
  }
  if (r.state === "rejected" && r.decidedAt) entries.push({ at: r.decidedAt, title: "Rejected", who: r.decidedBy?.name ?? null, note: r.decisionNote });
  if (r.state === "cancelled" && r.decidedAt) entries.push({ at: r.decidedAt, title: "Cancelled", who: r.decidedBy?.name ?? null, note: r.decisionNote });
  if (r.state === "expired" && r.decidedAt) entries.push({ at: r.decidedAt, title: "Expired: no decision within 14 days", who: "Steward" });
  if (r.state === "completed" && r.completedAt) {
    const checklist = [r.checklistDeployed ? "deployed to all consumers" : null, r.checklistOldRevoked ? "old secret revoked at the authorization server" : null].filter(Boolean).join("; ");
    entries.push({
      at: r.completedAt,
      title: `Completed: new secret recorded${r.oldSecretDisposition ? `, old secret ${r.oldSecretDisposition}` : ""}`,
      who: null,
      note: checklist ? `Checklist: ${checklist}.${r.decisionNote ? ` ${r.decisionNote}` : ""}` : r.decisionNote,
    });
  }
  return entries;
}

/** A vertical timeline, oldest first. */
export function Timeline({ entries, testId }: { entries: TimelineEntry[]; testId: string }) {
  const sorted = [...entries].sort((a, b) => a.at.getTime() - b.at.getTime());
  return (
    <ol className="space-y-3 border-l-2 border-slate-200 pl-4" aria-label="Timeline" data-testid={testId}>
      {sorted.map((e, i) => (
        <li key={i} className="relative" data-testid={`${testId}-entry`}>
          <span className="absolute -left-[1.4rem] top-1.5 h-2.5 w-2.5 rounded-full bg-brand-500" aria-hidden="true" />
          <p className="text-sm font-medium text-slate-900">{e.title}</p>
          <p className="text-xs text-slate-500">
            <DateTime value={e.at} />
            {e.who ? ` · ${e.who}` : ""}
          </p>
          {e.note ? <p className="mt-1 whitespace-pre-line text-sm text-slate-700">{e.note}</p> : null}
        </li>
      ))}
    </ol>
  );
}

export function RotationTimeline({ r }: { r: RotationDetailView }) {
  return <Timeline entries={rotationTimelineEntries(r)} testId="rotation-timeline" />;
}

export function RotationTable({ rows, caption, showCredential = true, now = new Date() }: { rows: RotationListRow[]; caption: string; showCredential?: boolean; now?: Date }) {
  const head = [...(showCredential ? ["Credential"] : []), "Reason", "State", "Requester", "Approvals", "Planned", "Age"];
  return (
    <DataTable caption={caption} head={head}>
      {rows.map((r) => (
        <tr key={r.id} className="hover:bg-slate-50" data-testid="rotation-row">
          {showCredential ? (
            <Td className="min-w-48">
              <Link className="font-medium text-brand-700 hover:underline" href={`/rotations/${r.id}`}>
                {r.credential.name}
              </Link>
              <span className="block text-xs text-slate-500">{r.credential.environment}</span>
            </Td>
          ) : null}
          <Td>
            {showCredential ? (
              rotationReasonLabels[r.reason]
            ) : (
              <Link className="font-medium text-brand-700 hover:underline" href={`/rotations/${r.id}`}>
                {rotationReasonLabels[r.reason]}
              </Link>
            )}
          </Td>
          <Td>
            <span className="flex flex-wrap gap-1">
              <RotationStateBadge state={r.state} />
              {r.breakGlass ? <Badge tone="red">Break-glass</Badge> : null}
            </span>
          </Td>
          <Td>{r.requester?.name ?? "—"}</Td>
          <Td>
            <ApprovalProgress r={r} />
          </Td>
          <Td className="whitespace-nowrap">{formatDate(r.plannedAt)}</Td>
          <Td className="whitespace-nowrap">{ageOf(r.createdAt, now)}</Td>
        </tr>
      ))}
    </DataTable>
  );
}
