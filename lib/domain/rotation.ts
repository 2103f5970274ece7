/**
 * Rotation-request transition rules (DESIGN §4.2): one pure function, `decide`, that takes the
 * current request (or null before one exists), an event, who is acting and the current instant,
 * and answers either the next snapshot plus the side effects the caller must carry out in the same
 * audited transaction, or a refusal with an error code (lib/errors.ts).
 *
 * Pure: no I/O, no clock, no randomness; inputs are never mutated. The caller loads the snapshot,
 * works out the actor's record-level rights (`canEditCredential`, via lib/authz/ownership) and
 * persists the result.
 *
 * Order of checks, so every refusal has one predictable code:
 *   1. auditors never mutate anything                                  → FORBIDDEN
 *   2. only the system expires requests; the system does nothing else  → FORBIDDEN
 *   3. `request` needs no existing request; every other event needs one → INVALID_STATE
 *   4. a terminal request (completed, rejected, cancelled, expired)    → INVALID_STATE
 *   5. whether this actor may perform this event on this request       → FORBIDDEN
 *   6. whether the event is an edge out of the current state           → INVALID_STATE
 *   7. the event's input (reason, planned date, fingerprints, checklist) → INVALID_INPUT,
 *      and conditions on history (a repeated approval, a lapsed window) → INVALID_STATE
 */

export const rotationStates = ["requested", "approved", "completed", "rejected", "cancelled", "expired"] as const;
export type RotationState = (typeof rotationStates)[number];

export const terminalRotationStates = ["completed", "rejected", "cancelled", "expired"] as const satisfies readonly RotationState[];
export type TerminalRotationState = (typeof terminalRotationStates)[number];

/** The only moves a request can make between different states. */
export const rotationTransitions: Readonly<Record<RotationState, readonly RotationState[]>> = {
  requested: ["approved", "rejected", "cancelled", "expired"],
  approved: ["completed", "cancelled"],
  completed: [],
  rejected: [],
  cancelled: [],
  expired: [],
};

export const rotationReasons = ["scheduled", "compromise", "owner_departure", "policy_change", "other"] as const;
export type RotationReason = (typeof rotationReasons)[number];

export const rotationEventTypes = ["request", "approve", "reject", "cancel", "complete", "expire"] as const;
export type RotationEventType = (typeof rotationEventTypes)[number];

/** A request that has had no decision for this long expires (DESIGN §4.2). */
export const ROTATION_EXPIRY_DAYS = 14;
/** Exact milliseconds, like lib/domain/due-dates: no calendar arithmetic, so no DST or zone drift. */
export const ROTATION_EXPIRY_MS = ROTATION_EXPIRY_DAYS * 86_400_000;

export type RotationApprovalPolicy = {
  approvalsRequired: 1 | 2;
  securityApprovalRequired: boolean;
};

/** The credential's accountable people, as they were when the request was made. */
export type RotationEligibility = {
  ownerPersonId: string | null;
  backupOwnerPersonId: string | null;
};

export type RotationApproval = {
  /** User id of the approver. */
  approverId: string;
  /** The person linked to that user, if any: the unit "each person's approval counts once" counts. */
  approverPersonId: string | null;
  /** The approver held role `security` when approving. */
  isSecurity: boolean;
  /** Given through the emergency (break-glass) path: a security user or an admin on a compromise request. */
  breakGlass: boolean;
  /**
   * The approver is still with the organisation: their user is active and their person has not
   * left. Worked out from the data at every read, so an approval by someone who has since left
   * stops counting at once — in the counter, in `decide` and in every badge alike.
   */
  active: boolean;
  at: Date;
};

export type RotationRequestSnapshot = {
  state: RotationState;
  reason: RotationReason;
  /** User id of the requester. */
  requesterId: string;
  createdAt: Date;
  /** When the requester plans to rotate; never in the past at the time of the request. */
  plannedAt: Date;
  approvals: readonly RotationApproval[];
  policy: RotationApprovalPolicy;
  eligible: RotationEligibility;
  /**
   * Active users other than the requester who can give a break-glass approval (security, admin),
   * counted by the caller when it loads the request. Unknown (undefined) counts as "someone else
   * can", so the requester's own break-glass approval is refused unless the caller proved otherwise.
   */
  otherBreakGlassApprovers?: number;
};

export type RotationActorRole = "admin" | "security" | "member" | "auditor";

