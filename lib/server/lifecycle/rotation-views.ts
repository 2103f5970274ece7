import "server-only";
import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { credentials } from "@/db/schema";
import { getRotationRequest, requirementOf, type RotationRequestDetail } from "@/db/queries/rotations";
import { can } from "@/lib/authz/permissions";
import { decide, type RotationEvent, type RotationReason, type RotationState, type RotationUserActor } from "@/lib/domain/rotation";
import { AppError, notFound } from "@/lib/errors";
import type { RotationActions } from "@/lib/validation/rotation-dto";
import { type Actor, type RequestContext } from "../context";
import { actorFacts } from "../inventory/facts";
import { rotationUserActor, snapshotOf, type ApprovalRow } from "./rotation-steps";

/**
 * A rotation request as the caller sees it: the actions `decide` would allow them now (the buttons
 * to show), and the request shaped for the list, the detail page and the API.
 */

// --- What the caller may do -----------------------------------------------------------------------

type ActionSubject = Pick<RotationRequestDetail, "state" | "reason" | "requesterId" | "createdAt" | "plannedAt" | "approvalsRequired" | "securityApprovalRequired" | "eligibleOwnerPersonId" | "eligibleBackupOwnerPersonId" | "credentialStatus" | "otherBreakGlassApprovers"> & {
  approvals: readonly ApprovalRow[];
};

/**
 * The buttons to show: each action is offered exactly when `decide` would allow it for this caller
 * now (the server refuses it otherwise anyway). `actor` is null for roles without `rotation:write`.
 */
export function rotationActionsOf(request: ActionSubject, actor: RotationUserActor | null, now: Date = new Date()): RotationActions {
  const none = { approve: false, approveBreakGlass: false, reject: false, cancel: false, complete: false };
  if (!actor) return none;
  const snapshot = snapshotOf(request, request.approvals, request.otherBreakGlassApprovers);
  const ok = (event: RotationEvent) => decide(snapshot, event, actor, now).ok;
  const live = request.credentialStatus !== "decommissioned";
  return {
    approve: live && ok({ type: "approve" }),
    // The requester's own emergency approval, only through break-glass (a note is asked for in the form).
    approveBreakGlass: live && !ok({ type: "approve" }) && ok({ type: "approve", breakGlass: true, note: "-" }),
    reject: ok({ type: "reject" }),
    cancel: ok({ type: "cancel" }),
    complete:
      live && ok({ type: "complete", newFingerprint: null, oldFingerprint: null, checklist: { deployedToAllConsumers: true, oldSecretRevoked: true } }),
  };
}

/** The actions of `actor` on a loaded request (one query for the credential's ownership). */
export async function rotationActionsFor(db: Db | Tx, ctx: RequestContext & { actor: Actor }, request: RotationRequestDetail, canWrite: boolean, now: Date = new Date()) {
  if (!canWrite) return rotationActionsOf(request, null, now);
  const [credential] = await db
    .select({ ownerId: credentials.ownerId, backupOwnerId: credentials.backupOwnerId, sdkOwnerId: credentials.sdkOwnerId, owningTeamId: credentials.owningTeamId })
    .from(credentials)
    .where(eq(credentials.id, request.credentialId));
  if (!credential) return rotationActionsOf(request, null, now);
  const facts = await actorFacts(db, ctx);
  return rotationActionsOf(request, rotationUserActor(ctx, facts, credential), now);
}

// --- Presenting --------------------------------------------------------------------------------

type ListLike = {
  id: string;
  credentialId: string;
  credentialName: string;
  credentialEnvironment: string;
  credentialStatus: string;
  secretId: string | null;
  state: RotationState;
  reason: RotationReason;
  note: string | null;
  plannedAt: Date;
  requesterId: string | null;
  requesterName: string | null;
  approvalsRequired: number;
  securityApprovalRequired: boolean;
  eligibleOwnerPersonId: string | null;
  eligibleBackupOwnerPersonId: string | null;
  approvals: readonly ApprovalRow[];
  otherBreakGlassApprovers: number;
  breakGlass: boolean;
  createdAt: Date;
  expiresAt: Date;
  decidedAt: Date | null;
  completedAt: Date | null;
};

export function presentRotationRequest(r: ListLike) {
  const requirement = requirementOf({ ...r, approvalsRequired: r.approvalsRequired });
  return {
    id: r.id,
    credential: { id: r.credentialId, name: r.credentialName, environment: r.credentialEnvironment, status: r.credentialStatus },
    secretId: r.secretId,
    state: r.state,
    reason: r.reason,
    note: r.note,
    plannedAt: r.plannedAt,
    requester: r.requesterId ? { id: r.requesterId, name: r.requesterName ?? "" } : null,
    // The counter is the requirement's: filled slots out of what this request needs.
    approvalsRequired: requirement.required,
    securityApprovalRequired: requirement.securityRequired,
    approvalCount: requirement.given,
    hasSecurityApproval: requirement.securityGiven,
    requirement,
    breakGlass: r.breakGlass,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    decidedAt: r.decidedAt,
    completedAt: r.completedAt,
  };
}

export function presentRotationDetail(d: RotationRequestDetail, actions: RotationActions) {
  return {
    ...presentRotationRequest(d),
    approvals: d.approvals.map((a) => ({ approver: { id: a.approverId, name: a.approverName }, isSecurity: a.isSecurity, breakGlass: a.breakGlass, counts: a.active, note: a.note, at: a.at })),
    eligibleOwner: d.eligibleOwner,
    eligibleBackupOwner: d.eligibleBackupOwner,
    decidedBy: d.decidedById ? { id: d.decidedById, name: d.decidedByName ?? "" } : null,
    decisionNote: d.decisionNote,
    newSecretId: d.newSecretId,
    oldSecretDisposition: d.oldSecretDisposition,
    checklistDeployed: d.checklistDeployed,
    checklistOldRevoked: d.checklistOldRevoked,
    oldSecret: d.oldSecret
      ? { id: d.oldSecret.id, kind: d.oldSecret.kind, storage: d.oldSecret.storage, storageRef: d.oldSecret.storageRef, status: d.oldSecret.status, hasFingerprint: d.oldSecret.hasFingerprint }
      : null,
    incidentId: d.incidentId,
    actions,
  };
}

/** A request as the API answers it, with the caller's actions. */
export async function rotationDetailFor(db: Db, ctx: RequestContext, id: string, now: Date = new Date()) {
  const actor = ctx.actor;
  if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in first");
  const detail = await getRotationRequest(db, id);
  if (!detail) throw notFound("Rotation request");
  const actions = await rotationActionsFor(db, { ...ctx, actor }, detail, can(actor.role, "rotation:write"), now);
  return presentRotationDetail(detail, actions);
}
