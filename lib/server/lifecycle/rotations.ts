import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { credentials, rotationApprovals, rotationPolicies, rotationRequests, secrets } from "@/db/schema";
import { approvalsOf, breakGlassApproverIds, getRotationRequest, otherBreakGlassApprovers, requirementOf, type RotationRequestDetail } from "@/db/queries/rotations";
import { can } from "@/lib/authz/permissions";
import { canEditRecord, type ActorFacts } from "@/lib/authz/ownership";
import {
  approvalRequirement,
  decide,
  ROTATION_EXPIRY_MS,
  type RotationActor,
  type RotationDecision,
  type RotationEvent,
  type RotationReason,
  type RotationRequestSnapshot,
  type RotationState,
  type RotationUserActor,
} from "@/lib/domain/rotation";
import { AppError, conflict, invalidInput, notFound, type FieldErrors } from "@/lib/errors";
import type { RotationActions } from "@/lib/validation/rotation-dto";
import type { CompleteRotationInput, CreateRotationRequestInput } from "@/lib/validation/rotation";
import { audited, type Audit } from "../audited";
import { auditContext, type Actor, type RequestContext } from "../context";
import { fingerprintOf } from "../fingerprint";
import { insertSecretRow } from "../inventory/secret-rows";
import { recomputeDue } from "../inventory/due";
import { recomputePosture } from "../posture/recompute";
import { actorFacts } from "../inventory/facts";
import { enqueueNotification } from "../notifications/outbox";
import { lifecycleRules, resolveFindings } from "./findings";
import { remediateLeakIncidents } from "./leak-remediation";

/**
 * Rotation requests (DESIGN §4.2): every transition loads the snapshot, asks the pure `decide`
 * (lib/domain/rotation), and persists the answer with its audit event and notifications in one
 * transaction. The request row is locked (FOR UPDATE) for the transaction, so two approvers acting
 * at once are applied one after the other against fresh state.
 */

export type LockedCredentialRow = {
  id: string;
  name: string;
  status: "active" | "suspended" | "decommissioned";
  ownerId: string | null;
  backupOwnerId: string | null;
  sdkOwnerId: string | null;
  owningTeamId: string | null;
  effectivePolicyId: string | null;
  rotationDueAt: Date | null;
};

export async function lockCredentialRow(tx: Tx, credentialId: string): Promise<LockedCredentialRow> {
  const [row] = await tx
    .select({
      id: credentials.id,
      name: credentials.name,
      status: credentials.status,
      ownerId: credentials.ownerId,
      backupOwnerId: credentials.backupOwnerId,
      sdkOwnerId: credentials.sdkOwnerId,
      owningTeamId: credentials.owningTeamId,
      effectivePolicyId: credentials.effectivePolicyId,
      rotationDueAt: credentials.rotationDueAt,
    })
    .from(credentials)
    .where(eq(credentials.id, credentialId))
    .for("update");
  if (!row) throw notFound("Credential");
  return row;
}

/** The acting user as the rotation rules see them: their person, role and record-level edit right. */
export function rotationUserActor(ctx: RequestContext, facts: ActorFacts, credential: Parameters<typeof canEditRecord>[1]): RotationUserActor {
  if (!ctx.actor) throw new AppError("UNAUTHENTICATED", "Sign in first");
  return { userId: ctx.actor.userId, personId: facts.personId, role: ctx.actor.role, canEditCredential: canEditRecord(facts, credential) };
}

/** Clock skew tolerated between a browser and the server on "now"-ish instants. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** Domain field names → the API's field names, so the form shows the message under the right control. */
const apiField: Record<string, string> = { fingerprint: "newSecret.fingerprintOf" };

/** A refusal of `decide` as an API error: FORBIDDEN 403 (audited by the route), INVALID_STATE 409, INVALID_INPUT 422 naming the field. */
function refusal(decision: Extract<RotationDecision, { ok: false }>, extraFields: FieldErrors = {}): AppError {
  switch (decision.code) {
    case "FORBIDDEN":
      return new AppError("FORBIDDEN", decision.message);
    case "INVALID_STATE":
      return conflict(decision.message);
    case "INVALID_INPUT": {
      const field = decision.field ? (apiField[decision.field] ?? decision.field) : "body";
      return invalidInput({ [field]: [decision.message], ...extraFields }, decision.message);
    }
  }
}

