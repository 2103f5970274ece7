import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { FINDING_COUNT_CAP, readFindings } from "@/lib/server/governance/reads";
import { formatDate } from "@/components/inventory/labels";
import { StatusTabs } from "@/components/lifecycle/rotation-status-tabs";
import { SeverityBadge } from "@/components/queue/severity-badge";
import { AsOfBanner } from "@/components/inventory/as-of";
import { Input } from "@/components/ui/form";
import { PageHeader } from "@/components/ui/layout";
import { pageHeaders } from "@/components/page-headers";
import { FilterChips, FilterSelect } from "@/components/ui/list-controls";
import { ListTable, urlPager } from "@/components/ui/list-table";
import { ControlFilter, controlRefLabel } from "@/components/governance/control-filter";
import { Button } from "@/components/ui/button";
import { FindingsTriage, TriageCheckbox } from "@/components/governance/findings-triage";
import { can } from "@/lib/authz/permissions";
import { findingAge } from "@/lib/domain/finding-summary";
import { postureRules } from "@/lib/domain/posture/rules";
import { pastReadProblem } from "@/lib/server/as-of";
import { guessPhone } from "@/lib/server/device";
import { requirePage } from "@/lib/server/page-guard";
import { parseSearchParams, type RawSearchParams } from "@/lib/server/search-params";
import { findingFilters, severities } from "@/lib/validation/governance";

export const metadata: Metadata = { title: "Findings · Steward" };

const tabs = [
  { id: "open", label: "Open" },
  { id: "excepted", label: "Excepted" },
  { id: "resolved", label: "Resolved" },
] as const;

const PHONE_PAGE_SIZE = 25;

