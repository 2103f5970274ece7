import { Link } from "@/components/ui/link";
import { environmentLabels, labelOf } from "@/components/inventory/labels";
import { Badge } from "@/components/ui/layout";
import { ownershipRoleLabels, ownershipRoles, type OwnershipRole } from "@/lib/domain/vocabulary/queue";

type Holdings = {
  counts: Record<OwnershipRole, number>;
  total: number;
  items: { id: string; name: string; environment: string; roles: OwnershipRole[] }[];
  truncated: boolean;
};

/** What a person holds: counts by ownership role and the credentials (first ones by name), each linked. */
export function HoldingsList({ holdings, personName, limit = 200 }: { holdings: Holdings; personName: string; limit?: number }) {
  if (holdings.total === 0) return <p className="mt-2 text-sm text-slate-500">{personName} holds no ownership role on any active credential.</p>;
  const shown = holdings.items.slice(0, limit);
  return (
    <div className="mt-2 space-y-3" data-testid="holdings">
      <ul className="flex flex-wrap gap-2 text-sm" aria-label="Credentials by role">
        {ownershipRoles
          .filter((r) => holdings.counts[r] > 0)
          .map((r) => (
            <li key={r}>
              <Badge tone="blue">
                {ownershipRoleLabels[r]}: {holdings.counts[r]}
              </Badge>
            </li>
          ))}
      </ul>
      <ul className="max-h-80 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200" aria-label={`Credentials ${personName} holds`}>
        {shown.map((h) => (
          <li key={h.id} className="flex flex-wrap items-center gap-2 px-3 py-2 text-sm">
            <Link className="font-medium text-brand-700 hover:underline" href={`/inventory/${h.id}`}>
              {h.name}
            </Link>
            <span className="text-slate-500">{labelOf(environmentLabels, h.environment)}</span>
            <span className="text-slate-600">{h.roles.map((r) => ownershipRoleLabels[r]).join(", ")}</span>
          </li>
        ))}
      </ul>
      {holdings.total > shown.length ? (
        <p className="text-sm text-slate-500">
          Showing {shown.length} of {holdings.total} credentials.
        </p>
      ) : null}
    </div>
  );
}
