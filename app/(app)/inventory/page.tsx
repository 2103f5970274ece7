import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { listCredentials } from "@/db/queries/credentials";
import { listTrustZones, peopleByIds } from "@/db/queries/inventory-ui";
import { listPeople, listTeams } from "@/db/queries/org";
import { listApis } from "@/db/queries/registry";
import { CredentialTable } from "@/components/inventory/credential-table";
import { stateFromFilters, toSearch } from "@/components/inventory/filters";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/layout";
import { can } from "@/lib/authz/permissions";
import { presentCredentialListItem } from "@/lib/server/inventory/present";
import { requirePage } from "@/lib/server/page-guard";
import { parseSearchParams, type RawSearchParams } from "@/lib/server/search-params";
import { credentialFilters } from "@/lib/validation/inventory";

export const metadata: Metadata = { title: "Inventory · Steward" };

const OPTION_LIMIT = 200;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export default async function InventoryPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const { actor } = await requirePage("/inventory");
  const { values } = parseSearchParams(credentialFilters, await searchParams);
  const db = await getDb();
  const now = new Date();
  const [page, teams, people, apis, trustZones] = await Promise.all([
    listCredentials(db, values, now),
    listTeams(db, { limit: OPTION_LIMIT }),
    listPeople(db, { limit: OPTION_LIMIT }),
    listApis(db, { limit: OPTION_LIMIT }),
    listTrustZones(db),
  ]);
  // A filter chosen from a bookmark may name someone past the option limit: keep them selectable.
  const peopleOptions = people.items.map((p) => ({ id: p.id, name: p.name, isActive: p.isActive }));
  if (values.ownerId && !peopleOptions.some((p) => p.id === values.ownerId)) {
    const extra = (await peopleByIds(db, [values.ownerId])).get(values.ownerId);
    if (extra) peopleOptions.push({ id: extra.id, name: extra.name, isActive: extra.isActive });
  }
  const state = stateFromFilters(values);
  const canCreate = can(actor.role, "credential:write");
  return (
    <>
      <PageHeader
        title="Inventory"
        description="Every OAuth client, API key, service-account key and certificate, with its owners and its rotation and review dates."
        actions={
          canCreate ? (
            <Button asChild>
              <Link href="/inventory/new">Add a credential</Link>
            </Button>
          ) : null
        }
      />
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
          teams: teams.items.map((t) => ({ id: t.id, name: t.name })),
          people: peopleOptions,
          apis: apis.items.map((a) => ({ id: a.id, name: a.name })),
          trustZones,
        }}
        canCreate={canCreate}
      />
    </>
  );
}
