import { Link } from "@/components/ui/link";
import { formatDateTime, labelOf, secretKindLabels, storageLabels } from "@/components/inventory/labels";
import { Badge, DataTable, DetailItem, Td } from "@/components/ui/layout";
import { remediationSummary } from "@/lib/domain/incident-containment";
import type { RotationState } from "@/lib/domain/rotation";
import { formatDuration, rotationStateLabels } from "./rotation-labels";

export type IncidentView = {
  id: string;
  credential: { id: string; name: string; environment: string; status: string };
  secret: { id: string; kind: string; storage: string; storageRef: string | null; status: string };
  source: string;
  note: string | null;
  detectedAt: Date;
  status: "open" | "remediated";
  openedBy: { id: string; name: string } | null;
  rotationRequest: { id: string; state: RotationState } | null;
  remediatedAt: Date | null;
  remediationSeconds: number | null;
  remediation: string | null;
};

export function IncidentStatusBadge({ status }: { status: IncidentView["status"] }) {
  return status === "open" ? <Badge tone="red">Open</Badge> : <Badge tone="green">Remediated</Badge>;
}

/** Time to remediate in hours (DESIGN §4.4: Steward should make it hours, not the industry's 27 days). */
/** What closed the incident: "Secret rotated" with a link to the rotation, not its id. */
export function Remediation({ text }: { text: string }) {
  const r = remediationSummary(text);
  if (!r.rotationRequestId) return <>{r.text}</>;
  return (
    <Link className="text-brand-700 underline" href={`/rotations/${r.rotationRequestId}`}>
      {r.text}
    </Link>
  );
}

export function TimeToRemediate({ i, now = new Date() }: { i: Pick<IncidentView, "status" | "remediationSeconds" | "detectedAt">; now?: Date }) {
  if (i.status === "remediated") return <span data-testid="time-to-remediate">{formatDuration(i.remediationSeconds)}</span>;
  return <span className="text-red-700">open for {formatDuration(Math.max(0, (now.getTime() - i.detectedAt.getTime()) / 1000))}</span>;
}

export function IncidentTable({ rows, now = new Date() }: { rows: IncidentView[]; now?: Date }) {
  return (
    <DataTable caption="Leak incidents, newest detection first" head={["Credential", "Secret", "Source", "Detected (UTC)", "Status", "Time to remediate", "Emergency rotation"]}>
      {rows.map((i) => (
        <tr key={i.id} className="hover:bg-slate-50" data-testid="incident-row">
          <Td className="min-w-48">
            <Link className="font-medium text-brand-700 hover:underline" href={`/incidents/${i.id}`}>
              {i.credential.name}
            </Link>
            <span className="block text-xs text-slate-500">{i.credential.environment}</span>
          </Td>
          <Td>{labelOf(secretKindLabels, i.secret.kind)}</Td>
          <Td className="max-w-64 break-words">{i.source}</Td>
          <Td className="whitespace-nowrap">{formatDateTime(i.detectedAt)}</Td>
          <Td>
            <IncidentStatusBadge status={i.status} />
          </Td>
          <Td className="whitespace-nowrap">
            <TimeToRemediate i={i} now={now} />
          </Td>
          <Td>
            {i.rotationRequest ? (
              <Link className="text-brand-700 underline" href={`/rotations/${i.rotationRequest.id}`}>
                {rotationStateLabels[i.rotationRequest.state]}
              </Link>
            ) : (
              "—"
            )}
          </Td>
        </tr>
      ))}
    </DataTable>
  );
}

export function IncidentSummary({ i, now = new Date() }: { i: IncidentView; now?: Date }) {
  return (
    <dl className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-2 lg:grid-cols-3" data-testid="incident-summary">
      <DetailItem label="Status"><IncidentStatusBadge status={i.status} /></DetailItem>
      <DetailItem label="Time to remediate"><TimeToRemediate i={i} now={now} /></DetailItem>
      <DetailItem label="Detected (UTC)">{formatDateTime(i.detectedAt)}</DetailItem>
      <DetailItem label="Source">{i.source}</DetailItem>
      <DetailItem label="Reported by">{i.openedBy?.name ?? "—"}</DetailItem>
      <DetailItem label="Secret">
        {labelOf(secretKindLabels, i.secret.kind)} in {labelOf(storageLabels, i.secret.storage)}
        {i.secret.storageRef ? <span className="block break-all font-mono text-xs text-slate-500">{i.secret.storageRef}</span> : null}
        <span className="block text-xs text-slate-500">now {i.secret.status}</span>
      </DetailItem>
      <DetailItem label="Emergency rotation">
        {i.rotationRequest ? (
          <Link className="text-brand-700 underline" href={`/rotations/${i.rotationRequest.id}`}>
            {rotationStateLabels[i.rotationRequest.state]}
          </Link>
        ) : (
          "—"
        )}
      </DetailItem>
      {i.remediatedAt ? <DetailItem label="Remediated (UTC)">{formatDateTime(i.remediatedAt)}</DetailItem> : null}
      {i.remediation ? (
        <DetailItem label="Remediation">
          <Remediation text={i.remediation} />
        </DetailItem>
      ) : null}
      {i.note ? (
        <div className="sm:col-span-2 lg:col-span-3">
          <dt className="text-slate-500">Note from the reporter</dt>
          <dd className="mt-1 whitespace-pre-line" data-testid="incident-note">
            {i.note}
          </dd>
        </div>
      ) : null}
    </dl>
  );
}
