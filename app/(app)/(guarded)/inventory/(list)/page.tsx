import type { Metadata } from "next";
import { AsOfBanner, InventoryHeaderActions } from "@/components/inventory/as-of";
import { CredentialTable } from "@/components/inventory/credential-table";
import { stateFromFilters, toSearch } from "@/components/inventory/filters";
import { PageHeader } from "@/components/ui/layout";
import { pageHeaders } from "@/components/page-headers";
import { can } from "@/lib/authz/permissions";
import { pastReadProblem } from "@/lib/server/as-of";
import { guessPhone } from "@/lib/server/device";
import { presentCredentialListItem } from "@/lib/server/inventory/present";
import { readInventoryList } from "@/lib/server/inventory/credential-page";
import { requirePage } from "@/lib/server/page-guard";
import { parseSearchParams, type RawSearchParams } from "@/lib/server/search-params";
import { credentialFilters } from "@/lib/validation/inventory";

export const metadata: Metadata = { title: "Inventory · Steward" };

const OPTION_LIMIT = 200;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export default async function InventoryPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const { actor } = await requirePage("/inventory");
  const { values, params } = parseSearchParams(credentialFilters, await searchParams);
  const canCreate = can(actor.role, "credential:write");
  const header = (
    <PageHeader
      {...pageHeaders["/inventory"]}
      actions={<InventoryHeaderActions canCreate={canCreate} />}
    />
  );
  // A view of the past (DESIGN §8.6) that history cannot answer: say so instead of showing the present.
  const problem = await pastReadProblem(values.asOf);
  if (values.asOf && params.asOf && problem) {
    return (
      <>
        {header}
        <AsOfBanner asOf={params.asOf} what="the inventory" problem={problem} nowHref="/inventory" />
      </>
    );
  }
  const now = values.asOf ?? new Date();
  const { page, teams, people: peopleOptions, apis, trustZones, servers, applications } = await readInventoryList(actor, values, OPTION_LIMIT, now);
  const state = { ...stateFromFilters(values), ...(values.asOf && params.asOf ? { asOf: params.asOf } : {}) };
  return (
    <div data-wide>
      {header}
      <CredentialTable
        key={toSearch(state)}
        initialState={state}
        initialPage={{
          items: page.items.map((c) => {
            const item = presentCredentialListItem(c, now);
            return { ...item, rotationDueAt: iso(item.rotationDueAt), reviewDueAt: iso(item.reviewDueAt) };
          }),
          nextCursor: page.nextCursor,
        }}
        options={{
          teams,
          people: peopleOptions,
          apis,
          trustZones,
          servers,
          applications,
        }}
        canCreate={canCreate}
        phone={await guessPhone()}
      />
    </div>
  );
}
