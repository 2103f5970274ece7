import type { Metadata } from "next";
import { applicationStatusLabels, environmentLabel, YesNo } from "@/components/registry/labels";
import { TeamCell, TeamRegistryList } from "@/components/registry/team-registry-list";
import { Badge } from "@/components/ui/layout";
import { RowLink } from "@/components/ui/list-table";
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
      page={page}
      caption="Applications"
      columns={[
        { header: "Name", cell: (a) => <RowLink href={`/applications/${a.id}`}>{a.name}</RowLink> },
        { header: "Team", cell: (a) => <TeamCell id={a.owningTeamId} name={a.owningTeamName} /> },
        { header: "Environment", cell: (a) => environmentLabel(a.environment) },
        { header: "Trust zone", cell: (a) => a.trustZone },
        { header: "Third party", cell: (a) => <YesNo value={a.thirdParty} yes="Third party" /> },
        { header: "Autonomous", cell: (a) => <YesNo value={a.autonomous} yes="Autonomous" /> },
        { header: "Status", cell: (a) => (a.status === "active" ? <Badge tone="green">{applicationStatusLabels.active}</Badge> : <Badge>{applicationStatusLabels.retired}</Badge>) },
      ]}
    />
  );
}
