import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { CoverageBar } from "@/components/governance/coverage-bar";
import { BackLink, Badge, Card, DataTable, EmptyState, PageHeader, Td } from "@/components/ui/layout";
import { Pager } from "@/components/ui/list-controls";
import { findControl, frameworkById } from "@/lib/domain/catalog/frameworks";
import { controlKey, rulesFor } from "@/lib/domain/catalog/mapping";
import { coverage } from "@/lib/domain/control-status";
import { ruleLabel } from "@/lib/domain/finding-summary";
import { ruleById } from "@/lib/domain/posture/rules";
import { readControl } from "@/lib/server/governance/reads";
import { requirePage } from "@/lib/server/page-guard";
import { parseSearchParams, type RawSearchParams } from "@/lib/server/search-params";
import { controlPageQuery } from "@/lib/validation/governance";

export const metadata: Metadata = { title: "Control · Steward" };

export default async function ControlPage({ params, searchParams }: { params: Promise<{ framework: string; control: string }>; searchParams: Promise<RawSearchParams> }) {
  const { actor } = await requirePage("/controls/[framework]/[control]");
  const { framework, control: raw } = await params;
  const control = findControl(framework, decodeURIComponent(raw));
  const fw = frameworkById.get(control?.framework ?? "owasp-nhi-2025");
  if (!control || !fw) notFound();
  const { values, params: query } = parseSearchParams(controlPageQuery, await searchParams);
  const rules = rulesFor(control);
  const { counts, page } = await readControl(actor, control, values, values.cursor, values.limit);
  const c = counts.get(controlKey(control.framework, control.id)) ?? { pass: 0, fail: 0, excepted: 0, notApplicable: 0 };
  return (
    <>
      <BackLink href={`/controls/${control.framework}`}>{fw.name}</BackLink>
      <PageHeader
        title={`${control.id} — ${control.title}`}
        description={
          <>
            <Link className="text-brand-700 underline" href={`/controls/${fw.id}`}>{fw.name}</Link>. {control.description}
            {control.aliases.length > 0 ? <span className="block text-xs text-slate-500">Also cited as {control.aliases.join(", ")}.</span> : null}
          </>
        }
      />
      <div className="mb-6 grid gap-4 md:grid-cols-2">
        <Card>
          <h2 className="mb-2 text-base font-semibold text-slate-900">Coverage</h2>
          {rules.length > 0 ? <CoverageBar counts={{ ...c, coverage: coverage(c) }} label={control.id} /> : <p className="text-sm text-slate-600">No posture rule evidences this control; it is evidenced outside the rules (for AC-1: the rotation policies themselves).</p>}
        </Card>
        <Card>
          <h2 className="mb-2 text-base font-semibold text-slate-900">Rules that evidence it</h2>
          <ul className="space-y-1 text-sm">
            {rules.map((r) => (
              <li key={r}>
                <Link className="text-brand-700 underline" href={`/findings?rule=${r}`}>{ruleLabel(r)}</Link>
                <span className="text-slate-600"> — {ruleById.get(r)?.firesWhen}</span>
              </li>
            ))}
          </ul>
        </Card>
      </div>
      {page.items.length === 0 ? (
        <EmptyState title={values.cursor ? "No more credentials" : "No credential fails this control"}>Every credential it applies to passes.</EmptyState>
      ) : (
        <DataTable caption="Credentials failing (or excepted on) this control" head={["Credential", "Environment", "Team", "Owner", "Rules", "Status"]}>
          {page.items.map((r) => (
            <tr key={r.id} data-testid="failing-credential">
              <Td>
                <Link className="font-medium text-brand-700 underline" href={`/inventory/${r.id}?tab=controls`}>{r.name}</Link>
              </Td>
              <Td>{r.environment}</Td>
              <Td>{r.teamName ?? "—"}</Td>
              <Td>{r.ownerName ?? "—"}</Td>
              <Td>{r.rules.map((x) => ruleLabel(x)).join(", ")}</Td>
              <Td>{r.excepted ? <Badge tone="amber">Excepted</Badge> : <Badge tone="red">Fail</Badge>}</Td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pager basePath={`/controls/${fw.id}/${encodeURIComponent(control.oscalId)}`} params={query} nextCursor={page.nextCursor} isFirstPage={!values.cursor} />
    </>
  );
}
