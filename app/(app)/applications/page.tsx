import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { listApplications } from "@/db/queries/registry";
import { teamOptions } from "@/db/queries/registry-ui";
import { applicationStatusLabels, environmentLabel, YesNo } from "@/components/registry/labels";
import { TeamSelect } from "@/components/registry/team-select";
import { Button } from "@/components/ui/button";
import { Badge, DataTable, EmptyState, PageHeader, Td } from "@/components/ui/layout";
import { FilterBar, Pager } from "@/components/ui/list-controls";
import { can } from "@/lib/authz/permissions";
import { encodeCursor } from "@/lib/validation/common";
import { registryFilters } from "@/lib/validation/inventory";
import { requirePage } from "@/lib/server/page-guard";
import { parseSearchParams, type RawSearchParams } from "@/lib/server/search-params";

export const metadata: Metadata = { title: "Applications · Steward" };

export default async function ApplicationsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const { actor } = await requirePage("/applications");
  const { values, params } = parseSearchParams(registryFilters, await searchParams);
  const db = await getDb();
  const [page, teams] = await Promise.all([listApplications(db, values), teamOptions(db)]);
  const canWrite = can(actor.role, "application:write");
  const filtered = Boolean(values.q ?? values.teamId);
  return (
    <>
      <PageHeader
        title="Applications"
        description="The workloads and integrations that use credentials: who owns them, where they run, and whether they act on their own."
        actions={canWrite ? <Button asChild><Link href="/applications/new">New application</Link></Button> : null}
      />
      <FilterBar q={values.q} searchLabel="Search applications">
        <div>
          <label htmlFor="teamId" className="mb-1 block text-sm font-medium text-slate-700">Owning team</label>
          <TeamSelect id="teamId" name="teamId" teams={teams} noneLabel="Any team" defaultValue={values.teamId ?? ""} />
        </div>
      </FilterBar>
      {page.items.length === 0 ? (
        <EmptyState
          title={filtered ? "No application matches these filters" : "No applications yet"}
          action={!filtered && canWrite ? <Button asChild><Link href="/applications/new">Add the first application</Link></Button> : null}
        >
          {filtered
            ? "Try a different search or clear the filters."
            : "Applications are what credentials are for. Record them so each credential says which workload uses it."}
        </EmptyState>
      ) : (
        <DataTable caption="Applications" head={["Name", "Team", "Environment", "Trust zone", "Third party", "Autonomous", "Status"]}>
          {page.items.map((a) => (
            <tr key={a.id} className="hover:bg-slate-50">
              <Td>
                <Link className="font-medium text-brand-700 hover:underline" href={`/applications/${a.id}`}>
                  {a.name}
                </Link>
              </Td>
              <Td>
                {a.owningTeamId && a.owningTeamName ? (
                  <Link className="text-brand-700 hover:underline" href={`/teams/${a.owningTeamId}`}>{a.owningTeamName}</Link>
                ) : (
                  <span className="text-slate-400">No team</span>
                )}
              </Td>
              <Td>{environmentLabel(a.environment)}</Td>
              <Td>{a.trustZone}</Td>
              <Td><YesNo value={a.thirdParty} yes="Third party" /></Td>
              <Td><YesNo value={a.autonomous} yes="Autonomous" /></Td>
              <Td>{a.status === "active" ? <Badge tone="green">{applicationStatusLabels.active}</Badge> : <Badge>{applicationStatusLabels.retired}</Badge>}</Td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pager basePath="/applications" params={params} nextCursor={page.next ? encodeCursor(page.next) : null} isFirstPage={!values.cursor} />
    </>
  );
}