type RequestRow = typeof rotationRequests.$inferSelect;
type ApprovalRow = { approverId: string; approverPersonId: string | null; isSecurity: boolean; breakGlass: boolean; active: boolean; at: Date };
type SnapshotRow = Pick<RequestRow, "state" | "reason" | "requesterId" | "createdAt" | "plannedAt" | "approvalsRequired" | "securityApprovalRequired" | "eligibleOwnerPersonId" | "eligibleBackupOwnerPersonId">;

/** `otherBreakGlassApprovers` left out: unknown, which `decide` treats as "someone else can approve". */
export function snapshotOf(row: SnapshotRow, approvals: readonly ApprovalRow[], otherBreakGlassApprovers?: number): RotationRequestSnapshot {
  return {
    state: row.state,
    reason: row.reason,
    requesterId: row.requesterId ?? "",
    createdAt: row.createdAt,
    plannedAt: row.plannedAt,
    approvals: approvals.map((a) => ({ approverId: a.approverId, approverPersonId: a.approverPersonId, isSecurity: a.isSecurity, breakGlass: a.breakGlass, active: a.active, at: a.at })),
    policy: { approvalsRequired: row.approvalsRequired === 2 ? 2 : 1, securityApprovalRequired: row.securityApprovalRequired },
    eligible: { ownerPersonId: row.eligibleOwnerPersonId, backupOwnerPersonId: row.eligibleBackupOwnerPersonId },
    ...(otherBreakGlassApprovers === undefined ? {} : { otherBreakGlassApprovers }),
  };
}

async function lockRequest(tx: Tx, id: string) {
  const [row] = await tx.select().from(rotationRequests).where(eq(rotationRequests.id, id)).for("update");
  if (!row) throw notFound("Rotation request");
  const [approvals, pool] = await Promise.all([approvalsOf(tx, [id]), breakGlassApproverIds(tx)]);
  return { row, approvals, snapshot: snapshotOf(row, approvals, otherBreakGlassApprovers(pool, row.requesterId)) };
}

function decideOrThrow(snapshot: RotationRequestSnapshot | null, event: RotationEvent, actor: RotationActor, now: Date) {
  const decision = decide(snapshot, event, actor, now);
  if (!decision.ok) throw refusal(decision);
  return decision;
}

const stateVerb: Partial<Record<RotationState, string>> = { approved: "approved", rejected: "rejected", expired: "expired", completed: "completed" };

/** The requester hears about every decision on their request (approved, rejected, expired, completed). */
async function notifyRequester(tx: Tx, row: Pick<RequestRow, "id" | "requesterId" | "credentialId">, credential: { name: string; owningTeamId: string | null }, state: RotationState, note?: string | null) {
  const verb = stateVerb[state];
  if (!verb || !row.requesterId) return;
  await enqueueNotification(tx, {
    dedupeKey: `rotation:${row.id}:${state}`,
    kind: `rotation.${state}`,
    subject: `Rotation ${verb}: ${credential.name}`,
    body: `Your rotation request for "${credential.name}" was ${verb}.${note ? ` Note: ${note}` : ""}`,
    link: `/rotations/${row.id}`,
    credentialId: row.credentialId,
    teamId: credential.owningTeamId,
    payload: { rotationRequestId: row.id, state },
    recipients: { userIds: [row.requesterId] },
  });
}

/** The policy's approval rule at the time of the request (no effective policy: one approval). */
async function approvalRuleOf(tx: Tx, policyId: string | null) {
  if (!policyId) return { approvalsRequired: 1 as const, securityApprovalRequired: false };
  const [p] = await tx
    .select({ approvalsRequired: rotationPolicies.approvalsRequired, securityApprovalRequired: rotationPolicies.securityApprovalRequired })
    .from(rotationPolicies)
    .where(eq(rotationPolicies.id, policyId));
  return { approvalsRequired: p?.approvalsRequired === 2 ? (2 as const) : (1 as const), securityApprovalRequired: p?.securityApprovalRequired ?? false };
}

