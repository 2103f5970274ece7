import { formatDate, formatDateTime } from "@/components/inventory/labels";
import { Badge, DataTable, EmptyState, Td, type BadgeTone, TitledSection } from "@/components/ui/layout";
import { GrantActions } from "./grant-actions";

/** The Access tab's decision records (DESIGN §4.5): each grant's status, requester, approver, dates, actions; then the history. */

export const grantStatusLabels: Record<string, string> = { requested: "Pending approval", approved: "Approved", rejected: "Rejected", revoked: "Revoked", expired: "Expired" };
export const grantStatusTones: Record<string, BadgeTone> = { requested: "amber", approved: "green", rejected: "red", revoked: "slate", expired: "orange" };
const actionLabels: Record<string, string> = {
  requested: "Requested",
  approved: "Approved",
  rejected: "Rejected",
  revoked: "Revoked",
  expired: "Expired",
  kept: "Reviewed: kept",
  reduced: "Scopes reduced",
  removed: "Removed",
};

type Grant = {
  id: string;
  apiName: string;
  apiTeamName: string | null;
  status: string;
  requestedByName: string | null;
  decidedById: string | null;
  decidedByName: string | null;
  decidedAt: Date | null;
  reviewDueAt: Date | null;
  scopes: { id: string; name: string }[];
  actions: { decide: boolean; review: boolean; revoke: boolean };
};
type HistoryRow = { id: string; apiName: string; action: string; actorName: string | null; actorId: string | null; at: Date; justification: string | null; scopesBefore: string[]; scopesAfter: string[] };

export function GrantStatusBadge({ status }: { status: string }) {
  return <Badge tone={grantStatusTones[status] ?? "slate"}>{grantStatusLabels[status] ?? status}</Badge>;
}

function approverText(g: Grant): string {
  if (g.status === "requested") return `Waiting for ${g.apiTeamName ?? "the API's owners"}`;
  if (g.decidedByName) return g.decidedByName;
  if (g.status === "approved" && g.decidedById === null) return "Unknown (recorded before decisions)";
  return g.status === "expired" ? "Steward (re-review date passed)" : "—";
}

const scopesText = (scopes: readonly string[]) => (scopes.length ? scopes.join(", ") : "none");

export function GrantDecisionsPanel({ credentialId, grants, history, now }: { credentialId: string; grants: Grant[]; history: HistoryRow[]; now: Date }) {
  return (
    <div className="space-y-6">
      <TitledSection id="decisions-title" title="Access decisions">
        {grants.length === 0 ? (
          <EmptyState title="No access decisions">A grant of an API is decided by the API&apos;s owning team; requests and approvals show here.</EmptyState>
        ) : (
          <>
          {/* Phones: one card per grant, its actions inside the card's width (the eight-column table would scroll them out of view). */}
          <ul className="space-y-3 sm:hidden" aria-label="Access decisions per API">
            {grants.map((g) => (
              <li key={g.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs" data-testid="grant-decision-card">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <p className="font-medium text-slate-900">{g.apiName}</p>
                  <GrantStatusBadge status={g.status} />
                </div>
                <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
                  <dt className="text-slate-500">Scopes</dt>
                  <dd className="break-words font-mono text-xs">{scopesText(g.scopes.map((s) => s.name))}</dd>
                  <dt className="text-slate-500">Requested by</dt>
                  <dd>{g.requestedByName ?? "—"}</dd>
                  <dt className="text-slate-500">Approver</dt>
                  <dd>{approverText(g)}</dd>
                  <dt className="text-slate-500">Re-review by</dt>
                  <dd>{g.reviewDueAt ? formatDate(g.reviewDueAt) : "—"}</dd>
                </dl>
                <div className="mt-3">
                  <GrantActions credentialId={credentialId} grantId={g.id} apiName={g.apiName} status={g.status} actions={g.actions} scopes={g.scopes} />
                </div>
              </li>
            ))}
          </ul>
          <div className="hidden sm:block">
          <DataTable caption="Access decisions per API" head={["API", "Status", "Scopes", "Requested by", "Approver", "Decided", "Re-review by", "Actions"]}>
            {grants.map((g) => (
              <tr key={g.id} data-testid="grant-decision-row">
                <Td className="min-w-36 font-medium">{g.apiName}</Td>
                <Td>
                  <GrantStatusBadge status={g.status} />
                </Td>
                <Td className="font-mono text-xs">{scopesText(g.scopes.map((s) => s.name))}</Td>
                <Td>{g.requestedByName ?? "—"}</Td>
                <Td>{approverText(g)}</Td>
                <Td className="whitespace-nowrap">{g.decidedAt ? formatDate(g.decidedAt) : "—"}</Td>
                <Td className="whitespace-nowrap">
                  {g.reviewDueAt ? formatDate(g.reviewDueAt) : "—"}
                  {g.status === "approved" && g.reviewDueAt && g.reviewDueAt.getTime() < now.getTime() ? (
                    <span className="ml-1">
                      <Badge tone="red">Overdue</Badge>
                    </span>
                  ) : null}
                </Td>
                <Td className="min-w-56">
                  <GrantActions credentialId={credentialId} grantId={g.id} apiName={g.apiName} status={g.status} actions={g.actions} scopes={g.scopes} />
                </Td>
              </tr>
            ))}
          </DataTable>
          </div>
          </>
        )}
      </TitledSection>
      <TitledSection id="decision-history-title" title="Decision history">
        {history.length === 0 ? (
          <EmptyState title="No decisions recorded yet" />
        ) : (
          <DataTable caption="Access decision history, newest first" head={["Time (UTC)", "API", "Decision", "By", "Scopes", "Reason"]}>
            {history.map((h) => (
              <tr key={h.id} data-testid="grant-history-row">
                <Td className="whitespace-nowrap">{formatDateTime(h.at)}</Td>
                <Td>{h.apiName}</Td>
                <Td>{actionLabels[h.action] ?? h.action}</Td>
                <Td>{h.actorName ?? (h.actorId ? "A former user" : "Steward")}</Td>
                <Td className="font-mono text-xs">
                  {h.action === "reduced" || (h.action === "requested" && h.scopesBefore.length > 0) ? `${scopesText(h.scopesBefore)} → ${scopesText(h.scopesAfter)}` : scopesText(h.scopesAfter.length ? h.scopesAfter : h.scopesBefore)}
                </Td>
                <Td className="max-w-md whitespace-pre-line text-xs">{h.justification ?? "—"}</Td>
              </tr>
            ))}
          </DataTable>
        )}
      </TitledSection>
    </div>
  );
}
