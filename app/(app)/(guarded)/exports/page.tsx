import type { Metadata } from "next";
import { ControlFilter } from "@/components/governance/control-filter";
import { ExportButton } from "@/components/governance/export-button";
import { Input, Select } from "@/components/ui/form";
import { Card, PageHeader } from "@/components/ui/layout";
import { pageHeaders } from "@/components/page-headers";
import { frameworks } from "@/lib/domain/catalog/frameworks";
import { readTeamChoices } from "@/lib/server/org-reads";
import { requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "Auditor exports · Steward" };

const formats = [
  { id: "csv", label: "Control mapping (CSV)", help: "One row per credential × control: every accountable party, status, the rules that evidence it, each finding's reason, detection date and fix, the accepting exception, CSF 1.1 aliases, due dates. Spreadsheet-safe (formula cells neutralised)." },
  { id: "json", label: "Control mapping (JSON)", help: "The same, structured, with the catalog and the rule → control mapping." },
  { id: "oscal-component-definition", label: "OSCAL component definition", help: "One component per credential, implemented requirements per control, owners as responsible roles (OSCAL 1.0.6)." },
  { id: "oscal-assessment-results", label: "OSCAL assessment results", help: "Observations and satisfied / not-satisfied findings per credential and control (OSCAL 1.0.6)." },
  { id: "evidence-pack", label: "Evidence pack (zip)", help: "All of the above for the scope, with the catalog, the policy set, rotations, approvals, reviews, exceptions, leak incidents and findings in the period, the audit-log extract chained to this export's own audit event, a README, and manifest.json (SHA-256 of every file) signed with the instance key. Anyone can check it against this instance's public key (/api/v1/evidence/public-key); the README in the pack says how." },
] as const;

export default async function ExportsPage() {
  const { actor } = await requirePage("/exports");
  const teams = await readTeamChoices(actor, 200);
  const today = new Date().toISOString().slice(0, 10);
  const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
  return (
    <>
      <PageHeader {...pageHeaders["/exports"]} />
      <form method="get" action="/api/v1/exports/csv" className="space-y-6">
        <Card>
          <fieldset>
            <legend className="text-base font-semibold text-slate-900">Frameworks</legend>
            <div className="mt-2 grid gap-2 md:grid-cols-2">
              {frameworks.map((f) => (
                <label key={f.id} className="flex items-center gap-2 text-sm text-slate-800">
                  <input type="checkbox" name="frameworks" value={f.id} defaultChecked className="size-4" />
                  {f.name}
                </label>
              ))}
            </div>
          </fieldset>
        </Card>
        <Card>
          <fieldset className="grid gap-4 md:grid-cols-4">
            <legend className="mb-2 text-base font-semibold text-slate-900">Scope and period</legend>
            <div>
              <label htmlFor="teamId" className="mb-1 block text-sm font-medium text-slate-700">Team</label>
              <Select id="teamId" name="teamId" defaultValue="">
                <option value="">Every team</option>
                {teams.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
              </Select>
            </div>
            <div>
              <label htmlFor="environment" className="mb-1 block text-sm font-medium text-slate-700">Environment</label>
              <Select id="environment" name="environment" defaultValue="">
                <option value="">Every environment</option>
                {["production", "staging", "development", "test"].map((e) => <option key={e} value={e}>{e}</option>)}
              </Select>
            </div>
            <div>
              <label htmlFor="from" className="mb-1 block text-sm font-medium text-slate-700">Period from</label>
              <Input id="from" name="from" type="date" defaultValue={yearAgo} />
            </div>
            <div>
              <label htmlFor="to" className="mb-1 block text-sm font-medium text-slate-700">Period to</label>
              <Input id="to" name="to" type="date" defaultValue={today} />
            </div>
            <div className="md:col-span-2">
              {/* None chosen: every credential in scope. Chosen: only those failing them (all, or any). */}
              <ControlFilter idPrefix="export" defaultValue={[]} defaultMatch={undefined} />
            </div>
          </fieldset>
        </Card>
        <Card>
          <h2 className="text-base font-semibold text-slate-900">Download</h2>
          <ul className="mt-3 space-y-4">
            {formats.map((f) => (
              <li key={f.id} className="flex flex-wrap items-start gap-4">
                <ExportButton format={f.id} label={f.label} />
                <p className="max-w-xl text-sm text-slate-600">{f.help}</p>
              </li>
            ))}
          </ul>
        </Card>
      </form>
    </>
  );
}