export type RotationUserActor = {
  userId: string;
  personId: string | null;
  role: RotationActorRole;
  /** Record-level right to edit the credential (DESIGN §2), worked out by the caller. */
  canEditCredential: boolean;
};

/** The scheduler: the only actor that may expire a request, and it may do nothing else. */
export type RotationSystemActor = { readonly system: true };
export const rotationSystemActor: RotationSystemActor = { system: true };

export type RotationActor = RotationUserActor | RotationSystemActor;

export type RotationCompletion = {
  newFingerprint: string | null;
  oldFingerprint: string | null;
  checklist: { deployedToAllConsumers: boolean; oldSecretRevoked: boolean };
};

export type RotationEvent =
  | { type: "request"; reason: RotationReason; plannedAt: Date; policy: RotationApprovalPolicy; eligible: RotationEligibility }
  /**
   * `breakGlass`: the approver asks for the audited emergency path — the only way a requester may
   * approve their own compromise rotation, and only when nobody else can; `note` then says why.
   */
  | { type: "approve"; breakGlass?: boolean; note?: string | null }
  | { type: "reject" }
  | { type: "cancel" }
  | ({ type: "complete" } & RotationCompletion)
  | { type: "expire" };

/**
 * What the caller must do besides saving the snapshot:
 * - `break_glass`: the request was approved through the compromise emergency rule, bypassing the
 *   policy's normal approvals; audit and notify it as such.
 * - `mark_old_secret_superseded`: the old secret is replaced by the new one.
 * - `resolve_rotation_overdue_finding`: completion closes the rotation-overdue finding (§4.2).
 */
export type RotationEffect = "break_glass" | "mark_old_secret_superseded" | "resolve_rotation_overdue_finding";

export type RotationErrorCode = "FORBIDDEN" | "INVALID_STATE" | "INVALID_INPUT";

export type RotationDecision =
  | { ok: true; next: RotationRequestSnapshot; effects: RotationEffect[] }
  | { ok: false; code: RotationErrorCode; message: string; field?: string };

/** How a set of approvals stands against the request's policy. */
export type ApprovalOutcome = "pending" | "policy" | "break_glass";

export function isTerminalRotationState(state: RotationState): state is TerminalRotationState {
  return (terminalRotationStates as readonly RotationState[]).includes(state);
}