/** The secret to replace: the one named (it must belong to the credential and still be in use), else the active secret issued longest ago. */
async function secretToReplace(tx: Tx, credentialId: string, secretId: string | undefined) {
  if (secretId) {
    const [s] = await tx.select({ id: secrets.id, status: secrets.status }).from(secrets).where(and(eq(secrets.id, secretId), eq(secrets.credentialId, credentialId)));
    if (!s) throw invalidInput({ secretId: ["is not a secret of this credential"] });
    if (s.status === "revoked" || s.status === "superseded") throw invalidInput({ secretId: [`is ${s.status}; choose a secret in use`] });
    return s.id;
  }
  const [s] = await tx
    .select({ id: secrets.id })
    .from(secrets)
    .where(and(eq(secrets.credentialId, credentialId), inArray(secrets.status, ["active", "leaked"])))
    .orderBy(asc(secrets.issuedAt), asc(secrets.id))
    .limit(1);
  return s?.id ?? null;
}

/**
 * Creates a request inside the caller's transaction (used by the request endpoint and by the leak
 * flow, where the reporter requests the emergency rotation). Returns the new id.
 */
export async function createRequestInTx(
  tx: Tx,
  audit: Audit,
  actor: RotationUserActor,
  credential: LockedCredentialRow,
  input: { reason: RotationReason; plannedAt: Date; note?: string | null | undefined; secretId?: string | undefined },
  now: Date,
): Promise<string> {
  const policy = await approvalRuleOf(tx, credential.effectivePolicyId);
  const eligible = { ownerPersonId: credential.ownerId, backupOwnerPersonId: credential.backupOwnerId };
  // "Now" sent by a client arrives a moment in the past; within the skew it means now, not "in the past".
  const plannedAt = input.plannedAt.getTime() < now.getTime() && input.plannedAt.getTime() >= now.getTime() - CLOCK_SKEW_MS ? now : input.plannedAt;
  const decision = decideOrThrow(null, { type: "request", reason: input.reason, plannedAt, policy, eligible }, actor, now);
  if (credential.status === "decommissioned") {
    throw conflict(`"${credential.name}" is decommissioned: it cannot be rotated`, "credentialId");
  }
  const [existing] = await tx
    .select({ id: rotationRequests.id })
    .from(rotationRequests)
    .where(and(eq(rotationRequests.credentialId, credential.id), inArray(rotationRequests.state, ["requested", "approved"])));
  if (existing) {
    throw new AppError("CONFLICT", `"${credential.name}" already has an open rotation request`, {
      fields: { credentialId: [`"${credential.name}" already has an open rotation request`] },
      rotationRequestId: existing.id,
    });
  }
  const secretId = await secretToReplace(tx, credential.id, input.secretId);
  const next = decision.next;
  // created_at at millisecond precision: the list's keyset cursor carries it as an ISO instant.
  const [row] = await tx
    .insert(rotationRequests)
    .values({
      credentialId: credential.id,
      secretId,
      state: next.state,
      reason: next.reason,
      note: input.note ?? null,
      plannedAt: next.plannedAt,
      dueAt: credential.rotationDueAt,
      requesterId: actor.userId,
      requesterPersonId: actor.personId,
      approvalsRequired: next.policy.approvalsRequired,
      securityApprovalRequired: next.policy.securityApprovalRequired,
      eligibleOwnerPersonId: next.eligible.ownerPersonId,
      eligibleBackupOwnerPersonId: next.eligible.backupOwnerPersonId,
      expiresAt: new Date(now.getTime() + ROTATION_EXPIRY_MS),
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: rotationRequests.id });
  if (!row) throw new Error("insert returned no row");
  await audit({
    action: "rotation.requested",
    targetType: "credential",
    targetId: credential.id,
    payload: {
      requestId: row.id,
      reason: next.reason,
      plannedAt: next.plannedAt.toISOString(),
      secretId,
      approvalsRequired: next.policy.approvalsRequired,
      securityApprovalRequired: next.policy.securityApprovalRequired,
      ...(input.note ? { note: input.note } : {}),
    },
  });
  const emergency = next.reason === "compromise";
  const requirement = requirementOf({ ...next, ...next.policy, requesterId: actor.userId, eligibleOwnerPersonId: next.eligible.ownerPersonId, eligibleBackupOwnerPersonId: next.eligible.backupOwnerPersonId, approvals: [], otherBreakGlassApprovers: otherBreakGlassApprovers(await breakGlassApproverIds(tx), actor.userId) });
  const asked = new Set(requirement.approvers);
  // Only those whose approval can advance the request are asked for it (never the requester,
  // unless break-glass is the only way left): the same list the request page shows.
  const askedPeople = [asked.has("owner") ? next.eligible.ownerPersonId : null, asked.has("backup_owner") ? next.eligible.backupOwnerPersonId : null].filter((p): p is string => p !== null && p !== actor.personId);
  await enqueueNotification(tx, {
    dedupeKey: `rotation:${row.id}:requested`,
    kind: "rotation.requested",
    subject: `${emergency ? "Emergency rotation" : "Rotation"} needs your approval: ${credential.name}`,
    body: `A${emergency ? "n emergency" : ""} rotation of "${credential.name}" was requested (${next.reason}), planned for ${next.plannedAt.toISOString().slice(0, 10)}. Needed: ${requirement.words.needed} Who can give it: ${requirement.words.whoCanGive} Missing: ${requirement.words.missing}`,
    link: `/rotations/${row.id}`,
    credentialId: credential.id,
    teamId: credential.owningTeamId,
    payload: { rotationRequestId: row.id, reason: next.reason, approvers: requirement.approvers },
    recipients: {
      personIds: askedPeople,
      roles: [...(asked.has("security") ? (["security"] as const) : []), ...(asked.has("admin") ? (["admin"] as const) : [])],
      ...(asked.has("requester_break_glass") ? { userIds: [actor.userId] } : {}),
    },
  });
  return row.id;
}

