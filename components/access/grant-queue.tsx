import { Link } from "@/components/ui/link";
import { formatDate } from "@/components/inventory/labels";
import { Badge } from "@/components/ui/layout";
import { GrantActions } from "./grant-actions";
import { GrantStatusBadge } from "./grant-decisions-panel";

type QueueGrant = {
  id: string;
  credentialId: string;
  credentialName: string;
  apiName: string;
  apiTeamName: string | null;
  status: string;
  requestedByName: string | null;
  reviewDueAt: Date | null;
  justification: string | null;
  scopes: { id: string; name: string }[];
  actions: { decide: boolean; review: boolean };
};

/**
 * My queue's access section (DESIGN §4.5): requests to the APIs my teams own, waiting for a
 * decision, and approved grants whose re-review is due (passed or within 30 days).
 */
export function GrantQueue({ items, now }: { items: QueueGrant[]; now: Date }) {
  const requests = items.filter((g) => g.status === "requested");
  const reviews = items.filter((g) => g.status === "approved");
  return (
    <section aria-labelledby="queue-grants" data-testid="queue-section-grants" className="mt-8">
      <h2 id="queue-grants" className="mb-2 flex items-center gap-2 text-base font-semibold text-slate-900">
        API access waiting for my decision
        <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700" aria-label={`${String(items.length)} item${items.length === 1 ? "" : "s"}`}>
          {items.length}
        </span>
      </h2>
      {items.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-3 text-sm text-slate-500">No access request or re-review waits for your team&apos;s APIs.</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {[...requests, ...reviews].map((g) => (
            <li key={g.id} className="flex flex-col gap-3 px-4 py-3 md:flex-row md:items-start md:justify-between" data-testid={g.status === "requested" ? "queue-grant-request" : "queue-grant-review"}>
              <div className="min-w-0 space-y-1 text-sm">
                <p className="font-medium text-slate-900">
                  <Link className="text-brand-700 hover:underline" href={`/inventory/${g.credentialId}?tab=access`}>
                    {g.credentialName}
                  </Link>{" "}
                  → {g.apiName}
                </p>
                <p className="flex flex-wrap items-center gap-2 text-slate-600">
                  <GrantStatusBadge status={g.status} />
                  <span>scopes: {g.scopes.length ? g.scopes.map((s) => s.name).join(", ") : "none"}</span>
                  {g.status === "requested" ? <span>requested by {g.requestedByName ?? "someone"}</span> : null}
                  {g.status === "approved" && g.reviewDueAt ? (
                    <span className="flex items-center gap-1">
                      re-review by {formatDate(g.reviewDueAt)} {g.reviewDueAt.getTime() < now.getTime() ? <Badge tone="red">Overdue</Badge> : <Badge tone="amber">Due soon</Badge>}
                    </span>
                  ) : null}
                </p>
                {g.justification ? <p className="text-xs text-slate-500">Why: {g.justification}</p> : null}
              </div>
              <div className="md:w-80">
                {g.actions.decide || g.actions.review ? (
                  <GrantActions credentialId={g.credentialId} grantId={g.id} apiName={g.apiName} status={g.status} actions={g.actions} />
                ) : (
                  <p className="text-xs text-slate-500">You asked for this: someone else who speaks for the API decides it.</p>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
