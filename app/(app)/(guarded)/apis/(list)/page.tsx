import type { Metadata } from "next";
import { Mono } from "@/components/registry/details";
import { SensitivityBadge } from "@/components/registry/labels";
import { TeamCell, TeamRegistryList } from "@/components/registry/team-registry-list";
import { RowLink } from "@/components/ui/list-table";
import { can } from "@/lib/authz/permissions";
import { registryFilters } from "@/lib/validation/inventory";
import { readApis } from "@/lib/server/inventory/registry-reads";
import { requirePage } from "@/lib/server/page-guard";
import { parseSearchParams, type RawSearchParams } from "@/lib/server/search-params";

export const metadata: Metadata = { title: "APIs & scopes · Steward" };

export default async function ApisPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const { actor } = await requirePage("/apis");
  const { values, params } = parseSearchParams(registryFilters, await searchParams);
  const { page, teams } = await readApis(actor, values);
  const canWrite = can(actor.role, "api:write");
  return (
    <TeamRegistryList
      title="APIs & scopes"
      description="Resource servers credentials get tokens for: their audience, trust zone, sensitivity, owning team and scopes."
      basePath="/apis"
      newLabel="New API"
      firstLabel="Add the first API"
      noun="API"
      emptyText="Record the APIs your credentials call, with their scopes, so grants can say exactly what each credential may do."
      searchLabel="Search by name or audience"
      canWrite={canWrite}
      teams={teams}
      filters={values}
      params={params}
      page={page}
      caption="APIs"
      columns={[
        { header: "Name", cell: (a) => <RowLink href={`/apis/${a.id}`}>{a.name}</RowLink> },
        { header: "Audience", className: "break-all", cell: (a) => <Mono>{a.audience}</Mono> },
        { header: "Trust zone", cell: (a) => a.trustZone },
        { header: "Sensitivity", cell: (a) => <SensitivityBadge value={a.sensitivity} /> },
        { header: "Owning team", cell: (a) => <TeamCell id={a.owningTeamId} name={a.owningTeamName} /> },
        { header: "Scopes", className: "tabular-nums", cell: (a) => a.scopeCount },
      ]}
    />
  );
}
