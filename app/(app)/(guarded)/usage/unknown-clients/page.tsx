import type { Metadata } from "next";
import { UnknownClientsTable } from "@/components/usage/unknown-clients-table";
import { EmptyState, PageHeader } from "@/components/ui/layout";
import { pageHeaders } from "@/components/page-headers";
import { Pager } from "@/components/ui/list-controls";
import { readUnknownClients } from "@/lib/server/usage/reads";
import { requirePage } from "@/lib/server/page-guard";
import { parseSearchParams, type RawSearchParams } from "@/lib/server/search-params";
import { unknownClientsQuery } from "@/lib/validation/usage";

export const metadata: Metadata = { title: "Unknown clients · Steward" };

/** Clients seen at a token endpoint or an API that no credential records (DESIGN §5.4): shadow NHIs to register or chase. */
export default async function UnknownClientsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const { actor } = await requirePage("/usage/unknown-clients");
  const { values, params } = parseSearchParams(unknownClientsQuery, await searchParams);
  const page = await readUnknownClients(actor, { cursor: values.cursor, limit: values.limit });
  return (
    <>
      <PageHeader
      {...pageHeaders["/usage/unknown-clients"]}
      />
      {page.items.length === 0 ? (
        <EmptyState title={values.cursor ? "No more unknown clients" : "No unknown clients"}>
          Every client seen in reported usage is in the inventory. Clients appear here when usage events name an issuer and client id no credential records.
        </EmptyState>
      ) : (
        <UnknownClientsTable items={page.items} mayRegister={page.mayRegister} />
      )}
      <Pager basePath="/usage/unknown-clients" params={params} nextCursor={page.nextCursor} isFirstPage={!values.cursor} />
    </>
  );
}
