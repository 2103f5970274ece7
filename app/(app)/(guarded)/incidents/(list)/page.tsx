import type { Metadata } from "next";
import { IncidentTable } from "@/components/lifecycle/incident-views";
import { StatusTabs } from "@/components/lifecycle/rotation-status-tabs";
import { EmptyState, PageHeader } from "@/components/ui/layout";
import { pageHeaders } from "@/components/page-headers";
import { FilterChips, Pager } from "@/components/ui/list-controls";
import { readIncidents } from "@/lib/server/lifecycle/reads";
import { requirePage } from "@/lib/server/page-guard";
import { parseSearchParams, type RawSearchParams } from "@/lib/server/search-params";
import { incidentFilters } from "@/lib/validation/rotation";

export const metadata: Metadata = { title: "Leak incidents · Steward" };

const tabs = [
  { id: "open", label: "Open" },
  { id: "remediated", label: "Remediated" },
  { id: "all", label: "All" },
] as const;

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const { actor } = await requirePage("/incidents");
  const { values, params } = parseSearchParams(incidentFilters, { status: "open", ...(await searchParams) });
  const page = await readIncidents(actor, values);
  const { chips } = page;
  if (values.remediatedWithin) chips.push({ name: "remediatedWithin", label: `Remediated in the last ${values.remediatedWithin} days` });
  return (
    <>
      <PageHeader
      {...pageHeaders["/incidents"]}
      />
      <StatusTabs basePath="/incidents" tabs={tabs} active={values.status} extra={{ credentialId: values.credentialId, teamId: values.teamId, environment: values.environment }} />
      <FilterChips basePath="/incidents" params={params} chips={chips} />
      {page.items.length === 0 ? (
        <EmptyState title={values.status === "open" ? "No open leak incidents" : "No leak incidents here"}>
          Mark a secret leaked from a credential&apos;s Secrets tab; use Leak lookup to find which credential a leaked value belongs to.
        </EmptyState>
      ) : (
        <IncidentTable rows={page.items} />
      )}
      <Pager basePath="/incidents" params={params} nextCursor={page.nextCursor} isFirstPage={!values.cursor} />
    </>
  );
}
