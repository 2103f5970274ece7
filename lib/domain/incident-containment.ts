import type { RotationState } from "./rotation-model";

/**
 * A leak incident's containment steps (DESIGN §4.4, issue 16 item 4), derived from what is recorded,
 * never ticked by hand: a step is done when the records say so. The page shows the action for each
 * open step next to it.
 */
export type ContainmentStepId = "request-rotation" | "approve-rotation" | "record-new-secret" | "revoke-old-secret" | "check-usage" | "review-audit";
export type ContainmentStep = { id: ContainmentStepId; done: boolean };

export type ContainmentFacts = {
  incidentStatus: "open" | "remediated";
  rotationState: RotationState | null;
  /** The leaked secret's status now. */
  secretStatus: string;
  /** Allowed requests reported on or after the day of detection; null when no usage evidence is reported at all. */
  allowedSinceLeak: number | null;
};

/** An emergency rotation that ended without rotating (rejected, cancelled, expired) must be asked for again. */
const liveOrDone = (s: RotationState | null) => s === "requested" || s === "approved" || s === "completed";

export function containmentSteps(f: ContainmentFacts): ContainmentStep[] {
  const closed = f.incidentStatus === "remediated";
  const rotated = f.rotationState === "completed";
  return [
    { id: "request-rotation", done: closed || liveOrDone(f.rotationState) },
    { id: "approve-rotation", done: closed || f.rotationState === "approved" || rotated },
    { id: "record-new-secret", done: closed || rotated },
    { id: "revoke-old-secret", done: f.secretStatus === "revoked" },
    // Evidence of no use since the leak settles it; any use (or no evidence at all) is for a person to check.
    { id: "check-usage", done: f.allowedSinceLeak === 0 },
    { id: "review-audit", done: closed },
  ];
}

/**
 * What closed an incident, for people: the record keeps `rotationRemediation`'s text (traceable in
 * exports and the audit log); the page says "Secret rotated" and links the rotation instead of
 * showing its id. Other texts ("credential decommissioned") read as they are.
 */
export function rotationRemediation(rotationRequestId: string): string {
  return `rotated (request ${rotationRequestId})`;
}

export function remediationSummary(remediation: string): { text: string; rotationRequestId: string | null } {
  const rotated = /^rotated \(request ([0-9a-f-]{36})\)$/.exec(remediation);
  if (rotated?.[1]) return { text: "Secret rotated", rotationRequestId: rotated[1] };
  return { text: remediation.charAt(0).toUpperCase() + remediation.slice(1), rotationRequestId: null };
}
