/**
 * Who may approve a rotation request and when its approvals suffice (DESIGN §4.2): the policy's count and
 * owner rule, the break-glass rule of an emergency, and the same requirement in words for the UI, the API
 * and notifications. Pure.
 */
import type { ApprovalOutcome, RotationApproval, RotationEligibility, RotationRequestSnapshot, RotationUserActor } from "./rotation-model";

/** True when the person is the credential's owner or backup owner (a null id never matches). */
function isAccountablePerson(personId: string | null, eligible: RotationEligibility): boolean {
  return personId !== null && (personId === eligible.ownerPersonId || personId === eligible.backupOwnerPersonId);
}

/** A compromise request is an emergency (DESIGN §4.2): it follows the break-glass rule, not the policy. */
export function isEmergencyRotation(request: Pick<RotationRequestSnapshot, "reason">): boolean {
  return request.reason === "compromise";
}

/** Who may give a break-glass approval: the security team, and admins acting as break-glass approvers. */
export function isBreakGlassApprover(actor: Pick<RotationUserActor, "role">): boolean {
  return actor.role === "security" || actor.role === "admin";
}

/**
 * Eligible approvers: for an ordinary request the credential's owner, its backup owner and users
 * with role `security`; for an emergency, the break-glass approvers (security, admin) only — an
 * owner's approval cannot advance it, so it is not asked for. This says nothing about the
 * requester — see `decide`.
 */
export function isEligibleRotationApprover(actor: RotationUserActor, eligible: RotationEligibility, request?: Pick<RotationRequestSnapshot, "reason">): boolean {
  if (request && isEmergencyRotation(request)) return isBreakGlassApprover(actor);
  return actor.role === "security" || isAccountablePerson(actor.personId, eligible);
}

/** One key per person; an approver without a linked person counts as their own person. */
export function personKey(approval: Pick<RotationApproval, "approverId" | "approverPersonId">): string {
  return approval.approverPersonId === null ? `user:${approval.approverId}` : `person:${approval.approverPersonId}`;
}

/** Who can give what is still missing, in the order the UI lists them. */
export const rotationApproverKinds = ["owner", "backup_owner", "security", "admin", "requester_break_glass"] as const;
export type RotationApproverKind = (typeof rotationApproverKinds)[number];

/**
 * What a request needs, who can give it and what is still missing — the one rule that `decide`,
 * the API, the UI counter and the notification text all read (DESIGN §4.2):
 * - `policy`: `required` distinct people among owner, backup owner and security, one of them
 *   security where the policy says so;
 * - `emergency` (compromise): one break-glass approval, from a security user or an admin; the
 *   requester's own only through break-glass when no other security user or admin exists.
 * `given` counts filled slots, so it never exceeds `required` ("3/2") nor hides a missing security
 * approval; approvals by the requester or by someone who has since left are `ignored`.
 */
export type ApprovalRequirement = {
  rule: "policy" | "emergency";
  required: number;
  given: number;
  securityRequired: boolean;
  securityGiven: boolean;
  missing: { approvals: number; security: boolean };
  approvers: RotationApproverKind[];
  ignored: number;
  satisfied: boolean;
};

type RequirementSubject = Pick<RotationRequestSnapshot, "reason" | "requesterId" | "approvals" | "policy" | "eligible" | "otherBreakGlassApprovers">;

/** Approvals that count: by someone still here, never the requester's own except through break-glass on an emergency. */
function countedApprovals(request: RequirementSubject): RotationApproval[] {
  const emergency = isEmergencyRotation(request);
  return request.approvals.filter((a) => a.active && (a.approverId !== request.requesterId || (emergency && a.breakGlass)));
}