/**
 * Cancels the credential's open request inside the caller's transaction, unless `keep` says to
 * keep it; returns the id of a kept request, or null. Audited as `rotation.cancelled`.
 */
export async function cancelOpenRequestInTx(
  tx: Tx,
  audit: Audit,
  credential: { id: string },
  now: Date,
  options: { keep?: (r: { reason: RotationReason; secretId: string | null }) => boolean; note: string; actorUserId: string | null },
): Promise<string | null> {
  const [open] = await tx
    .select({ id: rotationRequests.id, reason: rotationRequests.reason, secretId: rotationRequests.secretId, state: rotationRequests.state })
    .from(rotationRequests)
    .where(and(eq(rotationRequests.credentialId, credential.id), inArray(rotationRequests.state, ["requested", "approved"])))
    .for("update");
  if (!open) return null;
  if (options.keep?.(open)) return open.id;
  await tx
    .update(rotationRequests)
    .set({ state: "cancelled", decidedAt: now, decidedById: options.actorUserId, decisionNote: options.note, updatedAt: now })
    .where(eq(rotationRequests.id, open.id));
  await audit({ action: "rotation.cancelled", targetType: "credential", targetId: credential.id, payload: { requestId: open.id, from: open.state, note: options.note } });
  return null;
}

// --- Transitions --------------------------------------------------------------------------------

export async function requestRotation(db: Db, ctx: RequestContext, credentialId: string, input: CreateRotationRequestInput, now: Date = new Date()): Promise<{ id: string }> {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const credential = await lockCredentialRow(tx, credentialId);
    const actor = rotationUserActor(ctx, await actorFacts(tx, ctx), credential);
    return { id: await createRequestInTx(tx, audit, actor, credential, input, now) };
  });
}

/**
 * Locks the credential, then the request: always in that order (as the leak report and
 * decommissioning do), so concurrent lifecycle changes of one credential queue up instead of deadlocking.
 */
async function loadForDecision(tx: Tx, ctx: RequestContext, id: string) {
  const [target] = await tx.select({ credentialId: rotationRequests.credentialId }).from(rotationRequests).where(eq(rotationRequests.id, id));
  if (!target) throw notFound("Rotation request");
  const credential = await lockCredentialRow(tx, target.credentialId);
  const locked = await lockRequest(tx, id);
  const actor = rotationUserActor(ctx, await actorFacts(tx, ctx), credential);
  return { ...locked, credential, actor };
}

