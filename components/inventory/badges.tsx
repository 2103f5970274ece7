import { Badge } from "@/components/ui/layout";
import { bucketLabels, formatDate } from "./labels";
import type { DueBucket } from "./types";

const tones = { overdue: "red", due_soon: "amber", ok: "green", none: "slate" } as const;

export function BucketBadge({ bucket }: { bucket: DueBucket }) {
  return <Badge tone={tones[bucket]}>{bucketLabels[bucket]}</Badge>;
}

/** A due date with its bucket: the badge carries the colour, the text carries the meaning. */
export function DueCell({ at, bucket }: { at: string | Date | null; bucket: DueBucket }) {
  return (
    <span className="flex flex-col items-start gap-1 whitespace-nowrap">
      <span>{at ? formatDate(at) : "—"}</span>
      <BucketBadge bucket={bucket} />
    </span>
  );
}

const privilegeTones = { read: "slate", write: "amber", admin: "red" } as const;

export function PrivilegeBadge({ privilege }: { privilege: string }) {
  return <Badge tone={privilegeTones[privilege as keyof typeof privilegeTones]}>{privilege}</Badge>;
}

const secretStatusTones = { active: "green", superseded: "slate", revoked: "slate", leaked: "red" } as const;

export function SecretStatusBadge({ status, label }: { status: string; label: string }) {
  return <Badge tone={secretStatusTones[status as keyof typeof secretStatusTones]}>{label}</Badge>;
}

const credentialStatusTones = { active: "green", suspended: "amber", decommissioned: "slate" } as const;

export function CredentialStatusBadge({ status, label }: { status: string; label: string }) {
  return <Badge tone={credentialStatusTones[status as keyof typeof credentialStatusTones]}>{label}</Badge>;
}

const riskTones = { critical: "critical", high: "orange", attention: "amber", ok: "green", retired: "slate" } as const;

/** The credential's risk (lib/domain/credential-risk): shown beside its status so "Active" is never green alone. */
export function RiskBadge({ level, label }: { level: keyof typeof riskTones; label: string }) {
  return (
    <span data-testid="risk-badge" data-level={level}>
      <Badge tone={riskTones[level]}>{label}</Badge>
    </span>
  );
}