export function isRotationSystemActor(actor: RotationActor): actor is RotationSystemActor {
  return "system" in actor;
}

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
function personKey(approval: Pick<RotationApproval, "approverId" | "approverPersonId">): string {
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

/** True once a requested request has gone 14 days without a decision. */
export function isRotationRequestLapsed(request: Pick<RotationRequestSnapshot, "createdAt">, now: Date): boolean {
  return now.getTime() - request.createdAt.getTime() >= ROTATION_EXPIRY_MS;
}

function deny(code: RotationErrorCode, message: string, field?: string): RotationDecision {
  return field === undefined ? { ok: false, code, message } : { ok: false, code, message, field };
}

function allow(next: RotationRequestSnapshot, effects: RotationEffect[] = []): RotationDecision {
  return { ok: true, next, effects };
}

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

function isRotationReason(value: unknown): value is RotationReason {
  return (rotationReasons as readonly unknown[]).includes(value);
}

/**
 * Decide one transition of a rotation request. See the module comment for the order of checks.
 * `request` is null only for the `request` event, which creates the snapshot.
 */
export function decide(
  request: RotationRequestSnapshot | null,
  event: RotationEvent,
  actor: RotationActor,
  now: Date,
): RotationDecision {
  if (!isValidDate(now)) return deny("INVALID_INPUT", "The current time is not a valid date.", "now");

  if (isRotationSystemActor(actor)) {
    if (event.type !== "expire") return deny("FORBIDDEN", "Only people can act on a rotation request.");
  } else {
    // Auditors read everything and mutate nothing (DESIGN §2), whatever their record rights say.
    if (actor.role === "auditor") return deny("FORBIDDEN", "Auditors cannot change rotation requests.");
    if (event.type === "expire") return deny("FORBIDDEN", "Only the system expires rotation requests.");
  }

  if (event.type === "request") {
    if (request !== null) return deny("INVALID_STATE", "This rotation request already exists.");
    // Narrowed above: the system actor only reaches here with `expire`.
    return isRotationSystemActor(actor) ? deny("FORBIDDEN", "Only people can request a rotation.") : create(event, actor, now);
  }
  if (request === null) return deny("INVALID_STATE", "There is no rotation request to act on.");
  if (isTerminalRotationState(request.state)) {
    return deny("INVALID_STATE", `The rotation request is already ${request.state}; nothing more can happen to it.`);
  }

  if (isRotationSystemActor(actor)) return expire(request, now);

  switch (event.type) {
    case "approve":
      return approve(request, event, actor, now);
    case "reject":
      return reject(request, actor, now);
    case "cancel":
      return cancel(request, actor);
    case "complete":
      return complete(request, event, actor);
    case "expire":
      // Unreachable: a person asking to expire was refused above.
      return deny("FORBIDDEN", "Only the system expires rotation requests.");
  }
}

function create(
  event: Extract<RotationEvent, { type: "request" }>,
  actor: RotationUserActor,
  now: Date,
): RotationDecision {
  if (!actor.canEditCredential) {
    return deny("FORBIDDEN", "Only someone who may edit the credential can request its rotation.");
  }
  if (!isRotationReason(event.reason)) return deny("INVALID_INPUT", "Choose a reason for the rotation.", "reason");
  if (!isValidDate(event.plannedAt)) return deny("INVALID_INPUT", "The planned date is not a valid date.", "plannedAt");
  if (event.plannedAt.getTime() < now.getTime()) {
    return deny("INVALID_INPUT", "The planned date cannot be in the past.", "plannedAt");
  }
  const { approvalsRequired, securityApprovalRequired } = event.policy;
  // Checked at run time too: the API maps untyped JSON onto this type.
  if (!([1, 2] as unknown[]).includes(approvalsRequired)) {
    return deny("INVALID_INPUT", "A policy requires one or two approvals.", "policy.approvalsRequired");
  }
  return allow({
    state: "requested",
    reason: event.reason,
    requesterId: actor.userId,
    createdAt: now,
    plannedAt: event.plannedAt,
    approvals: [],
    // Copied so the snapshot never shares objects with the caller's event.
    policy: { approvalsRequired, securityApprovalRequired },
    eligible: { ownerPersonId: event.eligible.ownerPersonId, backupOwnerPersonId: event.eligible.backupOwnerPersonId },
  });
}

/** Checks shared by approve and reject: both are decisions, reserved to eligible non-requesters. */
function checkDecider(request: RotationRequestSnapshot, actor: RotationUserActor, verb: string): RotationDecision | null {
  // Separation of duties: being owner or security does not let the requester decide their own request.
  if (actor.userId === request.requesterId) return deny("FORBIDDEN", `You cannot ${verb} your own rotation request.`);
  if (!isEligibleRotationApprover(actor, request.eligible, request)) {
    return deny(
      "FORBIDDEN",
      isEmergencyRotation(request)
        ? `Only the security team or an admin (break-glass) can ${verb} an emergency rotation.`
        : `Only the credential's owner, backup owner or the security team can ${verb} this request.`,
    );
  }
  if (request.state !== "requested") return deny("INVALID_STATE", `Only a pending request can be ${verb}d; this one is ${request.state}.`);
  return null;
}

/**
 * The requester approving their own emergency rotation: allowed only through the explicit,
 * audited break-glass path, only to a security user or admin, only when no other one exists (else
 * the deadlock this path exists for is not there), and only with a note saying why.
 */
function checkSelfBreakGlass(request: RotationRequestSnapshot, event: Extract<RotationEvent, { type: "approve" }>, actor: RotationUserActor): RotationDecision | null {
  const own = "You cannot approve your own rotation request";
  if (!isBreakGlassApprover(actor) || event.breakGlass !== true) return deny("FORBIDDEN", `${own}.`);
  if (request.otherBreakGlassApprovers !== 0) {
    return deny("FORBIDDEN", `${own}: another security user or admin can approve it.`);
  }
  if (request.state !== "requested") return deny("INVALID_STATE", `Only a pending request can be approved; this one is ${request.state}.`);
  if (!event.note?.trim()) return deny("INVALID_INPUT", "Say why you approve your own emergency rotation (break-glass).", "note");
  return null;
}

function approve(request: RotationRequestSnapshot, event: Extract<RotationEvent, { type: "approve" }>, actor: RotationUserActor, now: Date): RotationDecision {
  const emergency = isEmergencyRotation(request);
  const refused = emergency && actor.userId === request.requesterId ? checkSelfBreakGlass(request, event, actor) : checkDecider(request, actor, "approve");
  if (refused) return refused;
  // A late approval must not revive a request the scheduler simply has not expired yet.
  if (isRotationRequestLapsed(request, now)) {
    return deny("INVALID_STATE", `The request had no decision within ${ROTATION_EXPIRY_DAYS} days and has expired.`);
  }
  const approval: RotationApproval = {
    approverId: actor.userId,
    approverPersonId: actor.personId,
    isSecurity: actor.role === "security",
    breakGlass: emergency,
    active: true,
    at: now,
  };
  const key = personKey(approval);
  if (request.approvals.some((a) => a.approverId === actor.userId || personKey(a) === key)) {
    return deny("INVALID_STATE", "You have already approved this request; each person's approval counts once.");
  }
  const approvals = [...request.approvals, approval];
  const outcome = approvalOutcome({ ...request, approvals });
  if (outcome === "pending") return allow({ ...request, approvals });
  return allow({ ...request, approvals, state: "approved" }, outcome === "break_glass" ? ["break_glass"] : []);
}

function reject(request: RotationRequestSnapshot, actor: RotationUserActor, now: Date): RotationDecision {
  const refused = checkDecider(request, actor, "reject");
  if (refused) return refused;
  if (isRotationRequestLapsed(request, now)) {
    return deny("INVALID_STATE", `The request had no decision within ${ROTATION_EXPIRY_DAYS} days and has expired.`);
  }
  return allow({ ...request, state: "rejected" });
}

function cancel(request: RotationRequestSnapshot, actor: RotationUserActor): RotationDecision {
  const mayCancel = actor.userId === request.requesterId || actor.role === "security" || actor.role === "admin";
  if (!mayCancel) return deny("FORBIDDEN", "Only the requester, the security team or an admin can cancel this request.");
  if (request.state !== "requested" && request.state !== "approved") {
    return deny("INVALID_STATE", `A ${request.state} request cannot be cancelled.`);
  }
  return allow({ ...request, state: "cancelled" });
}

function complete(request: RotationRequestSnapshot, input: RotationCompletion, actor: RotationUserActor): RotationDecision {
  if (!actor.canEditCredential) return deny("FORBIDDEN", "Only someone who may edit the credential can complete its rotation.");
  if (request.state !== "approved") {
    return deny("INVALID_STATE", `Only an approved request can be completed; this one is ${request.state}.`);
  }
  // Defence in depth: a stored snapshot marked approved without the approvals behind it is refused.
  // Judged as given: a decision already taken stands when an approver leaves afterwards.
  if (approvalOutcome({ ...request, approvals: request.approvals.map((a) => ({ ...a, active: true })) }) === "pending") {
    return deny("INVALID_STATE", "The request does not have the approvals its policy requires.");
  }
  const { newFingerprint, oldFingerprint, checklist } = input;
  // Fingerprints are hex; compare case-insensitively so "AB…" cannot pass as different from "ab…".
  if (newFingerprint !== null && oldFingerprint !== null && newFingerprint.toLowerCase() === oldFingerprint.toLowerCase()) {
    return deny("INVALID_INPUT", "The new secret has the same fingerprint as the old one: it was not rotated.", "fingerprint");
  }
  if (!checklist.deployedToAllConsumers) {
    return deny("INVALID_INPUT", "Confirm the new secret is deployed to all consumers.", "checklist.deployedToAllConsumers");
  }
  if (!checklist.oldSecretRevoked) {
    return deny("INVALID_INPUT", "Confirm the old secret is revoked at the authorization server.", "checklist.oldSecretRevoked");
  }
  return allow({ ...request, state: "completed" }, ["mark_old_secret_superseded", "resolve_rotation_overdue_finding"]);
}

function expire(request: RotationRequestSnapshot, now: Date): RotationDecision {
  if (request.state !== "requested") return deny("INVALID_STATE", `Only a pending request can expire; this one is ${request.state}.`);
  if (!isRotationRequestLapsed(request, now)) {
    return deny("INVALID_STATE", `The request is not ${ROTATION_EXPIRY_DAYS} days old yet.`);
  }
  return allow({ ...request, state: "expired" });
}
