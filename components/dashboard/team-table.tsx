"use client";

import Link from "next/link";
import type { TeamSort } from "@/lib/domain/dashboard";
import type { DashboardDto } from "@/lib/validation/dashboard";
import { EmptyState } from "@/components/ui/layout";
import { cn } from "@/lib/cn";
import { dashboardLinks, type LinkScope } from "./links";

type Column = { sort: TeamSort; label: string; numeric: boolean; abbr?: string };
const columns: Column[] = [
  { sort: "name", label: "Team", numeric: false },
  { sort: "credentials", label: "Credentials", numeric: true },
  { sort: "rotationsOverdue", label: "Rotations overdue", numeric: true },
  { sort: "reviewsOverdue", label: "Reviews overdue", numeric: true },
  { sort: "findingsCritical", label: "Critical", numeric: true, abbr: "Open critical findings" },
  { sort: "findingsHigh", label: "High", numeric: true, abbr: "Open high findings" },
  { sort: "findingsOpen", label: "All open findings", numeric: true },
  { sort: "score", label: "Score", numeric: true },
];

function scoreTone(score: number | null) {
  if (score === null) return "text-slate-500";
  if (score >= 80) return "text-emerald-700";
  if (score >= 50) return "text-amber-700";
  return "text-red-700";
}

/**
 * The per-team table (DESIGN §6): sortable by any column (the server sorts; the choice lives in the
 * URL), each row drilling into the team's page. Lowest score first by default: where to look first.
 */
export function TeamTable({ rows, sort, dir, onSort, scope }: { rows: DashboardDto["teams"]; sort: TeamSort; dir: "asc" | "desc"; onSort: (sort: TeamSort, dir: "asc" | "desc") => void; scope: LinkScope }) {
  const links = dashboardLinks(scope);
  if (rows.length === 0) return <EmptyState title="No team holds credentials yet">Credentials appear here per owning team once the inventory has some.</EmptyState>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="team-table">
        <caption className="sr-only">Teams by score: credentials, overdue work and open findings. Column headers sort the table.</caption>
        <thead className="bg-slate-50">
          <tr>
            {columns.map((c) => {
              const active = c.sort === sort;
              const next = active && dir === "asc" ? "desc" : "asc";
              return (
                <th key={c.sort} scope="col" aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : "none"} className={cn("px-3 py-2 font-medium text-slate-600", c.numeric ? "text-right" : "text-left")}>
                  <button type="button" onClick={() => onSort(c.sort, next)} className="inline-flex items-center gap-1 rounded hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-600" title={c.abbr}>
                    {c.label}
                    <span aria-hidden="true" className="text-xs">{active ? (dir === "asc" ? "▲" : "▼") : "↕"}</span>
                    <span className="sr-only">{active ? `, sorted ${dir === "asc" ? "ascending" : "descending"}` : ", sort"}</span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((t) => (
            <tr key={t.teamId ?? "none"} data-testid="team-row">
              <th scope="row" className="px-3 py-2 text-left font-medium">
                {t.teamId ? (
                  <Link href={links.team(t.teamId)} className="text-brand-700 hover:underline">
                    {t.teamName}
                  </Link>
                ) : (
                  <span className="text-slate-600">{t.teamName}</span>
                )}
              </th>
              <td className="px-3 py-2 text-right tabular-nums">{t.credentials}</td>
              <td className={cn("px-3 py-2 text-right tabular-nums", t.rotationsOverdue > 0 && "font-semibold text-red-700")}>{t.rotationsOverdue}</td>
              <td className={cn("px-3 py-2 text-right tabular-nums", t.reviewsOverdue > 0 && "text-amber-700")}>{t.reviewsOverdue}</td>
              <td className={cn("px-3 py-2 text-right tabular-nums", t.findingsCritical > 0 && "font-semibold text-red-700")}>{t.findingsCritical}</td>
              <td className="px-3 py-2 text-right tabular-nums">{t.findingsHigh}</td>
              <td className="px-3 py-2 text-right tabular-nums">{t.findingsOpen}</td>
              <td className={cn("px-3 py-2 text-right font-semibold tabular-nums", scoreTone(t.score))}>{t.score === null ? "—" : t.score}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
