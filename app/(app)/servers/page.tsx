import type { Metadata } from "next";
import Link from "next/link";
import { Mono } from "@/components/registry/details";
import { Button } from "@/components/ui/button";
import { DataTable, EmptyState, PageHeader, Td } from "@/components/ui/layout";
import { FilterBar, Pager } from "@/components/ui/list-controls";
import { can } from "@/lib/authz/permissions";
import { listQuery } from "@/lib/validation/common";
import { readServers } from "@/lib/server/inventory/registry-reads";
import { requirePage } from "@/lib/server/page-guard";
import { parseSearchParams, type RawSearchParams } from "@/lib/server/search-params";

export const metadata: Metadata = { title: "Authorization servers · Steward" };

const dash = <span className="text-slate-400">—</span>;

export default async function ServersPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const { actor } = await requirePage("/servers");
  const { values, params } = parseSearchParams(listQuery, await searchParams);
  const page = await readServers(actor, values);
  const canManage = can(actor.role, "server:manage");
  const filtered = Boolean(values.q);
  return (
    <>
      <PageHeader
        title="Authorization servers"
        description="The token issuers credentials authenticate against: issuer, token endpoint, keys and what each server supports."
        actions={canManage ? <Button asChild><Link href="/servers/new">New server</Link></Button> : null}
      />
      <FilterBar q={values.q} searchLabel="Search by name or issuer" />
      {page.items.length === 0 ? (
        <EmptyState
          title={filtered ? "No server matches this search" : "No authorization servers yet"}
          action={!filtered && canManage ? <Button asChild><Link href="/servers/new">Add the first server</Link></Button> : null}
        >
          {filtered
            ? "Try a different search or clear it."
            : "Add the identity providers your credentials get tokens from; Steward can fill the details from the issuer's discovery document."}
        </EmptyState>
      ) : (
        <DataTable caption="Authorization servers" head={["Name", "Issuer", "Vendor", "Trust domain"]}>
          {page.items.map((s) => (
            <tr key={s.id} className="hover:bg-slate-50">
              <Td>
                <Link className="font-medium text-brand-700 hover:underline" href={`/servers/${s.id}`}>
                  {s.name}
                </Link>
              </Td>
              <Td className="break-all"><Mono>{s.issuerUrl}</Mono></Td>
              <Td>{s.vendor ?? dash}</Td>
              <Td>{s.trustDomain ?? dash}</Td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pager basePath="/servers" params={params} nextCursor={page.nextCursor} isFirstPage={!values.cursor} />
    </>
  );
}