export async function approveRotation(db: Db, ctx: RequestContext, id: string, input: { note?: string | null | undefined; breakGlass?: boolean | undefined }, now: Date = new Date()): Promise<{ id: string; state: RotationState }> {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const { row, snapshot, credential, actor } = await loadForDecision(tx, ctx, id);
    const decision = decideOrThrow(snapshot, { type: "approve", breakGlass: input.breakGlass === true, note: input.note ?? null }, actor, now);
    if (credential.status === "decommissioned") throw conflict(`"${credential.name}" is decommissioned: it cannot be rotated`);
    const approval = decision.next.approvals.at(-1);
    if (!approval) throw new Error("approve produced no approval");
    await tx.insert(rotationApprovals).values({
      requestId: id,
      approverId: approval.approverId,
      approverPersonId: approval.approverPersonId,
      isSecurity: approval.isSecurity,
      breakGlass: approval.breakGlass,
      note: input.note ?? null,
      at: approval.at,
    });
    const breakGlass = decision.effects.includes("break_glass");
    const selfApproved = approval.approverId === row.requesterId;
    const requirement = approvalRequirement(decision.next);
    const approved = decision.next.state === "approved";
    if (approved) {
      await tx
        .update(rotationRequests)
        .set({ state: "approved", decidedAt: now, decidedById: actor.userId, breakGlass, updatedAt: now })
        .where(eq(rotationRequests.id, id));
    } else {
      await tx.update(rotationRequests).set({ updatedAt: now }).where(eq(rotationRequests.id, id));
    }
    await audit({
      action: "rotation.approved",
      targetType: "credential",
      targetId: row.credentialId,
      payload: {
        requestId: id,
        approverIsSecurity: approval.isSecurity,
        approverRole: actor.role,
        rule: requirement.rule,
        approvals: requirement.given,
        approvalsRequired: requirement.required,
        securityApprovalRequired: requirement.securityRequired,
        ignoredApprovals: requirement.ignored,
        state: decision.next.state,
        ...(breakGlass ? { breakGlass: true } : {}),
        // The requester's own break-glass approval: allowed only when nobody else could give it.
        ...(selfApproved ? { selfApproved: true, otherBreakGlassApprovers: snapshot.otherBreakGlassApprovers ?? null } : {}),
        ...(input.note ? { note: input.note } : {}),
      },
    });
    if (approved && !selfApproved) await notifyRequester(tx, row, credential, "approved", breakGlass ? `approved as an emergency (break-glass) by ${actor.role === "admin" ? "an admin" : "security"}` : null);
    return { id, state: decision.next.state };
  });
}

export async function rejectRotation(db: Db, ctx: RequestContext, id: string, input: { note: string }, now: Date = new Date()): Promise<{ id: string; state: RotationState }> {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const { row, snapshot, credential, actor } = await loadForDecision(tx, ctx, id);
    decideOrThrow(snapshot, { type: "reject" }, actor, now);
    await tx
      .update(rotationRequests)
      .set({ state: "rejected", decidedAt: now, decidedById: actor.userId, decisionNote: input.note, updatedAt: now })
      .where(eq(rotationRequests.id, id));
    await audit({ action: "rotation.rejected", targetType: "credential", targetId: row.credentialId, payload: { requestId: id, note: input.note } });
    await notifyRequester(tx, row, credential, "rejected", input.note);
    return { id, state: "rejected" };
  });
}

export async function cancelRotation(db: Db, ctx: RequestContext, id: string, input: { note?: string | null | undefined }, now: Date = new Date()): Promise<{ id: string; state: RotationState }> {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const { row, snapshot, actor } = await loadForDecision(tx, ctx, id);
    decideOrThrow(snapshot, { type: "cancel" }, actor, now);
    await tx
      .update(rotationRequests)
      .set({ state: "cancelled", decidedAt: now, decidedById: actor.userId, decisionNote: input.note ?? null, updatedAt: now })
      .where(eq(rotationRequests.id, id));
    await audit({
      action: "rotation.cancelled",
      targetType: "credential",
      targetId: row.credentialId,
      payload: { requestId: id, from: row.state, ...(input.note ? { note: input.note } : {}) },
    });
    return { id, state: "cancelled" };
  });
}


