import type { Metadata } from "next";
import Link from "next/link";
import { Mono } from "@/components/registry/details";
import { SensitivityBadge } from "@/components/registry/labels";
import { TeamCell, TeamRegistryList } from "@/components/registry/team-registry-list";
import { DataTable, Td } from "@/components/ui/layout";
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
      nextCursor={page.nextCursor}
      isEmpty={page.items.length === 0}
    >
      <DataTable caption="APIs" head={["Name", "Audience", "Trust zone", "Sensitivity", "Owning team", "Scopes"]}>
        {page.items.map((a) => (
          <tr key={a.id} className="hover:bg-slate-50">
            <Td>
              <Link className="font-medium text-brand-700 hover:underline" href={`/apis/${a.id}`}>
                {a.name}
              </Link>
            </Td>
            <Td className="break-all"><Mono>{a.audience}</Mono></Td>
            <Td>{a.trustZone}</Td>
            <Td><SensitivityBadge value={a.sensitivity} /></Td>
            <Td><TeamCell id={a.owningTeamId} name={a.owningTeamName} /></Td>
            <Td className="tabular-nums">{a.scopeCount}</Td>
          </tr>
        ))}
      </DataTable>
    </TeamRegistryList>
  );
}