export default async function FindingsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const { actor } = await requirePage("/findings");
  const { values, params } = parseSearchParams(findingFilters, await searchParams);
  const asOf = values.asOf && params.asOf ? params.asOf : undefined;
  // A view of the past (DESIGN §8.6) that history cannot answer: say so instead of showing the present.
  const problem = await pastReadProblem(values.asOf);
  if (asOf && problem) {
    return (
      <>
        <PageHeader title="Findings" />
        <AsOfBanner asOf={asOf} what="the findings" problem={problem} nowHref="/findings" />
      </>
    );
  }
  // A phone gets half a page unless the URL asks for a size: 50 rows of a seven-column table are a
  // long scroll there, and their HTML and hydration were most of the page's mobile main-thread work.
  const phone = await guessPhone();
  const limit = params.limit === undefined && phone ? PHONE_PAGE_SIZE : values.limit;
  const { page, counts, teams, people } = await readFindings(actor, { ...values, limit });
  // Security and admin triage the live list (issue 16): tick findings, then assign them or accept their risk.
  const triage = !asOf && values.status !== "resolved" && can(actor.role, "finding:manage");
  const now = values.asOf ?? new Date();
  const table = (
      <ListTable
        caption="Findings, most severe first, then longest open"
        // Finding, credential and why keep minimum widths: on a phone the table scrolls sideways instead of squeezing "Why" a word wide.
        columns={[
          ...(triage ? [{ header: "Select", className: "w-8", cell: (f: (typeof page.items)[number]) => <TriageCheckbox id={f.id} label={`${f.ruleTitle} on ${f.credential.name}`} /> }] : []),
          { header: "Severity", cell: (f) => <SeverityBadge severity={f.severity} /> },
          {
            header: "Finding",
            className: "min-w-36",
            cell: (f) => (
              <>
                <Link className="font-medium text-brand-700 underline" href={`/findings/${f.id}`} data-testid="finding-link">
                  {f.ruleTitle}
                </Link>
                <span className="block text-xs text-slate-500">{f.ruleId}</span>
              </>
            ),
          },
          {
            header: "Credential",
            className: "min-w-40",
            cell: (f) => (
              <>
                <Link className="text-brand-700 underline" href={`/inventory/${f.credential.id}?tab=controls`}>{f.credential.name}</Link>
                <span className="block text-xs text-slate-500">{f.credential.environment}{f.credential.teamName ? ` · ${f.credential.teamName}` : ""}</span>
              </>
            ),
          },
          {
            header: "Why",
            className: "min-w-64",
            cell: (f) => (
              <>
                <p>{f.summary}</p>
                {f.fix ? <p className="mt-1 text-xs text-slate-600">Fix: {f.fix}</p> : null}
              </>
            ),
          },
          {
            header: "Assignee",
            className: "whitespace-nowrap",
            cell: (f) => (f.assignee ? <span data-testid="finding-assignee">{f.assignee.name}</span> : <span className="text-fg-muted">Unassigned</span>),
          },
          {
            header: "Open since",
            className: "whitespace-nowrap",
            cell: (f) => (
              <>
                {formatDate(f.openedAt)}
                {f.status === "resolved" ? null : <span className="block text-xs text-slate-500">{findingAge(f.openedAt, now)}</span>}
              </>
            ),
          },
        ]}
        rows={page.items}
        rowKey={(f) => f.id}
        rowTestId="finding-row"
        rowData={(f) => ({ "data-rule": f.ruleId })}
        empty={{
          title: values.cursor ? "No more findings" : "No findings here",
          children: values.status === "open" ? "Nothing matches: every rule that applies passes for these credentials." : "No finding is in this state for these filters.",
        }}
        pager={urlPager("/findings", params, page.nextCursor, values.cursor)}
      />
  );
  const appliedFilters = [values.severity, values.rule, values.teamId, values.environment, values.assigneeId, asOf].filter(Boolean).length + (values.control?.length ?? 0);
  const countLabel = (n: number) => (n > FINDING_COUNT_CAP ? `${FINDING_COUNT_CAP.toLocaleString("en")}+` : n.toLocaleString("en"));
  return (
    <>
      <PageHeader {...pageHeaders["/findings"]} />
      {asOf ? <AsOfBanner asOf={asOf} what="the findings" nowHref="/findings" /> : null}
      <StatusTabs
        basePath="/findings"
        tabs={tabs.map((t) => ({ ...t, count: countLabel(counts[t.id]) }))}
        active={values.status}
        extra={{ severity: values.severity, rule: values.rule, control: values.control?.join(","), controlMatch: values.controlMatch, teamId: values.teamId, environment: values.environment, credentialId: values.credentialId, assigneeId: values.assigneeId, asOf }}
      />
      <FilterChips
        basePath="/findings"
        params={params}
        chips={(values.control ?? []).map((ref) => ({ name: "control", value: ref, label: `${values.control && values.control.length > 1 ? (values.controlMatch === "any" ? "Any of: " : "All of: ") : "Control: "}${controlRefLabel(ref)}` }))}
      />
      {/* On a phone the filters fold behind "Filters" (seven controls would fill the first screen); wide screens show them open. */}
      <details open={!phone} className="mb-4" data-testid="findings-filters">
        <summary className="mb-2 w-fit cursor-pointer rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700">
          Filters{appliedFilters ? ` (${String(appliedFilters)})` : ""}
        </summary>
        <form method="get" role="search" aria-label="Filter findings" className="flex flex-wrap items-end gap-3">
          <input type="hidden" name="status" value={values.status} />
          {values.credentialId ? <input type="hidden" name="credentialId" value={values.credentialId} /> : null}
          <FilterSelect id="severity" name="severity" label="Severity" defaultValue={values.severity ?? ""} choices={severities.map((v) => ({ value: v, label: v }))} />
          <FilterSelect id="rule" name="rule" label="Rule" defaultValue={values.rule ?? ""} choices={postureRules.map((r) => ({ value: r.id, label: r.title }))} />
          <FilterSelect id="teamId" name="teamId" label="Team" defaultValue={values.teamId ?? ""} choices={teams.map((t) => ({ value: t.id, label: t.name }))} />
          <FilterSelect id="environment" name="environment" label="Environment" defaultValue={values.environment ?? ""} choices={["production", "staging", "development", "test"].map((v) => ({ value: v, label: v }))} />
          <FilterSelect id="assigneeId" name="assigneeId" label="Assignee" anyLabel="Anyone" defaultValue={values.assigneeId ?? ""} choices={people.map((p) => ({ value: p.id, label: p.name }))} />
          <ControlFilter idPrefix="findings" defaultValue={values.control ?? []} defaultMatch={values.controlMatch} />
          <div>
            <label htmlFor="asOf" className="mb-1 block text-sm font-medium text-slate-700">As of</label>
            {/* A past day shows the findings as they were at the end of that day (UTC), read-only (DESIGN §8.6). */}
            <Input id="asOf" name="asOf" type="date" defaultValue={asOf?.slice(0, 10) ?? ""} max={new Date().toISOString().slice(0, 10)} />
          </div>
          <Button type="submit" variant="secondary">
            Apply
          </Button>
        </form>
      </details>
      {triage ? (
        <FindingsTriage people={people} canExcept={values.status === "open" && can(actor.role, "exception:manage")}>
          {table}
        </FindingsTriage>
      ) : (
        table
      )}
    </>
  );
}
