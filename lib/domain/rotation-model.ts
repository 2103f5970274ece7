/**
 * The rotation request's vocabulary (DESIGN §4.2): states and the edges between them, reasons, events,
 * the snapshot `decide` works on, who acts, and the decision it answers. Pure data and types.
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

/** True once a requested request has gone 14 days without a decision. */
export function isRotationRequestLapsed(request: Pick<RotationRequestSnapshot, "createdAt">, now: Date): boolean {
  return now.getTime() - request.createdAt.getTime() >= ROTATION_EXPIRY_MS;
}
