import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { teamKindLabels } from "@/components/org/labels";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/layout";
import { pageHeaders } from "@/components/page-headers";
import { FilterBar, FilterSelect } from "@/components/ui/list-controls";
import { ListTable, RowLink, recordList } from "@/components/ui/list-table";
import { can } from "@/lib/authz/permissions";
import { teamFilters, teamKinds } from "@/lib/validation/org";
import { readTeams } from "@/lib/server/org-reads";
import { requirePage } from "@/lib/server/page-guard";
import { parseSearchParams, type RawSearchParams } from "@/lib/server/search-params";

export const metadata: Metadata = { title: "Teams · Steward" };

export default async function TeamsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const { actor } = await requirePage("/teams");
  const { values, params } = parseSearchParams(teamFilters, await searchParams);
  const page = await readTeams(actor, values);
  const canManage = can(actor.role, "team:manage");
  const filtered = Boolean(values.q ?? values.kind);
  return (
    <>
      <PageHeader
        {...pageHeaders["/teams"]}
        actions={canManage ? <Button asChild><Link href="/teams/new">New team</Link></Button> : null}
      />
      <FilterBar q={values.q} searchLabel="Search teams">
        <FilterSelect id="kind" name="kind" label="Kind" anyLabel="Any kind" defaultValue={values.kind ?? ""} choices={teamKinds.map((k) => ({ value: k, label: teamKindLabels[k] }))} />
      </FilterBar>
      <ListTable
        caption="Teams"
        columns={[
          { header: "Name", cell: (t) => <RowLink href={`/teams/${t.id}`}>{t.name}</RowLink> },
          { header: "Kind", cell: (t) => teamKindLabels[t.kind] },
          { header: "Members", cell: (t) => t.memberCount },
        ]}
        {...recordList({
          basePath: "/teams",
          params,
          page,
          cursor: values.cursor,
          filtered,
          matchTitle: "No team matches these filters",
          emptyTitle: "No teams yet",
          emptyText: "Teams own credentials. Create the application and platform teams of your organisation.",
          createLabel: canManage ? "Create the first team" : null,
        })}
      />
    </>
  );
}
