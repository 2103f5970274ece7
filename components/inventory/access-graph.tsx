import { KeyRound } from "lucide-react";
import { Link } from "@/components/ui/link";
import { Badge } from "@/components/ui/layout";

type Node = { id: string; name: string; detail: string; href?: string; pending?: boolean };
type Zone = { zone: string; nodes: Node[] };

function groupByZone<T extends { trustZone: string }>(items: readonly T[], toNode: (item: T) => Node): Zone[] {
  const zones = new Map<string, Node[]>();
  for (const item of items) zones.set(item.trustZone, [...(zones.get(item.trustZone) ?? []), toNode(item)]);
  return [...zones.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([zone, nodes]) => ({ zone, nodes }));
}

function ZoneColumn({ title, zones, empty }: { title: string; zones: Zone[]; empty: string }) {
  return (
    <div className="min-w-0 flex-1 space-y-2">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h3>
      {zones.length === 0 ? <p className="rounded-md border border-dashed border-slate-300 px-3 py-4 text-center text-xs text-slate-500">{empty}</p> : null}
      {zones.map((z) => (
        <div key={z.zone} className="rounded-md border border-slate-300 bg-slate-50 p-2">
          <p className="mb-1.5 text-xs font-medium text-slate-600">Trust zone: {z.zone}</p>
          <ul className="space-y-1.5">
            {z.nodes.map((n) => (
              <li key={n.id} data-pending={n.pending ? "true" : undefined} className={n.pending ? "rounded border border-dashed border-amber-400 bg-amber-50 px-2 py-1.5 text-sm" : "rounded border border-slate-200 bg-white px-2 py-1.5 text-sm shadow-xs"}>
                {n.href ? (
                  <Link className="font-medium text-brand-700 hover:underline" href={n.href}>
                    {n.name}
                  </Link>
                ) : (
                  <span className="font-medium">{n.name}</span>
                )}
                <span className="block break-all text-xs text-slate-500">{n.detail}</span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

function Arrow() {
  return (
    <div className="flex items-center justify-center text-slate-400" aria-hidden="true">
      <svg viewBox="0 0 40 16" className="h-4 w-10 rotate-90 md:rotate-0">
        <path d="M0 8h34M28 2l7 6-7 6" fill="none" stroke="currentColor" strokeWidth="2" />
      </svg>
    </div>
  );
}

/**
 * Who uses the credential and what it can reach, grouped by trust zone: applications → credential →
 * APIs. A credential whose tokens reach several trust zones is flagged (DESIGN §10: one credential
 * per service or trust zone).
 */
export function AccessGraph({
  credentialName,
  applications,
  grants,
}: {
  credentialName: string;
  applications: readonly { id: string; name: string; environment: string; trustZone: string }[];
  /** `status` (DESIGN §4.5): only approved grants are access; the others show dashed, with their status. */
  grants: readonly { apiId: string; apiName: string; audience: string; trustZone: string; sensitivity: string; scopeCount: number; status?: string }[];
}) {
  const appZones = groupByZone(applications, (a) => ({ id: a.id, name: a.name, detail: a.environment, href: `/applications/${a.id}` }));
  const apiZones = groupByZone(grants, (g) => {
    const pending = g.status !== undefined && g.status !== "approved";
    const state = pending ? ` · ${g.status === "requested" ? "pending approval — not access yet" : `${g.status ?? ""} — not access`}` : "";
    return { id: g.apiId, name: g.apiName, detail: `${g.sensitivity} · ${g.scopeCount} scope${g.scopeCount === 1 ? "" : "s"}${state}`, href: `/apis/${g.apiId}`, pending };
  });
  const zones = new Set([...appZones, ...apiZones].map((z) => z.zone));
  return (
    <figure className="space-y-3" aria-label={`Access of ${credentialName}: ${String(applications.length)} application(s), ${String(grants.length)} API(s), ${String(zones.size)} trust zone(s)`}>
      <div className="flex flex-col gap-3 md:flex-row md:items-center">
        <ZoneColumn title="Used by" zones={appZones} empty="No application recorded" />
        <Arrow />
        <div className="flex flex-col items-center gap-1 rounded-lg border-2 border-brand-500 bg-brand-50 px-4 py-3 text-center md:w-48">
          <KeyRound className="h-5 w-5 text-brand-700" aria-hidden="true" />
          <span className="text-sm font-semibold text-brand-700">{credentialName}</span>
        </div>
        <Arrow />
        <ZoneColumn title="Can call" zones={apiZones} empty="No API granted" />
      </div>
      <figcaption className="text-xs text-slate-500">
        {zones.size > 1 ? (
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone="amber">{zones.size} trust zones</Badge>
            This credential spans several trust zones. Consider a separate credential per service or trust zone, with the narrowest audience.
          </span>
        ) : zones.size === 1 ? (
          "Everything this credential touches is in one trust zone."
        ) : (
          "Record applications and grants to see where this credential reaches."
        )}
      </figcaption>
    </figure>
  );
}