export async function completeRotation(db: Db, ctx: RequestContext, id: string, input: CompleteRotationInput, now: Date = new Date()): Promise<{ id: string; state: RotationState; newSecretId: string }> {
  // Hash first, outside the transaction; the pasted value is not used again (DESIGN §1).
  const newFingerprint = input.newSecret.fingerprintOf !== undefined ? fingerprintOf(input.newSecret.fingerprintOf) : null;
  const { fingerprintOf: _pasted, ...newSecretFields } = input.newSecret;
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const { row, snapshot, credential, actor } = await loadForDecision(tx, ctx, id);
    const [oldSecret] = row.secretId
      ? await tx.select({ id: secrets.id, status: secrets.status, fingerprint: secrets.fingerprint }).from(secrets).where(eq(secrets.id, row.secretId))
      : [];
    const decision = decide(
      snapshot,
      { type: "complete", newFingerprint, oldFingerprint: oldSecret?.fingerprint ?? null, checklist: input.checklist },
      actor,
      now,
    );
    if (!decision.ok) {
      // Name every unticked checklist item at once, not just the first.
      const extra: FieldErrors = {};
      if (decision.code === "INVALID_INPUT" && decision.field?.startsWith("checklist.")) {
        if (!input.checklist.deployedToAllConsumers) extra["checklist.deployedToAllConsumers"] = ["Confirm the new secret is deployed to all consumers."];
        if (!input.checklist.oldSecretRevoked) extra["checklist.oldSecretRevoked"] = ["Confirm the old secret is revoked at the authorization server."];
      }
      throw refusal(decision, extra);
    }
    if (credential.status === "decommissioned") throw conflict(`"${credential.name}" is decommissioned: it cannot be rotated`);
    const issuedAt = newSecretFields.issuedAt ?? now;
    const fields: FieldErrors = {};
    if (issuedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) fields["newSecret.issuedAt"] = ["cannot be in the future"];
    if (newSecretFields.expiresAt && newSecretFields.expiresAt.getTime() <= Math.max(issuedAt.getTime(), now.getTime())) {
      fields["newSecret.expiresAt"] = ["must be after the issue date and in the future"];
    }
    if (Object.keys(fields).length) throw invalidInput(fields);

    const newSecretId = await insertSecretRow(
      tx,
      row.credentialId,
      {
        kind: newSecretFields.kind,
        storage: newSecretFields.storage,
        storageRef: newSecretFields.storageRef ?? null,
        issuedAt,
        expiresAt: newSecretFields.expiresAt ?? null,
        // The new secret's age counts from its issue: that is when it was rotated in.
        lastRotatedAt: issuedAt,
        status: "active",
      },
      newFingerprint,
    );
    if (oldSecret && oldSecret.status !== "revoked") {
      await tx
        .update(secrets)
        .set({ status: input.oldSecretDisposition, updatedAt: now })
        .where(eq(secrets.id, oldSecret.id));
    }
    await tx
      .update(rotationRequests)
      .set({
        state: "completed",
        completedAt: now,
        newSecretId,
        oldSecretDisposition: oldSecret ? input.oldSecretDisposition : null,
        checklistDeployed: input.checklist.deployedToAllConsumers,
        checklistOldRevoked: input.checklist.oldSecretRevoked,
        ...(input.note ? { decisionNote: input.note } : {}),
        updatedAt: now,
      })
      .where(eq(rotationRequests.id, id));
    await recomputeDue(tx, [row.credentialId], now);
    const remediation = `rotated (request ${id})`;
    // The overdue finding closes unless another secret keeps the credential overdue.
    const [after] = await tx.select({ rotationDueAt: credentials.rotationDueAt }).from(credentials).where(eq(credentials.id, row.credentialId));
    if (!after?.rotationDueAt || after.rotationDueAt.getTime() > now.getTime()) {
      await resolveFindings(tx, audit, lifecycleRules.rotationOverdue.id, [row.credentialId], remediation, now);
    }
    if (oldSecret) await remediateLeakIncidents(tx, audit, { credentialId: row.credentialId, secretIds: [oldSecret.id], at: now, remediation });
    // The rest of the posture follows the new secret (after the findings completion closes itself, so they keep its reason).
    await recomputePosture(tx, audit, [row.credentialId], now);
    await audit({
      action: "rotation.completed",
      targetType: "credential",
      targetId: row.credentialId,
      payload: {
        requestId: id,
        oldSecretId: oldSecret?.id ?? null,
        oldSecretDisposition: oldSecret ? input.oldSecretDisposition : null,
        newSecret: {
          id: newSecretId,
          kind: newSecretFields.kind,
          storage: newSecretFields.storage,
          storageRef: newSecretFields.storageRef ?? null,
          issuedAt: issuedAt.toISOString(),
          expiresAt: newSecretFields.expiresAt?.toISOString() ?? null,
          fingerprintSet: newFingerprint !== null,
        },
        checklist: input.checklist,
        ...(input.note ? { note: input.note } : {}),
      },
    });
    await notifyRequester(tx, row, credential, "completed");
    return { id, state: "completed", newSecretId };
  });
}

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
