import { Link } from "@/components/ui/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/layout";
import { CredentialStatusBadge, DueCell } from "./badges";
import { environmentLabels, kindLabels, labelOf, statusLabels } from "./labels";
import type { CredentialRow } from "./types";

export const ownerCell = (c: CredentialRow) => (c.owner ? c.owner.name : <Badge tone="red">No owner</Badge>);

/** What a card shows under the name: the table's accountability and due-date columns. */
const facts: { label: string; value: (c: CredentialRow) => ReactNode }[] = [
  { label: "Owner", value: ownerCell },
  { label: "Team", value: (c) => (c.owningTeam ? c.owningTeam.name : "—") },
  { label: "Rotation due", value: (c) => <DueCell at={c.rotationDueAt} bucket={c.rotationBucket} /> },
  { label: "Review due", value: (c) => <DueCell at={c.reviewDueAt} bucket={c.reviewBucket} /> },
];

/** The inventory on phones: a card per credential (the six-column table needs a wider screen). */
export function CredentialCards({ items }: { items: CredentialRow[] }) {
  return (
    <ul className="space-y-3" aria-label="Credentials">
      {items.map((c) => (
        <li key={c.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs" data-testid="credential-card">
          <div className="flex items-start justify-between gap-3">
            <Link className="font-medium text-brand-700 hover:underline" href={`/inventory/${c.id}`}>
              {c.name}
            </Link>
            <CredentialStatusBadge status={c.status} label={labelOf(statusLabels, c.status)} />
          </div>
          <p className="mt-1 text-xs text-slate-500">
            {labelOf(kindLabels, c.kind)} · {labelOf(environmentLabels, c.environment)}
            {c.clientId ? (
              <>
                {" · "}
                <span className="break-all font-mono">{c.clientId}</span>
              </>
            ) : null}
          </p>
          <dl className="mt-3 grid grid-cols-2 gap-3 text-sm">
            {facts.map((f) => (
              <div key={f.label}>
                <dt className="text-xs text-slate-500">{f.label}</dt>
                <dd>{f.value(c)}</dd>
              </div>
            ))}
          </dl>
        </li>
      ))}
    </ul>
  );
}
