import { Link } from "@/components/ui/link";
import { formatDateTime } from "@/components/inventory/labels";
import { Mono } from "@/components/registry/details";
import { Card, DataTable, EmptyState, Td } from "@/components/ui/layout";
import type { Actor } from "@/lib/server/context";
import { readCredentialUsage, SPARKLINE_DAYS, type UsageSeriesPoint } from "@/lib/server/usage/reads";

const dash = <span className="text-slate-500">—</span>;

/**
 * Allowed (up) and denied (down) decisions per day as bars around a baseline: small enough for a
 * table cell. The picture is decorative for assistive technology; its text alternative says the same.
 */
export function Sparkline({ series, label }: { series: UsageSeriesPoint[]; label: string }) {
  const width = 2 * series.length + series.length - 1;
  const height = 24;
  const mid = height / 2;
  const peak = Math.max(1, ...series.map((p) => Math.max(p.allowed, p.denied)));
  const allowed = series.reduce((n, p) => n + p.allowed, 0);
  const denied = series.reduce((n, p) => n + p.denied, 0);
  const text = `${label}: ${allowed} allowed and ${denied} denied in the last ${series.length} days`;
  return (
    <span className="inline-flex items-center gap-2">
      <svg width={width * 2} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true" focusable="false" className="shrink-0">
        <line x1={0} x2={width} y1={mid} y2={mid} className="stroke-slate-200" strokeWidth={0.5} />
        {series.map((p, i) => {
          const up = p.allowed === 0 ? 0 : Math.max(1, (p.allowed / peak) * (mid - 1));
          const down = p.denied === 0 ? 0 : Math.max(1, (p.denied / peak) * (mid - 1));
          return (
            <g key={p.day}>
              {up > 0 ? <rect x={i * 3} y={mid - up} width={2} height={up} className="fill-emerald-500" /> : null}
              {down > 0 ? <rect x={i * 3} y={mid} width={2} height={down} className="fill-red-500" /> : null}
            </g>
          );
        })}
      </svg>
      <span className="sr-only">{text}</span>
      <span className="text-xs text-slate-600" aria-hidden="true">
        {allowed} / <span className={denied > 0 ? "font-medium text-red-700" : undefined}>{denied}</span>
      </span>
    </span>
  );
}

/** The credential's Usage tab (DESIGN §5.4): per API and scope, last used and 30 days of allow/deny; recent denied decisions with reasons. */
export async function UsagePanel({ actor, credentialId }: { actor: Actor; credentialId: string }) {
  const usage = await readCredentialUsage(actor, credentialId);
  if (!usage.hasEvidence) {
    return (
      <EmptyState title="No usage reported yet">
        Steward compares this credential&apos;s grants with what its authorization server and APIs report. Send token issuance and API decision events to{" "}
        <code>POST /api/v1/events</code> (or Open Policy Agent decision logs to <code>/api/v1/events/opa</code>) —{" "}
        <Link className="text-brand-700 underline" href="/api-docs">
          how to send usage
        </Link>
        .
      </EmptyState>
    );
  }
  return (
    <div className="space-y-6">
      <Card>
        <section aria-labelledby="usage-scopes-title">
          <h2 id="usage-scopes-title" className="text-base font-semibold text-slate-900">
            Use per API and scope
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            Last used: a token carrying the scope or an allowed decision at the API. Bars: allowed (green, up) and denied (red, down) decisions per day, last {SPARKLINE_DAYS} days.
          </p>
          {usage.rows.length === 0 ? (
            <p className="mt-3 text-sm text-slate-600">Tokens were issued, but no scope or API decision has been reported.</p>
          ) : (
            <div className="mt-3">
              <DataTable caption="Use per API and scope" head={["API", "Scope", "Last used", "Last denied", `Allowed / denied (${SPARKLINE_DAYS} days)`]}>
                {usage.rows.map((r) => (
                  <tr key={`${r.audience} ${r.scope}`} data-testid="usage-row" data-scope={r.scope}>
                    <Td className="break-all">
                      {r.apiId ? (
                        <Link className="text-brand-700 hover:underline" href={`/apis/${r.apiId}`}>
                          {r.apiName}
                        </Link>
                      ) : r.audience ? (
                        <span>
                          <Mono>{r.audience}</Mono> <span className="text-xs text-slate-500">(no API with this audience)</span>
                        </span>
                      ) : (
                        <span className="text-slate-500">Any (token without audience)</span>
                      )}
                    </Td>
                    <Td>
                      <Mono>{r.scope}</Mono>
                    </Td>
                    <Td>{r.lastUsedAt ? formatDateTime(r.lastUsedAt) : <span className="text-slate-500">Never</span>}</Td>
                    <Td>{r.lastDeniedAt ? formatDateTime(r.lastDeniedAt) : dash}</Td>
                    <Td>
                      <Sparkline series={r.series} label={`${r.scope} at ${r.apiName ?? (r.audience || "any audience")}`} />
                    </Td>
                  </tr>
                ))}
              </DataTable>
            </div>
          )}
        </section>
      </Card>
      <Card>
        <section aria-labelledby="usage-denials-title">
          <h2 id="usage-denials-title" className="text-base font-semibold text-slate-900">
            Recent denied decisions
          </h2>
          <p className="mt-1 text-sm text-slate-600">Raw events are kept for a limited window; older denials remain counted above.</p>
          {usage.denials.length === 0 ? (
            <p className="mt-3 text-sm text-slate-600">No denied decision in the kept events.</p>
          ) : (
            <div className="mt-3">
              <DataTable caption="Recent denied decisions, newest first" head={["Time (UTC)", "API", "Scope", "Reason", "Source"]}>
                {usage.denials.map((d) => (
                  <tr key={d.id} data-testid="usage-denial">
                    <Td>{formatDateTime(d.occurredAt)}</Td>
                    <Td className="break-all">{d.apiName ?? (d.audience ? <Mono>{d.audience}</Mono> : dash)}</Td>
                    <Td>{d.scope ? <Mono>{d.scope}</Mono> : dash}</Td>
                    <Td className="break-words">{d.reason ?? <span className="text-slate-500">No reason given</span>}</Td>
                    <Td>{d.source}</Td>
                  </tr>
                ))}
              </DataTable>
            </div>
          )}
        </section>
      </Card>
    </div>
  );
}
