"use client";

import { useQuery } from "@tanstack/react-query";
import { Link } from "@/components/ui/link";
import { Badge, EmptyState } from "@/components/ui/layout";
import { queryKeys } from "@/components/query-keys";
import { apiCall } from "@/lib/api/client";
import { routes } from "@/lib/api/routes";
import type { DashboardState } from "./dashboard-view";
import type { TeamHoldersDto } from "@/lib/validation/dashboard";
import { dashboardLinks } from "./links";

/** A team's people (the team page): who owns what, who is overloaded, who left — and the way to fix it. */
export function HoldersTable({ teamId, environment, initial, canReassign }: { teamId: string; environment: DashboardState["environment"]; initial: TeamHoldersDto | null; canReassign: boolean }) {
  const { data } = useQuery({
    queryKey: queryKeys.dashboard.holders(teamId, environment),
    queryFn: ({ signal }) => apiCall(routes.getTeamHolders, { params: { id: teamId }, query: { environment: environment ?? undefined }, signal }),
    initialData: initial ?? undefined,
    refetchInterval: 60_000,
  });
  const links = dashboardLinks({ teamId, environment });
  if (!data) return <p className="text-sm text-slate-600">Loading the team's people…</p>;
  if (data.items.length === 0) return <EmptyState title="Nobody holds this team's credentials">Assign owners on the team's credentials to see who holds what.</EmptyState>;
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="holders-table">
        <caption className="sr-only">People holding this team&apos;s credentials, most owned first</caption>
        <thead className="bg-slate-50">
          <tr>
            {["Person", "Owns", "Backs up", "SDK owner of", "Overdue rotations (owned)", "With critical or high findings (owned)", ""].map((h, i) => (
              <th key={i} scope="col" className={i === 0 ? "px-3 py-2 text-left font-medium text-slate-600" : "px-3 py-2 text-right font-medium text-slate-600"}>
                {h || <span className="sr-only">Actions</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {data.items.map((p) => (
            <tr key={p.personId} data-testid="holder-row">
              <th scope="row" className="px-3 py-2 text-left font-normal">
                <Link href={`/people/${p.personId}`} className="font-medium text-brand-700 hover:underline">
                  {p.name}
                </Link>{" "}
                {!p.isActive ? <Badge tone="red">Left</Badge> : null} {p.isOverloaded ? <Badge tone="amber">Overloaded</Badge> : null}
                <div className="text-xs text-slate-600">{p.email}</div>
              </th>
              <td className="px-3 py-2 text-right tabular-nums">
                {p.owned > 0 ? (
                  <Link href={links.ownerInventory(p.personId)} className="text-brand-700 hover:underline" aria-label={`${p.name} owns ${p.owned} — show them`}>
                    {p.owned}
                  </Link>
                ) : (
                  0
                )}
              </td>
              <td className="px-3 py-2 text-right tabular-nums">{p.backup}</td>
              <td className="px-3 py-2 text-right tabular-nums">{p.sdk}</td>
              <td className="px-3 py-2 text-right tabular-nums">{p.ownedRotationsOverdue}</td>
              <td className="px-3 py-2 text-right tabular-nums">{p.ownedWithSevereFindings}</td>
              <td className="px-3 py-2 text-right">
                {!p.isActive && canReassign ? (
                  <Link href={`/people/${p.personId}/reassign`} className="text-brand-700 hover:underline">
                    Reassign
                  </Link>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="border-t border-slate-100 px-3 py-2 text-xs text-slate-600">Overloaded: owns at least 10 credentials and more than twice the team&apos;s median.</p>
    </div>
  );
}
