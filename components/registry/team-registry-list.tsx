import Link from "next/link";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/layout";
import { FilterBar, Pager } from "@/components/ui/list-controls";
import { TeamSelect, type TeamOption } from "./team-select";

/**
 * The frame of a registry list whose records belong to teams (APIs, applications): header with the
 * create action, search + owning-team filter kept in the URL, empty states, the table, keyset pager.
 */
export function TeamRegistryList(props: {
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
  nextCursor: string | null;
  isEmpty: boolean;
  children: ReactNode;
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
      {props.isEmpty ? (
        <EmptyState
          title={filtered ? `No ${props.noun} matches these filters` : `No ${props.noun}s yet`}
          action={!filtered && props.canWrite ? <Button asChild><Link href={newHref}>{props.firstLabel}</Link></Button> : null}
        >
          {filtered ? "Try a different search or clear the filters." : props.emptyText}
        </EmptyState>
      ) : (
        props.children
      )}
      <Pager basePath={props.basePath} params={props.params} nextCursor={props.nextCursor} isFirstPage={!props.filters.cursor} />
    </>
  );
}

/** A team name linking to the team, or a muted "No team". */
export function TeamCell({ id, name }: { id: string | null; name: string | null }) {
  return id && name ? (
    <Link className="text-brand-700 hover:underline" href={`/teams/${id}`}>{name}</Link>
  ) : (
    <span className="text-slate-400">No team</span>
  );
}
