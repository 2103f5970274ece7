/**
 * A credential's risk in one answer (DESIGN §6: "what the app says must be true"). Pure: its open
 * findings, open leak incidents and open rotation request → a level, a headline and the next action.
 * The header badge, the Overview banner and the Findings tab count all render this one result, so a
 * screen can only show green when the findings behind it are green too.
 */

import { findingFix, ruleLabel } from "./finding-summary";
import type { Severity } from "./posture/types";
import type { RotationState } from "./rotation";

export type RiskLevel = "critical" | "high" | "attention" | "ok" | "retired";

export type RiskFinding = { id: string; ruleId: string; severity: Severity; status: "open" | "excepted" | "resolved"; openedAt: Date };
export type RiskIncident = { id: string; detectedAt: Date; source: string };
/** An open request is `requested` or `approved` (the query's filter); the type stays the column's. */
export type RiskRotation = { id: string; state: RotationState; reason: string };

export type RiskInput = {
  status: "active" | "suspended" | "decommissioned";
  findings: readonly RiskFinding[];
  /** Open leak incidents only. */
  incidents: readonly RiskIncident[];
  /** The open rotation request (at most one), if any. */
  rotation: RiskRotation | null;
};

export type NextAction =
  | { kind: "request_rotation"; label: string; emergency: boolean }
  | { kind: "approve_rotation" | "complete_rotation"; label: string; rotationId: string; emergency: boolean }
  | { kind: "fix_finding"; label: string; findingId: string }
  | { kind: "none"; label: string };

export type CredentialRisk = {
  level: RiskLevel;
  /** A short label for a badge. */
  label: string;
  headline: string;
  /** Open findings (excepted ones are accepted risk and listed apart). */
  openFindings: number;
  exceptedFindings: number;
  /** The most severe, then oldest, open finding. */
  topFinding: RiskFinding | null;
  incident: RiskIncident | null;
  rotation: RiskRotation | null;
  next: NextAction;
};

const severityRank: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** Most severe first, then longest open: the order a person should work in. */
export function compareBySeverityThenAge(a: { severity: Severity; openedAt: Date }, b: { severity: Severity; openedAt: Date }): number {
  return severityRank[a.severity] - severityRank[b.severity] || a.openedAt.getTime() - b.openedAt.getTime();
}

const plural = (n: number, word: string) => `${String(n)} ${word}${n === 1 ? "" : "s"}`;

function rotationAction(rotation: RiskRotation | null, emergency: boolean): NextAction {
  const prefix = emergency ? "emergency " : "";
  if (!rotation) return { kind: "request_rotation", emergency, label: emergency ? "Start an emergency rotation (reason: compromise) to replace the leaked secret." : "Request a rotation." };
  if (rotation.state === "requested") return { kind: "approve_rotation", rotationId: rotation.id, emergency, label: `Get the ${prefix}rotation approved.` };
  return { kind: "complete_rotation", rotationId: rotation.id, emergency, label: `Complete the ${prefix}rotation: deploy the new secret, then revoke the old one.` };
}

function findingAction(finding: RiskFinding, rotation: RiskRotation | null): NextAction {
  // An overdue rotation is fixed by rotating; say which step of the rotation is next.
  if (finding.ruleId === "rotation-overdue") return rotationAction(rotation, false);
  return { kind: "fix_finding", findingId: finding.id, label: findingFix(finding.ruleId) ?? `Resolve “${ruleLabel(finding.ruleId)}”.` };
}

export function credentialRisk(input: RiskInput): CredentialRisk {
  const open = input.findings.filter((f) => f.status === "open").sort(compareBySeverityThenAge);
  const excepted = input.findings.filter((f) => f.status === "excepted").length;
  const topFinding = open[0] ?? null;
  const incident = [...input.incidents].sort((a, b) => a.detectedAt.getTime() - b.detectedAt.getTime())[0] ?? null;
  const base = { openFindings: open.length, exceptedFindings: excepted, topFinding, incident, rotation: input.rotation };

  if (input.status === "decommissioned") {
    return { ...base, level: "retired", label: "Decommissioned", headline: "Decommissioned: the record is kept as evidence.", next: { kind: "none", label: "Nothing to do." } };
  }
  if (incident) {
    const more = input.incidents.length > 1 ? ` (${plural(input.incidents.length, "open incident")})` : "";
    return { ...base, level: "critical", label: "Secret leaked", headline: `A secret was reported leaked (${incident.source}); the incident is open${more}.`, next: rotationAction(input.rotation, true) };
  }
  if (topFinding && (topFinding.severity === "critical" || topFinding.severity === "high")) {
    const serious = open.filter((f) => f.severity === topFinding.severity).length;
    return {
      ...base,
      level: topFinding.severity,
      label: topFinding.severity === "critical" ? "Critical risk" : "High risk",
      headline: `${plural(serious, `${topFinding.severity} finding`)} open: ${ruleLabel(topFinding.ruleId)}${open.length > serious ? ` (${plural(open.length, "finding")} open in all)` : ""}.`,
      next: findingAction(topFinding, input.rotation),
    };
  }
  if (topFinding) {
    return { ...base, level: "attention", label: "Needs attention", headline: `${plural(open.length, "finding")} open: ${ruleLabel(topFinding.ruleId)}.`, next: findingAction(topFinding, input.rotation) };
  }
  if (input.status === "suspended") {
    return { ...base, level: "attention", label: "Suspended", headline: "Suspended: no open findings, but the credential is not in normal use.", next: { kind: "none", label: "Reactivate or decommission it." } };
  }
  return {
    ...base,
    level: "ok",
    label: "No open findings",
    headline: excepted > 0 ? `No open findings; ${plural(excepted, "finding")} accepted by exception.` : "No open findings.",
    next: input.rotation ? rotationAction(input.rotation, false) : { kind: "none", label: "Nothing to do." },
  };
}
