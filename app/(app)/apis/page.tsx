import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { listApis } from "@/db/queries/registry";
import { teamOptions } from "@/db/queries/registry-ui";
import { Mono } from "@/components/registry/details";
import { SensitivityBadge } from "@/components/registry/labels";
import { TeamSelect } from "@/components/registry/team-select";
import { Button } from "@/components/ui/button";
import { DataTable, EmptyState, PageHeader, Td } from "@/components/ui/layout";
import { FilterBar, Pager } from "@/components/ui/list-controls";
import { can } from "@/lib/authz/permissions";
import { encodeCursor } from "@/lib/validation/common";
import { registryFilters } from "@/lib/validation/inventory";
import { requirePage } from "@/lib/server/page-guard";
import { parseSearchParams, type RawSearchParams } from "@/lib/server/search-params";

export const metadata: Metadata = { title: "APIs & scopes · Steward" };

export default async function ApisPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const { actor } = await requirePage("/apis");
  const { values, params } = parseSearchParams(registryFilters, await searchParams);
  const db = await getDb();
  const [page, teams] = await Promise.all([listApis(db, values), teamOptions(db)]);
  const canWrite = can(actor.role, "api:write");
  const filtered = Boolean(values.q ?? values.teamId);
  return (
    <>
      <PageHeader
        title="APIs & scopes"
        description="Resource servers credentials get tokens for: their audience, trust zone, sensitivity, owning team and scopes."
        actions={canWrite ? <Button asChild><Link href="/apis/new">New API</Link></Button> : null}
      />
      <FilterBar q={values.q} searchLabel="Search by name or audience">
        <div>
          <label htmlFor="teamId" className="mb-1 block text-sm font-medium text-slate-700">Owning team</label>
          <TeamSelect id="teamId" name="teamId" teams={teams} noneLabel="Any team" defaultValue={values.teamId ?? ""} />
        </div>
      </FilterBar>
      {page.items.length === 0 ? (
        <EmptyState
          title={filtered ? "No API matches these filters" : "No APIs yet"}
          action={!filtered && canWrite ? <Button asChild><Link href="/apis/new">Add the first API</Link></Button> : null}
        >
          {filtered
            ? "Try a different search or clear the filters."
            : "Record the APIs your credentials call, with their scopes, so grants can say exactly what each credential may do."}
        </EmptyState>
      ) : (
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
              <Td>
                {a.owningTeamId && a.owningTeamName ? (
                  <Link className="text-brand-700 hover:underline" href={`/teams/${a.owningTeamId}`}>{a.owningTeamName}</Link>
                ) : (
                  <span className="text-slate-400">No team</span>
                )}
              </Td>
              <Td className="tabular-nums">{a.scopeCount}</Td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pager basePath="/apis" params={params} nextCursor={page.next ? encodeCursor(page.next) : null} isFirstPage={!values.cursor} />
    </>
  );
}
