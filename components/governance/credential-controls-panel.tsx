import { Link } from "@/components/ui/link";
import { formatDateTime } from "@/components/inventory/labels";
import { SeverityBadge } from "@/components/queue/severity-badge";
import { Badge, Card, DataTable, Td } from "@/components/ui/layout";
import { frameworks } from "@/lib/domain/catalog/frameworks";
import { ruleLabel } from "@/lib/domain/finding-summary";
import type { Actor } from "@/lib/server/context";
import { readCredentialControls } from "@/lib/server/inventory/credential-tabs";
import { ControlStatusBadge } from "./control-status-badge";

/** The credential's "Findings & controls" tab (DESIGN §6): live findings with why and how to fix, then its controls by framework. */
export async function CredentialControlsPanel({ actor, credentialId }: { actor: Actor; credentialId: string }) {
  const { open, controls, mayAcceptRisk } = await readCredentialControls(actor, credentialId);
  return (
    <div className="space-y-6">
      <Card>
        <section aria-labelledby="live-findings-title">
          <h2 id="live-findings-title" className="text-base font-semibold text-slate-900">
            Findings
          </h2>
          {open.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">No open findings: every posture rule that applies passes.</p>
          ) : (
            <ul className="mt-3 space-y-3" aria-label="Live findings">
              {open.map((f) => (
                <li key={f.id} className="rounded-md border border-slate-200 p-3" data-testid="posture-finding" data-rule={f.ruleId}>
                  <div className="flex flex-wrap items-center gap-2">
                    <SeverityBadge severity={f.severity} />
                    <span className="font-medium text-slate-900">{ruleLabel(f.ruleId)}</span>
                    {f.status === "excepted" ? <Badge tone="amber">Excepted</Badge> : null}
                    <span className="text-xs text-slate-500">opened {formatDateTime(f.openedAt)}</span>
                  </div>
                  <p className="mt-1 text-sm text-slate-700">{f.summary}</p>
                  {f.fix ? <p className="mt-1 text-sm text-slate-600">How to fix: {f.fix}</p> : null}
                  {mayAcceptRisk && f.status === "open" && f.fix ? (
                    <p className="mt-2 text-sm">
                      <Link className="text-brand-700 underline" href={`/exceptions/new?findingId=${f.id}`} data-testid="accept-risk">
                        Accept the risk (exception)
                      </Link>
                    </p>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      </Card>
      {frameworks.map((fw) => {
        const list = controls.filter((c) => c.control.framework === fw.id);
        return (
          <DataTable key={fw.id} caption={`${fw.name}: controls of this credential`} head={["Control", "Title", "Status", "Evidence"]}>
            {list.map((c) => (
              <tr key={c.control.id}>
                <Td>
                  <Link className="font-medium text-brand-700 underline" href={`/controls/${fw.id}/${encodeURIComponent(c.control.oscalId)}`}>
                    {c.control.id}
                  </Link>
                </Td>
                <Td>{c.control.title}</Td>
                <Td>
                  <ControlStatusBadge status={c.status} />
                </Td>
                <Td>{c.evidence.length > 0 ? c.evidence.map((e) => ruleLabel(e.ruleId)).join(", ") : <span className="text-slate-500">—</span>}</Td>
              </tr>
            ))}
          </DataTable>
        );
      })}
    </div>
  );
}
