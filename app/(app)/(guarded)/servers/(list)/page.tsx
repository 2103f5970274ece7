import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { Mono } from "@/components/registry/details";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/layout";
import { pageHeaders } from "@/components/page-headers";
import { FilterBar } from "@/components/ui/list-controls";
import { ListTable, RowLink, recordList } from "@/components/ui/list-table";
import { can } from "@/lib/authz/permissions";
import { listQuery } from "@/lib/validation/common";
import { readServers } from "@/lib/server/inventory/registry-reads";
import { requirePage } from "@/lib/server/page-guard";
import { parseSearchParams, type RawSearchParams } from "@/lib/server/search-params";

export const metadata: Metadata = { title: "Authorization servers · Steward" };

const dash = <span className="text-slate-500">—</span>;

export default async function ServersPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const { actor } = await requirePage("/servers");
  const { values, params } = parseSearchParams(listQuery, await searchParams);
  const page = await readServers(actor, values);
  const canManage = can(actor.role, "server:manage");
  const filtered = Boolean(values.q);
  return (
    <>
      <PageHeader
        {...pageHeaders["/servers"]}
        actions={canManage ? <Button asChild><Link href="/servers/new">New server</Link></Button> : null}
      />
      <FilterBar q={values.q} searchLabel="Search by name or issuer" />
      <ListTable
        caption="Authorization servers"
        columns={[
          { header: "Name", cell: (s) => <RowLink href={`/servers/${s.id}`}>{s.name}</RowLink> },
          { header: "Issuer", className: "break-all", cell: (s) => <Mono>{s.issuerUrl}</Mono> },
          { header: "Vendor", cell: (s) => s.vendor ?? dash },
          { header: "Trust domain", cell: (s) => s.trustDomain ?? dash },
        ]}
        {...recordList({
          basePath: "/servers",
          params,
          page,
          cursor: values.cursor,
          filtered,
          matchTitle: "No server matches this search",
          matchText: "Try a different search or clear it.",
          emptyTitle: "No authorization servers yet",
          emptyText: "Add the identity providers your credentials get tokens from; Steward can fill the details from the issuer's discovery document.",
          createLabel: canManage ? "Add the first server" : null,
        })}
      />
    </>
  );
}
