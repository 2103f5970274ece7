import type { Metadata } from "next";
import Link from "next/link";
import { applicationStatusLabels, environmentLabel, YesNo } from "@/components/registry/labels";
import { TeamCell, TeamRegistryList } from "@/components/registry/team-registry-list";
import { Badge, DataTable, Td } from "@/components/ui/layout";
import { can } from "@/lib/authz/permissions";
import { registryFilters } from "@/lib/validation/inventory";
import { readApplications } from "@/lib/server/inventory/registry-reads";
import { requirePage } from "@/lib/server/page-guard";
import { parseSearchParams, type RawSearchParams } from "@/lib/server/search-params";

export const metadata: Metadata = { title: "Applications · Steward" };

export default async function ApplicationsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const { actor } = await requirePage("/applications");
  const { values, params } = parseSearchParams(registryFilters, await searchParams);
  const { page, teams } = await readApplications(actor, values);
  const canWrite = can(actor.role, "application:write");
  return (
    <TeamRegistryList
      title="Applications"
      description="The workloads and integrations that use credentials: who owns them, where they run, and whether they act on their own."
      basePath="/applications"
      newLabel="New application"
      firstLabel="Add the first application"
      noun="application"
      emptyText="Applications are what credentials are for. Record them so each credential says which workload uses it."
      searchLabel="Search applications"
      canWrite={canWrite}
      teams={teams}
      filters={values}
      params={params}
      nextCursor={page.nextCursor}
      isEmpty={page.items.length === 0}
    >
      <DataTable caption="Applications" head={["Name", "Team", "Environment", "Trust zone", "Third party", "Autonomous", "Status"]}>
        {page.items.map((a) => (
          <tr key={a.id} className="hover:bg-slate-50">
            <Td>
              <Link className="font-medium text-brand-700 hover:underline" href={`/applications/${a.id}`}>
                {a.name}
              </Link>
            </Td>
            <Td><TeamCell id={a.owningTeamId} name={a.owningTeamName} /></Td>
            <Td>{environmentLabel(a.environment)}</Td>
            <Td>{a.trustZone}</Td>
            <Td><YesNo value={a.thirdParty} yes="Third party" /></Td>
            <Td><YesNo value={a.autonomous} yes="Autonomous" /></Td>
            <Td>{a.status === "active" ? <Badge tone="green">{applicationStatusLabels.active}</Badge> : <Badge>{applicationStatusLabels.retired}</Badge>}</Td>
          </tr>
        ))}
      </DataTable>
    </TeamRegistryList>
  );
}
