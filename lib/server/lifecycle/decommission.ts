import "server-only";
import { and, eq, inArray, ne } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { credentials, findings, reviewTasks, rotationRequests, secrets } from "@/db/schema";
import { canEditRecord, type ActorFacts } from "@/lib/authz/ownership";
import { conflict } from "@/lib/errors";
import type { DecommissionInput } from "@/lib/validation/review";
import { audited, type Audit } from "../audited";
import { auditContext, type RequestContext } from "../context";
import { DECOMMISSIONED_READ_ONLY } from "../inventory/credentials";
import { refreshCredentials } from "../posture/refresh";
import { actorFacts, denyRecord } from "../inventory/facts";
import { resolveFindings } from "./findings";
import { remediateLeakIncidents } from "./leak-remediation";
import { cancelOpenRequestInTx, lockCredentialRow, type LockedCredentialRow } from "./rotation-steps";
import { transitionCredentials, transitionSecrets } from "../commands/transitions";

export const DECOMMISSION_RESOLUTION = "credential decommissioned";

export { DECOMMISSIONED_READ_ONLY };

/** What decommissioning and reviews read of the credential they lock (rotation-steps' lock reads it). */
export type LockedCredential = Pick<LockedCredentialRow, "id" | "status" | "ownerId" | "backupOwnerId" | "sdkOwnerId" | "owningTeamId">;

/** Reads the credential and locks its row until the transaction ends, so two lifecycle changes of one credential serialise. */
export const lockCredential: (tx: Tx, credentialId: string) => Promise<LockedCredential> = lockCredentialRow;

/** Who may decommission (DESIGN §4.4): whoever may edit the credential; security and admin always. */
export function canDecommission(facts: ActorFacts, credential: LockedCredential): boolean {
  return canEditRecord(facts, credential);
}

export type DecommissionResult = {
  credentialId: string;
  status: "decommissioned";
  decommissionedAt: Date;
  decommissionReason: DecommissionInput["reason"];
  secretsRevoked: number;
  rotationRequestsCancelled: number;
  reviewTasksCancelled: number;
  findingsResolved: number;
  incidentsRemediated: number;
};

/**
 * Decommissions a locked, not yet decommissioned credential inside the caller's transaction
 * (DESIGN §4.4): status and decommission record, every secret revoked, open rotation requests
 * cancelled, open review tasks cancelled, open findings resolved, open leak incidents remediated,
 * due dates recomputed, and one `credential.decommissioned` event (plus the events of each step).
 */
export async function decommissionInTx(tx: Tx, audit: Audit, ctx: RequestContext, credential: LockedCredential, input: DecommissionInput): Promise<DecommissionResult> {
  if (credential.status === "decommissioned") throw conflict("This credential is already decommissioned");
  const userId = ctx.actor?.userId ?? null;
  const now = new Date();
  const at = input.decommissionedAt ?? now;
  const id = credential.id;

  await transitionCredentials(tx, eq(credentials.id, id), { status: "decommissioned", decommissionedAt: at, decommissionReason: input.reason, disabledAtServerConfirmed: true, decommissionedById: userId }, now);

  // Leak incidents first: their remediation is "the credential was decommissioned", at its date.
  const incidentsRemediated = await remediateLeakIncidents(tx, audit, { credentialId: id, at, remediation: DECOMMISSION_RESOLUTION });

  const revoked = await transitionSecrets(tx, and(eq(secrets.credentialId, id), ne(secrets.status, "revoked")), { status: "revoked" }, now);

  // At most one request is open per credential (a partial unique index); the rotation service cancels it.
  const openRequests = await tx
    .select({ id: rotationRequests.id })
    .from(rotationRequests)
    .where(and(eq(rotationRequests.credentialId, id), inArray(rotationRequests.state, ["requested", "approved"])));
  if (openRequests.length > 0) await cancelOpenRequestInTx(tx, audit, { id }, now, { note: "Cancelled: the credential was decommissioned", actorUserId: userId });

  const cancelledTasks = await tx
    .update(reviewTasks)
    .set({ status: "cancelled", completedAt: now, updatedAt: now })
    .where(and(eq(reviewTasks.credentialId, id), eq(reviewTasks.status, "open")))
    .returning({ id: reviewTasks.id });

  const openRules = await tx
    .selectDistinct({ ruleId: findings.ruleId })
    .from(findings)
    .where(and(eq(findings.credentialId, id), inArray(findings.status, ["open", "excepted"])));
  let findingsResolved = 0;
  for (const { ruleId } of openRules) findingsResolved += await resolveFindings(tx, audit, ruleId, [id], DECOMMISSION_RESOLUTION, now);

  // Nothing applies to a decommissioned credential any more (its controls become not applicable).
  await refreshCredentials(tx, audit, [id], now);
  const result: DecommissionResult = {
    credentialId: id,
    status: "decommissioned",
    decommissionedAt: at,
    decommissionReason: input.reason,
    secretsRevoked: revoked.length,
    rotationRequestsCancelled: openRequests.length,
    reviewTasksCancelled: cancelledTasks.length,
    findingsResolved,
    incidentsRemediated,
  };
  await audit({
    action: "credential.decommissioned",
    targetType: "credential",
    targetId: id,
    payload: {
      reason: input.reason,
      decommissionedAt: at.toISOString(),
      disabledAtServerConfirmed: true,
      ...(input.note ? { note: input.note } : {}),
      secretIds: revoked,
      rotationRequestIds: openRequests.map((r) => r.id),
      reviewTaskIds: cancelledTasks.map((t) => t.id),
      findingsResolved,
      incidentsRemediated,
    },
  });
  return result;
}

/** The decommission action (DESIGN §4.4): one audited transaction. */
export async function decommissionCredential(db: Db, ctx: RequestContext, credentialId: string, input: DecommissionInput): Promise<DecommissionResult> {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const credential = await lockCredential(tx, credentialId);
    if (!canDecommission(await actorFacts(tx, ctx), credential)) {
      throw denyRecord("You can decommission only credentials you may edit (owners, their team, security, admin)");
    }
    return decommissionInTx(tx, audit, ctx, credential, input);
  });
}
