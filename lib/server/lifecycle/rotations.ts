import "server-only";
import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { credentials, rotationApprovals, rotationRequests, secrets } from "@/db/schema";
import { approvalRequirement, decide, type RotationState } from "@/lib/domain/rotation";
import { rotationRemediation } from "@/lib/domain/incident-containment";
import { conflict, invalidInput, notFound, type FieldErrors } from "@/lib/errors";
import type { CompleteRotationInput, CreateRotationRequestInput } from "@/lib/validation/rotation";
import { audited } from "../audited";
import { auditContext, type RequestContext } from "../context";
import { fingerprintOf } from "../fingerprint";
import { recomputeDue } from "../inventory/due";
import { recomputePosture } from "../posture/recompute";
import { actorFacts } from "../inventory/facts";
import { lifecycleRules, resolveFindings } from "./findings";
import { remediateLeakIncidents } from "./leak-remediation";
import { CLOCK_SKEW_MS, createRequestInTx, decideOrThrow, lockCredentialRow, lockRequest, notifyRequester, refusal, rotationUserActor } from "./rotation-steps";
import { insertRotatedSecret, transitionSecrets } from "../commands/transitions";

/**
 * Rotation requests (DESIGN §4.2): every transition loads the snapshot, asks the pure `decide`
 * (lib/domain/rotation), and persists the answer with its audit event and notifications in one
 * transaction. The request row is locked (FOR UPDATE) for the transaction, so two approvers acting
 * at once are applied one after the other against fresh state.
 */

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

    const newSecretId = await insertRotatedSecret(
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
      await transitionSecrets(tx, eq(secrets.id, oldSecret.id), { status: input.oldSecretDisposition }, now);
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
    const remediation = rotationRemediation(id);
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
