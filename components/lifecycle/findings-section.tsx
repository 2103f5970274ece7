import { Link } from "@/components/ui/link";
import { formatDateTime } from "@/components/inventory/labels";
import { SeverityBadge } from "@/components/queue/severity-badge";
import { Card } from "@/components/ui/layout";
import { orphanedRolesOf, ruleLabel } from "@/lib/domain/finding-summary";
import { readCredentialFindings } from "@/lib/server/inventory/credential-tabs";
import type { LifecycleSectionProps } from "./types";

/** Open lifecycle findings (orphaned, leaked secret, rotation overdue) of one credential; resolved ones collapsed. */
export async function FindingsSection({ credentialId, viewer }: LifecycleSectionProps) {
  const { open, resolved, mayReassign } = await readCredentialFindings(viewer.actor, credentialId);
  return (
    <Card>
      <section aria-labelledby="findings-title" data-testid="findings-section">
        <h2 id="findings-title" className="text-base font-semibold text-slate-900">
          Findings
        </h2>
        {open.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">No open findings.</p>
        ) : (
          <ul className="mt-3 space-y-3" aria-label="Open findings">
            {open.map((f) => {
              const departed = f.ruleId === "owner-missing" ? [...new Map(orphanedRolesOf(f.details).map((r) => [r.personId, r])).values()] : [];
              return (
                <li key={f.id} className="rounded-md border border-slate-200 p-3" data-testid="finding-open" data-rule={f.ruleId}>
                  <div className="flex flex-wrap items-center gap-2">
                    <SeverityBadge severity={f.severity} />
                    <span className="font-medium text-slate-900">{ruleLabel(f.ruleId)}</span>
                    <span className="text-xs text-slate-500">opened {formatDateTime(f.openedAt)}</span>
                  </div>
                  <p className="mt-1 text-sm text-slate-700">{f.summary}</p>
                  {typeof f.details.incidentId === "string" ? (
                    <p className="mt-2 text-sm">
                      <Link className="text-brand-700 underline" href={`/incidents/${f.details.incidentId}`}>
                        Open the leak incident
                      </Link>
                    </p>
                  ) : null}
                  {mayReassign && departed.length > 0 ? (
                    <p className="mt-2 flex flex-wrap gap-3 text-sm">
                      {departed.map((p) => (
                        <Link key={p.personId} className="text-brand-700 underline" href={`/people/${p.personId}/reassign`}>
                          Reassign {p.name}&rsquo;s credentials
                        </Link>
                      ))}
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
        {resolved.length > 0 ? (
          <details className="mt-4">
            <summary className="cursor-pointer text-sm text-slate-600">Resolved findings ({resolved.length}{resolved.length === 20 ? "+" : ""})</summary>
            <ul className="mt-2 space-y-2" aria-label="Resolved findings">
              {resolved.map((f) => (
                <li key={f.id} className="text-sm text-slate-600" data-testid="finding-resolved">
                  <span className="font-medium text-slate-700">{ruleLabel(f.ruleId)}</span> — {f.summary}{" "}
                  <span className="text-xs text-slate-500">
                    (opened {formatDateTime(f.openedAt)}, resolved {formatDateTime(f.resolvedAt)}
                    {f.resolution ? `: ${f.resolution}` : ""})
                  </span>
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </section>
    </Card>
  );
}
