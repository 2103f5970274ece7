import { CircleCheck, OctagonAlert, TriangleAlert } from "lucide-react";
import { Link } from "@/components/ui/link";
import type { CredentialRisk, NextAction } from "@/lib/domain/credential-risk";
import { cn } from "@/lib/cn";
import { formatDateTime } from "./labels";

const styles = {
  critical: "border-red-300 bg-red-50 text-red-950",
  high: "border-orange-300 bg-orange-50 text-orange-950",
  attention: "border-amber-200 bg-amber-50 text-amber-950",
  ok: "border-emerald-200 bg-emerald-50 text-emerald-950",
  retired: "border-slate-300 bg-slate-50 text-slate-900",
} as const;

const icons = { critical: OctagonAlert, high: TriangleAlert, attention: TriangleAlert, ok: CircleCheck, retired: CircleCheck } as const;

function actionHref(next: NextAction, credentialId: string): string | null {
  switch (next.kind) {
    case "request_rotation":
      return `/inventory/${credentialId}?tab=lifecycle`;
    case "approve_rotation":
    case "complete_rotation":
      return `/rotations/${next.rotationId}`;
    case "fix_finding":
      return `/findings/${next.findingId}`;
    case "none":
      return null;
  }
}

/**
 * The top of a credential's Overview: what is wrong, since when, and what to do next — rendered from
 * `credentialRisk` (lib/domain), the same answer as the header badge and the Findings tab count.
 */
export function RiskBanner({ risk, credentialId }: { risk: CredentialRisk; credentialId: string }) {
  const Icon = icons[risk.level];
  const href = actionHref(risk.next, credentialId);
  return (
    <section role={risk.level === "critical" || risk.level === "high" ? "alert" : "status"} aria-label="Credential status" data-testid="risk-banner" data-level={risk.level} className={cn("rounded-lg border p-4", styles[risk.level])}>
      <p className="flex items-center gap-2 text-sm font-semibold">
        <Icon className="h-4 w-4 shrink-0" aria-hidden="true" /> {risk.label}
      </p>
      <p className="mt-1 text-sm">{risk.headline}</p>
      <ul className="mt-2 space-y-1 text-sm">
        {risk.incident ? (
          <li>
            Incident:{" "}
            <Link className="font-medium underline" href={`/incidents/${risk.incident.id}`}>
              leak reported {formatDateTime(risk.incident.detectedAt)}
            </Link>
          </li>
        ) : null}
        {risk.rotation ? (
          <li>
            {risk.incident ? "Emergency rotation" : "Rotation"}:{" "}
            <Link className="font-medium underline" href={`/rotations/${risk.rotation.id}`}>
              {risk.rotation.state === "requested" ? "waiting for approval" : "approved, not yet completed"}
            </Link>
          </li>
        ) : null}
        {risk.topFinding ? (
          <li>
            Since {formatDateTime(risk.topFinding.openedAt)}:{" "}
            <Link className="font-medium underline" href={`/inventory/${credentialId}?tab=controls`}>
              {risk.openFindings} open finding{risk.openFindings === 1 ? "" : "s"}
            </Link>
            {risk.exceptedFindings > 0 ? `, ${String(risk.exceptedFindings)} accepted by exception` : ""}
          </li>
        ) : null}
      </ul>
      {risk.next.kind !== "none" ? (
        <p className="mt-2 text-sm" data-testid="risk-next-action">
          <span className="font-semibold">Next: </span>
          {href ? (
            <Link className="font-medium underline" href={href}>
              {risk.next.label}
            </Link>
          ) : (
            risk.next.label
          )}
        </p>
      ) : null}
    </section>
  );
}