export function approvalRequirement(request: RequirementSubject): ApprovalRequirement {
  const counted = countedApprovals(request);
  const ignored = request.approvals.length - counted.length;
  if (isEmergencyRotation(request)) {
    const given = counted.some((a) => a.breakGlass) ? 1 : 0;
    const nobodyElse = request.otherBreakGlassApprovers === 0;
    return {
      rule: "emergency",
      required: 1,
      given,
      securityRequired: true,
      securityGiven: given === 1,
      missing: { approvals: 1 - given, security: given === 0 },
      approvers: given === 1 ? [] : nobodyElse ? ["requester_break_glass"] : ["security", "admin"],
      ignored,
      satisfied: given === 1,
    };
  }
  const { approvalsRequired: required, securityApprovalRequired: securityRequired } = request.policy;
  const people = new Set(counted.map(personKey));
  const securityGiven = counted.some((a) => a.isSecurity);
  // With a security slot, the security approver fills it and everyone else the remaining ones.
  const given = securityRequired ? (securityGiven ? 1 : 0) + Math.min(required - 1, people.size - (securityGiven ? 1 : 0)) : Math.min(required, people.size);
  const missingSecurity = securityRequired && !securityGiven;
  const missingApprovals = required - given;
  const approved = new Set(counted.map((a) => a.approverPersonId));
  // An owner is only asked while a slot they can fill is open and they have not approved yet.
  const openForAnyone = missingApprovals - (missingSecurity ? 1 : 0) > 0;
  const approvers: RotationApproverKind[] = [];
  if (openForAnyone && request.eligible.ownerPersonId !== null && !approved.has(request.eligible.ownerPersonId)) approvers.push("owner");
  if (openForAnyone && request.eligible.backupOwnerPersonId !== null && !approved.has(request.eligible.backupOwnerPersonId)) approvers.push("backup_owner");
  if (missingApprovals > 0) approvers.push("security");
  return {
    rule: "policy",
    required,
    given,
    securityRequired,
    securityGiven,
    missing: { approvals: missingApprovals, security: missingSecurity },
    approvers,
    ignored,
    satisfied: missingApprovals === 0,
  };
}

const approverWords: Record<RotationApproverKind, string> = {
  owner: "the owner",
  backup_owner: "the backup owner",
  security: "the security team",
  admin: "an admin (break-glass)",
  requester_break_glass: "the requester, through break-glass (no other security user or admin exists)",
};

function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} or ${items.at(-1) ?? ""}`;
}

/** The requirement in words, the same sentences in the UI, the API and notifications. */
export function describeApprovalRequirement(r: ApprovalRequirement): { needed: string; whoCanGive: string; missing: string } {
  const plural = (n: number) => (n === 1 ? "1 approval" : `${n} approvals`);
  const needed =
    r.rule === "emergency"
      ? "Emergency (break-glass): 1 approval from the security team or an admin."
      : `${plural(r.required)} from distinct people${r.securityRequired ? (r.required === 1 ? ", from the security team" : ", including 1 from the security team") : ""}.`;
  const whoCanGive = r.approvers.length === 0 ? "Nobody: nothing is missing." : `${listInWords(r.approvers.map((k) => approverWords[k]))}.`.replace(/^./, (c) => c.toUpperCase());
  let missing = "Nothing: the approvals are complete.";
  if (!r.satisfied) {
    const others = r.missing.approvals - (r.missing.security ? 1 : 0);
    const parts = [r.missing.security ? (r.rule === "emergency" ? "1 break-glass approval" : "1 security approval") : null, others > 0 ? (r.missing.security ? `${plural(others)} more` : plural(others)) : null].filter((p): p is string => p !== null);
    missing = `${parts.join(" and ")}.`.replace(/^./, (c) => c.toUpperCase());
  }
  return { needed, whoCanGive, missing };
}

/**
 * Whether approvals satisfy the request: `policy` or `break_glass` (an emergency) once the
 * requirement is met, `pending` otherwise.
 */
export function approvalOutcome(request: RequirementSubject): ApprovalOutcome {
  const requirement = approvalRequirement(request);
  if (!requirement.satisfied) return "pending";
  return requirement.rule === "emergency" ? "break_glass" : "policy";
}
