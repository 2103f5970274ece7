import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { CoverageBar } from "@/components/governance/coverage-bar";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/form";
import { Card, DataTable, PageHeader, Td } from "@/components/ui/layout";
import { searchCatalog } from "@/lib/domain/catalog/search";
import { readCoverage } from "@/lib/server/governance/reads";
import { requirePage } from "@/lib/server/page-guard";
import type { RawSearchParams } from "@/lib/server/search-params";

export const metadata: Metadata = { title: "Controls · Steward" };

export default async function ControlsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const { actor } = await requirePage("/controls");
  const raw = (await searchParams).q;
  const q = (Array.isArray(raw) ? raw[0] : raw)?.trim().slice(0, 100) ?? "";
  const report = await readCoverage(actor);
  const hits = q ? searchCatalog(q) : [];
  return (
    <>
      <PageHeader
        title="Controls"
        description={`How ${report.credentials.toLocaleString("en")} credentials (not decommissioned) stand against four frameworks. Coverage = pass ÷ (pass + fail); excepted and not-applicable stay out. The OWASP ↔ NIST pairing is Steward's own crosswalk, not published by OWASP or NIST.`}
      />
      <form method="get" role="search" className="mb-6 flex flex-wrap items-end gap-3">
        <div className="min-w-60 flex-1">
          <label htmlFor="q" className="mb-1 block text-sm font-medium text-slate-700">
            Find a control (ids, old or mis-cited ids such as PR.AC-4 or NHI-03, or words)
          </label>
          <Input id="q" name="q" type="search" defaultValue={q} placeholder="PR.AC-4" />
        </div>
        <Button type="submit" variant="secondary">Search</Button>
      </form>
      {q ? (
        <section aria-labelledby="search-title" className="mb-8">
          <h2 id="search-title" className="mb-2 text-base font-semibold text-slate-900">
            {hits.length === 0 ? `Nothing in the catalog matches “${q}”.` : `${hits.length} match${hits.length === 1 ? "" : "es"} for “${q}”`}
          </h2>
          {hits.length > 0 ? (
            <ul className="space-y-2" aria-label="Catalog matches">
              {hits.map((h) => (
                <li key={`${h.control.framework}/${h.control.id}`} data-testid="catalog-hit">
                  <Link className="font-medium text-brand-700 underline" href={`/controls/${h.control.framework}/${encodeURIComponent(h.control.oscalId)}`}>
                    {h.control.id}
                  </Link>{" "}
                  <span className="text-slate-700">{h.control.title}</span>
                  {h.note ? <span className="ml-2 text-xs text-slate-500">({h.note})</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
      <div className="grid gap-4 md:grid-cols-2">
        {report.frameworks.map((f) => (
          <Card key={f.id}>
            <h2 className="text-base font-semibold text-slate-900">
              <Link className="text-brand-700 underline" href={`/controls/${f.id}`}>{f.name}</Link>
            </h2>
            <p className="mb-3 text-sm text-slate-600">{f.controls.length} controls</p>
            <CoverageBar counts={f.totals} label={`${f.name}, all controls`} />
          </Card>
        ))}
      </div>
      {report.credentials === 0 ? (
        <p className="mt-6 text-sm text-slate-600">The inventory is empty: add credentials (or load the demo data) and their controls appear here.</p>
      ) : null}
      <DataTable caption="Weakest controls (most failing credentials)" head={["Framework", "Control", "Title", "Coverage"]}>
        {report.frameworks
          .flatMap((f) => f.controls.map((c) => ({ f, c })))
          .filter(({ c }) => c.counts.fail > 0)
          .sort((a, b) => b.c.counts.fail - a.c.counts.fail)
          .slice(0, 10)
          .map(({ f, c }) => (
            <tr key={`${f.id}/${c.id}`}>
              <Td>{f.name}</Td>
              <Td>
                <Link className="font-medium text-brand-700 underline" href={`/controls/${f.id}/${encodeURIComponent(c.oscalId)}`}>{c.id}</Link>
              </Td>
              <Td>{c.title}</Td>
              <Td><CoverageBar counts={c.counts} label={c.id} /></Td>
            </tr>
          ))}
      </DataTable>
    </>
  );
}
