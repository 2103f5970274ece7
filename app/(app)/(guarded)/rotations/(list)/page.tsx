import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { StatusTabs } from "@/components/lifecycle/rotation-status-tabs";
import { RotationTable } from "@/components/lifecycle/rotation-views";
import { EmptyState, PageHeader } from "@/components/ui/layout";
import { pageHeaders } from "@/components/page-headers";
import { FilterChips, Pager } from "@/components/ui/list-controls";
import { readRotationRequests } from "@/lib/server/lifecycle/reads";
import { requirePage } from "@/lib/server/page-guard";
import { parseSearchParams, type RawSearchParams } from "@/lib/server/search-params";
import { rotationRequestFilters } from "@/lib/validation/rotation";

export const metadata: Metadata = { title: "Rotations · Steward" };

const tabs = [
  { id: "open", label: "Open" },
  { id: "requested", label: "Awaiting approval" },
  { id: "approved", label: "Approved" },
  { id: "completed", label: "Completed" },
  { id: "rejected", label: "Rejected" },
  { id: "cancelled", label: "Cancelled" },
  { id: "expired", label: "Expired" },
  { id: "all", label: "All" },
] as const;

const emptyText: Record<string, string> = {
  open: "No rotation is waiting for approval or completion. Request one from a credential's Lifecycle tab.",
  requested: "Nothing is waiting for approval.",
  approved: "No approved rotation is waiting to be completed.",
};

export default async function RotationsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const { actor } = await requirePage("/rotations");
  const raw = await searchParams;
  // The page opens on what needs attention; the API's default is every request.
  const { values, params } = parseSearchParams(rotationRequestFilters, { status: "open", ...raw });
  const page = await readRotationRequests(actor, values);
  const { chips } = page;
  if (values.completedWithin) chips.push({ name: "completedWithin", label: `Completed in the last ${values.completedWithin} days` });
  if (values.timeliness) chips.push({ name: "timeliness", label: values.timeliness === "on_time" ? "Completed by the due date" : "Completed after the due date" });
  const now = new Date();
  return (
    <>
      <PageHeader {...pageHeaders["/rotations"]} />
      <StatusTabs basePath="/rotations" tabs={tabs} active={values.status} extra={{ credentialId: values.credentialId, teamId: values.teamId, environment: values.environment }} />
      <FilterChips basePath="/rotations" params={params} chips={chips} />
      {values.credentialId ? (
        <p className="mb-4 text-sm text-slate-600">
          Showing the requests of one credential.{" "}
          <Link className="text-brand-700 underline" href={`/rotations?status=${values.status}`}>
            Show every credential
          </Link>
        </p>
      ) : null}
      {page.items.length === 0 ? (
        <EmptyState title={values.cursor ? "No more requests" : "No rotation requests here"}>{emptyText[values.status] ?? "No request is in this state."}</EmptyState>
      ) : (
        <RotationTable rows={page.items} caption="Rotation requests, newest first" now={now} />
      )}
      <Pager basePath="/rotations" params={params} nextCursor={page.nextCursor} isFirstPage={!values.cursor} />
    </>
  );
}
