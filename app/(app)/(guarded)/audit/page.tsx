import type { Metadata } from "next";
import { AuditEventText } from "@/components/audit/event-text";
import { VerifyChain } from "@/components/audit/verify-chain";
import { DateTime } from "@/components/ui/date-time";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/form";
import { PageHeader } from "@/components/ui/layout";
import { pageHeaders } from "@/components/page-headers";
import { ListTable, urlPager } from "@/components/ui/list-table";
import { auditActions } from "@/lib/domain/audit-actions";
import { auditActionLabel } from "@/lib/domain/audit-events";
import { auditFilters } from "@/lib/validation/audit";
import { readAuditLogPage } from "@/lib/server/audit-query";
import { requirePage } from "@/lib/server/page-guard";
import { parseSearchParams, type RawSearchParams } from "@/lib/server/search-params";

export const metadata: Metadata = { title: "Audit log · Steward" };

const targetTypeLabels = { user: "User", person: "Person", team: "Team" } as const;
const actorTypeLabels: Record<string, string> = { user: "User", system: "Steward", api_token: "API token", anonymous: "Not signed in" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const { actor } = await requirePage("/audit");
  const { values, params } = parseSearchParams(auditFilters, await searchParams);
  const page = await readAuditLogPage(actor, values);
  return (
    <>
      <PageHeader
        {...pageHeaders["/audit"]}
        actions={<VerifyChain />}
      />
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter audit events">
        <div>
          <label htmlFor="action" className="mb-1 block text-sm font-medium text-slate-700">Action</label>
          <Select id="action" name="action" defaultValue={values.action ?? ""}>
            <option value="">Any action</option>
            {auditActions.map((a) => <option key={a} value={a}>{auditActionLabel(a)}</option>)}
          </Select>
        </div>
        <div>
          <label htmlFor="targetType" className="mb-1 block text-sm font-medium text-slate-700">Target type</label>
          <Select id="targetType" name="targetType" defaultValue={values.targetType ?? ""}>
            <option value="">Any</option>
            {Object.entries(targetTypeLabels).map(([t, label]) => <option key={t} value={t}>{label}</option>)}
          </Select>
        </div>
        <div>
          <label htmlFor="from" className="mb-1 block text-sm font-medium text-slate-700">From (UTC)</label>
          <Input id="from" name="from" type="date" defaultValue={values.from ?? ""} />
        </div>
        <div>
          <label htmlFor="to" className="mb-1 block text-sm font-medium text-slate-700">To (UTC)</label>
          <Input id="to" name="to" type="date" defaultValue={values.to ?? ""} />
        </div>
        <Button type="submit" variant="secondary">Apply</Button>
      </form>
      <ListTable
        caption="Audit events, newest first"
        columns={[
          { header: "#", className: "font-mono text-xs text-slate-500", cell: (e) => e.seq },
          { header: "When", className: "whitespace-nowrap", cell: (e) => <DateTime value={e.occurredAt} /> },
          { header: "Actor", cell: (e) => <>{e.actor}<span className="block text-xs text-slate-500">{actorTypeLabels[e.actorType] ?? e.actorType}{e.ip ? ` · ${e.ip}` : ""}</span></> },
          { header: "Action", className: "whitespace-nowrap", cell: (e) => auditActionLabel(e.action) },
          { header: "Target", className: "text-xs", cell: (e) => e.target ?? "—" },
          {
            header: "What happened",
            className: "max-w-md text-sm text-slate-700",
            cell: (e) => (
              <>
                <AuditEventText sentence={e.sentence} payload={e.payload} />
                {/* The server's id, and apart from it the id the client sent (never trusted as the server's). */}
                {e.requestId ? <span className="mt-1 block font-mono text-xs text-slate-500">request {e.requestId}</span> : null}
                {e.clientRequestId ? <span className="block font-mono text-xs text-slate-500">client request {e.clientRequestId}</span> : null}
              </>
            ),
          },
        ]}
        rows={page.items}
        rowKey={(e) => e.seq}
        rowTestId="audit-row"
        empty={{ title: "No events match these filters", children: "Widen the date range or clear the filters." }}
        pager={urlPager("/audit", params, page.nextCursor, values.cursor)}
      />
    </>
  );
}
