import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { Button } from "@/components/ui/button";
import { Badge, PageHeader } from "@/components/ui/layout";
import { pageHeaders } from "@/components/page-headers";
import { FilterBar, FilterSelect } from "@/components/ui/list-controls";
import { ListTable, RowLink, recordList } from "@/components/ui/list-table";
import { can } from "@/lib/authz/permissions";
import { personFilters } from "@/lib/validation/org";
import { readPeople } from "@/lib/server/org-reads";
import { requirePage } from "@/lib/server/page-guard";
import { parseSearchParams, type RawSearchParams } from "@/lib/server/search-params";

export const metadata: Metadata = { title: "People · Steward" };

export default async function PeoplePage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const { actor } = await requirePage("/people");
  const { values, params } = parseSearchParams(personFilters, await searchParams);
  const page = await readPeople(actor, values);
  const canManage = can(actor.role, "person:manage");
  const filtered = Boolean(values.q) || values.active !== undefined;
  return (
    <>
      <PageHeader
        {...pageHeaders["/people"]}
        actions={canManage ? <Button asChild><Link href="/people/new">Add person</Link></Button> : null}
      />
      <FilterBar q={values.q} searchLabel="Search by name or email">
        <FilterSelect
          id="active"
          name="active"
          label="Status"
          anyLabel="Everyone"
          defaultValue={values.active === undefined ? "" : String(values.active)}
          choices={[{ value: "true", label: "Active" }, { value: "false", label: "Left the organisation" }]}
        />
      </FilterBar>
      <ListTable
        caption="People"
        columns={[
          { header: "Name", cell: (p) => <RowLink href={`/people/${p.id}`}>{p.name}</RowLink> },
          { header: "Email", cell: (p) => p.email },
          { header: "Status", cell: (p) => (p.isActive ? <Badge tone="green">Active</Badge> : <Badge>Left</Badge>) },
        ]}
        {...recordList({
          basePath: "/people",
          params,
          page,
          cursor: values.cursor,
          filtered,
          matchTitle: "Nobody matches these filters",
          emptyTitle: "No people yet",
          emptyText: "People own credentials. Every Steward user is also listed here.",
          createLabel: canManage ? "Add the first person" : null,
        })}
      />
    </>
  );
}
