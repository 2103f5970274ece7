import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { credentials, rotationPolicies, rotationRequests, secrets } from "@/db/schema";
import { approvalsOf, breakGlassApproverIds, otherBreakGlassApprovers, requirementOf } from "@/db/queries/rotations";
import { canEditRecord, type ActorFacts } from "@/lib/authz/ownership";
import { decide, ROTATION_EXPIRY_MS, type RotationActor, type RotationDecision, type RotationEvent, type RotationReason, type RotationRequestSnapshot, type RotationState, type RotationUserActor } from "@/lib/domain/rotation";
import { AppError, conflict, invalidInput, notFound, type FieldErrors } from "@/lib/errors";
import type { Audit } from "../audited";
import type { RequestContext } from "../context";
import { enqueueNotification } from "../notifications/outbox";

/**
 * The steps of a rotation request inside a transaction (DESIGN §4.2), shared by the transitions
 * (./rotations), the leak report (./incidents), decommissioning and expiry: lock the credential,
 * lock the request and build its snapshot for the pure `decide` (lib/domain/rotation), turn a
 * refusal into an API error, create or cancel a request, tell the requester.
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

/** Reads the credential and locks its row until the transaction ends: rotations, incidents, decommissioning and reviews all lock it here. */
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
export const CLOCK_SKEW_MS = 5 * 60_000;

/** Domain field names → the API's field names, so the form shows the message under the right control. */
export const apiField: Record<string, string> = { fingerprint: "newSecret.fingerprintOf" };

/** A refusal of `decide` as an API error: FORBIDDEN 403 (audited by the route), INVALID_STATE 409, INVALID_INPUT 422 naming the field. */
export function refusal(decision: Extract<RotationDecision, { ok: false }>, extraFields: FieldErrors = {}): AppError {
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

export type RequestRow = typeof rotationRequests.$inferSelect;
export type ApprovalRow = { approverId: string; approverPersonId: string | null; isSecurity: boolean; breakGlass: boolean; active: boolean; at: Date };
export type SnapshotRow = Pick<RequestRow, "state" | "reason" | "requesterId" | "createdAt" | "plannedAt" | "approvalsRequired" | "securityApprovalRequired" | "eligibleOwnerPersonId" | "eligibleBackupOwnerPersonId">;

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

export async function lockRequest(tx: Tx, id: string) {
  const [row] = await tx.select().from(rotationRequests).where(eq(rotationRequests.id, id)).for("update");
  if (!row) throw notFound("Rotation request");
  const [approvals, pool] = await Promise.all([approvalsOf(tx, [id]), breakGlassApproverIds(tx)]);
  return { row, approvals, snapshot: snapshotOf(row, approvals, otherBreakGlassApprovers(pool, row.requesterId)) };
}

export function decideOrThrow(snapshot: RotationRequestSnapshot | null, event: RotationEvent, actor: RotationActor, now: Date) {
  const decision = decide(snapshot, event, actor, now);
  if (!decision.ok) throw refusal(decision);
  return decision;
}

const stateVerb: Partial<Record<RotationState, string>> = { approved: "approved", rejected: "rejected", expired: "expired", completed: "completed" };

/** The requester hears about every decision on their request (approved, rejected, expired, completed). */
export async function notifyRequester(tx: Tx, row: Pick<RequestRow, "id" | "requesterId" | "credentialId">, credential: { name: string; owningTeamId: string | null }, state: RotationState, note?: string | null) {
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
