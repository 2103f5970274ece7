import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { ExceptionRevoke } from "@/components/governance/exception-revoke";
import { formatDate } from "@/components/inventory/labels";
import { StatusTabs } from "@/components/lifecycle/rotation-status-tabs";
import { buttonVariants } from "@/components/ui/button";
import { Badge, PageHeader } from "@/components/ui/layout";
import { pageHeaders } from "@/components/page-headers";
import { ListTable, urlPager } from "@/components/ui/list-table";
import { can } from "@/lib/authz/permissions";
import { ruleLabel } from "@/lib/domain/finding-summary";
import { readExceptions } from "@/lib/server/governance/reads";
import { requirePage } from "@/lib/server/page-guard";
import { parseSearchParams, type RawSearchParams } from "@/lib/server/search-params";
import { exceptionFilters } from "@/lib/validation/exceptions";

export const metadata: Metadata = { title: "Exceptions · Steward" };

const tabs = [
  { id: "active", label: "Active" },
  { id: "expired", label: "Expired" },
  { id: "revoked", label: "Revoked" },
  { id: "all", label: "All" },
] as const;

const DAY = 86_400_000;
/** Whole days left (an exception ends at the end of its day): "today", "in 1 day", "in 90 days". */
const expiresIn = (ms: number) => {
  const days = Math.floor(ms / DAY);
  return days < 1 ? "today" : `in ${days} day${days === 1 ? "" : "s"}`;
};

export default async function ExceptionsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePage("/exceptions");
  const { values, params } = parseSearchParams(exceptionFilters, await searchParams);
  const page = await readExceptions(ctx.actor, values);
  const mayManage = can(ctx.actor.role, "exception:manage");
  const now = Date.now();
  return (
    <>
      <PageHeader
        {...pageHeaders["/exceptions"]}
        actions={mayManage ? <Link className={buttonVariants({ variant: "primary" })} href="/exceptions/new">New exception</Link> : undefined}
      />
      <StatusTabs basePath="/exceptions" tabs={tabs} active={values.status} />
      <ListTable
        caption="Exceptions, newest first"
        columns={[
          { header: "Rule", cell: (e) => ruleLabel(e.ruleId) },
          {
            header: "Scope",
            cell: (e) =>
              e.credentialId ? (
                <Link className="text-brand-700 underline" href={`/inventory/${e.credentialId}?tab=controls`}>{e.credentialName}</Link>
              ) : (
                <span>Every credential{e.filter?.environment ? ` in ${e.filter.environment}` : ""}{e.filter?.teamId ? " of one team" : ""}</span>
              ),
          },
          {
            header: "Justification",
            cell: (e) => (
              <>
                {e.justification}
                <span className="block text-xs text-slate-500">Compensating: {e.compensatingControl}</span>
              </>
            ),
          },
          { header: "Approver", cell: (e) => e.approverName ?? "—" },
          {
            header: "Expires",
            cell: (e) => (
              <>
                {formatDate(e.expiresAt)}
                <span className="block text-xs text-slate-500">
                  {e.state === "active" ? expiresIn(e.expiresAt.getTime() - now) : e.state === "revoked" ? <Badge tone="slate">Revoked</Badge> : <Badge tone="amber">Expired</Badge>}
                </span>
              </>
            ),
          },
          { header: "Findings", cell: (e) => e.findings },
          { header: "", cell: (e) => (mayManage && e.state === "active" ? <ExceptionRevoke exceptionId={e.id} /> : null) },
        ]}
        rows={page.items}
        rowKey={(e) => e.id}
        rowTestId="exception-row"
        empty={{ title: "No exceptions here", children: values.status === "active" ? "No risk is accepted right now. Accept one from a finding on a credential's Findings & controls tab." : "Nothing in this state." }}
        pager={urlPager("/exceptions", params, page.nextCursor, values.cursor)}
      />
    </>
  );
}
