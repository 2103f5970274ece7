"use client";

import { Link } from "@/components/ui/link";
import type { TeamSort } from "@/lib/domain/dashboard";
import type { DashboardDto } from "@/lib/validation/dashboard";
import { ListTable, type Column } from "@/components/ui/list-table";
import { cn } from "@/lib/cn";
import { dashboardLinks, type LinkScope } from "./links";
import { scoreTextClass } from "./stat";


type TeamRow = DashboardDto["teams"][number];
/** A count column, sortable; `tone` marks the counts that need attention. */
const count = (key: Exclude<TeamSort, "name" | "score">, tone?: (row: TeamRow) => string | false) => ({
  sortKey: key,
  numeric: true,
  cell: (t: TeamRow) => <span className={tone?.(t) || undefined}>{t[key]}</span>,
});

/**
 * The per-team table (DESIGN §6): sortable by any column (the server sorts; the choice lives in the
 * URL), each row drilling into the team's page. Lowest score first by default: where to look first.
 */
export function TeamTable({ rows, sort, dir, onSort, scope }: { rows: DashboardDto["teams"]; sort: TeamSort; dir: "asc" | "desc"; onSort: (sort: TeamSort, dir: "asc" | "desc") => void; scope: LinkScope }) {
  const links = dashboardLinks(scope);
  const columns: Column<TeamRow, TeamSort>[] = [
    {
      header: "Team",
      sortKey: "name",
      rowHeader: true,
      cell: (t) =>
        t.teamId ? (
          <Link href={links.team(t.teamId)} className="text-brand-700 hover:underline">
            {t.teamName}
          </Link>
        ) : (
          <span className="text-slate-600">{t.teamName}</span>
        ),
    },
    { header: "Credentials", ...count("credentials") },
    { header: "Rotations overdue", ...count("rotationsOverdue", (t) => t.rotationsOverdue > 0 && "font-semibold text-red-700") },
    { header: "Reviews overdue", ...count("reviewsOverdue", (t) => t.reviewsOverdue > 0 && "text-amber-700") },
    { header: "Critical", title: "Open critical findings", ...count("findingsCritical", (t) => t.findingsCritical > 0 && "font-semibold text-red-700") },
    { header: "High", title: "Open high findings", ...count("findingsHigh", (t) => t.findingsHigh > 0 && "text-orange-700") },
    { header: "All open findings", ...count("findingsOpen") },
    { header: "Score", title: "Score, 0–100 %: good from 80, fair from 50", sortKey: "score", numeric: true, cell: (t) => <span className={cn("font-semibold", scoreTextClass(t.score))}>{t.score === null ? "—" : `${t.score}%`}</span> },
  ];
  return (
    <ListTable
      dense
      caption="Teams by score: credentials, overdue work and open findings. Column headers sort the table."
      testId="team-table"
      columns={columns}
      rows={rows}
      rowKey={(t) => t.teamId ?? "none"}
      rowTestId="team-row"
      sort={{ key: sort, dir, onSort }}
      empty={{ title: "No team holds credentials yet", children: "Credentials appear here per owning team once the inventory has some." }}
    />
  );
}
