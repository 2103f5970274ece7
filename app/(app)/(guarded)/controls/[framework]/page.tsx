import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { CoverageBar } from "@/components/governance/coverage-bar";
import { BackLink, DataTable, PageHeader, Td } from "@/components/ui/layout";
import { frameworkById, isFrameworkId } from "@/lib/domain/catalog/frameworks";
import { readCoverage } from "@/lib/server/governance/reads";
import { requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "Framework · Controls · Steward" };

export default async function FrameworkPage({ params }: { params: Promise<{ framework: string }> }) {
  const { actor } = await requirePage("/controls/[framework]");
  const { framework } = await params;
  if (!isFrameworkId(framework)) notFound();
  const report = await readCoverage(actor, [framework]);
  const fw = report.frameworks[0];
  const meta = frameworkById.get(framework);
  if (!fw || !meta) notFound();
  return (
    <>
      <BackLink href="/controls">Controls</BackLink>
      <PageHeader
        title={fw.name}
        description={
          <>
            {meta.publisher}, version {meta.version}.{" "}
            <Link className="text-brand-700 underline" href="/controls">All frameworks</Link>
          </>
        }
      />
      <div className="mb-4 max-w-md">
        <CoverageBar counts={fw.totals} label={`${fw.name}, all controls`} />
      </div>
      <DataTable caption={`${fw.name}: controls and coverage over ${report.credentials.toLocaleString("en")} credentials`} head={["Control", "Title", "Rules", "Coverage"]}>
        {fw.controls.map((c) => (
          <tr key={c.id} data-testid="control-row">
            <Td>
              <Link className="font-medium text-brand-700 underline" href={`/controls/${framework}/${encodeURIComponent(c.oscalId)}`}>{c.id}</Link>
            </Td>
            <Td>
              {c.title}
              <span className="block text-xs text-slate-500">{c.description}</span>
            </Td>
            <Td>{c.rules.length > 0 ? c.rules.length : <span className="text-slate-500">none — evidenced outside the rules</span>}</Td>
            <Td>{c.rules.length > 0 ? <CoverageBar counts={c.counts} label={c.id} /> : <span className="text-slate-500">—</span>}</Td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
