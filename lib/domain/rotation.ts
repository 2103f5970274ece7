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
import { isRotationRequestLapsed, isRotationSystemActor, isTerminalRotationState, ROTATION_EXPIRY_DAYS, rotationReasons, type RotationActor, type RotationApproval, type RotationCompletion, type RotationDecision, type RotationEffect, type RotationErrorCode, type RotationEvent, type RotationReason, type RotationRequestSnapshot, type RotationUserActor } from "./rotation-model";
import { approvalOutcome, isBreakGlassApprover, isEligibleRotationApprover, isEmergencyRotation, personKey } from "./rotation-approval";

// The request's vocabulary and its approval rules live beside this module; callers import them from here.
export * from "./rotation-model";
export * from "./rotation-approval";

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
