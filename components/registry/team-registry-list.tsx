import { Link } from "@/components/ui/link";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/layout";
import { FilterBar } from "@/components/ui/list-controls";
import { ListTable, recordList, type Column } from "@/components/ui/list-table";
import { TeamSelect, type TeamOption } from "./team-select";

/**
 * The frame of a registry list whose records belong to teams (APIs, applications): header with the
 * create action, search + owning-team filter kept in the URL, and the list table with its empty states and pager.
 */
export function TeamRegistryList<T extends { id: string }>(props: {
  title: string;
  description: string;
  basePath: string;
  newLabel: string;
  firstLabel: string;
  noun: string;
  emptyText: string;
  searchLabel: string;
  canWrite: boolean;
  teams: TeamOption[];
  filters: { q?: string; teamId?: string; cursor?: unknown };
  params: Record<string, string | undefined>;
  page: { items: T[]; nextCursor: string | null };
  caption: string;
  columns: Column<T>[];
}) {
  const filtered = Boolean(props.filters.q ?? props.filters.teamId);
  const newHref = `${props.basePath}/new`;
  return (
    <>
      <PageHeader
        title={props.title}
        description={props.description}
        actions={props.canWrite ? <Button asChild><Link href={newHref}>{props.newLabel}</Link></Button> : null}
      />
      <FilterBar q={props.filters.q} searchLabel={props.searchLabel}>
        <div>
          <label htmlFor="teamId" className="mb-1 block text-sm font-medium text-slate-700">Owning team</label>
          <TeamSelect id="teamId" name="teamId" teams={props.teams} noneLabel="Any team" defaultValue={props.filters.teamId ?? ""} />
        </div>
      </FilterBar>
      <ListTable
        caption={props.caption}
        columns={props.columns}
        {...recordList({
          basePath: props.basePath,
          params: props.params,
          page: props.page,
          cursor: props.filters.cursor,
          filtered,
          matchTitle: `No ${props.noun} matches these filters`,
          emptyTitle: `No ${props.noun}s yet`,
          emptyText: props.emptyText,
          createLabel: props.canWrite ? props.firstLabel : null,
        })}
      />
    </>
  );
}

/** A team name linking to the team, or a muted "No team". */
export function TeamCell({ id, name }: { id: string | null; name: string | null }) {
  return id && name ? (
    <Link className="text-brand-700 hover:underline" href={`/teams/${id}`}>{name}</Link>
  ) : (
    <span className="text-slate-500">No team</span>
  );
}
