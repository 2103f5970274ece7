import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { leakIncidents, secrets } from "@/db/schema";
import { getIncident, type IncidentRow } from "@/db/queries/incidents";
import { canEditRecord } from "@/lib/authz/ownership";
import { AppError, conflict, invalidInput, notFound } from "@/lib/errors";
import type { ReportLeakInput } from "@/lib/validation/rotation";
import { audited } from "../audited";
import { auditContext, type RequestContext } from "../context";
import { actorFacts, denyRecord } from "../inventory/facts";
import { enqueueNotification } from "../notifications/outbox";
import { refreshCredentials } from "../posture/refresh";
import { cancelOpenRequestInTx, createRequestInTx, lockCredentialRow, rotationUserActor } from "./rotations";

/**
 * Leak incidents (DESIGN §4.4): a secret marked leaked opens an incident, an emergency
 * (`compromise`) rotation request and a critical finding, all in one audited transaction. The
 * incident is remediated when the secret is rotated or the credential decommissioned; the time to
 * remediate is kept per incident.
 */

/** Clock skew allowed on "detected at": a browser a little ahead of the server is not "the future". */
const FUTURE_SKEW_MS = 5 * 60_000;

export type ReportLeakResult = { incidentId: string; rotationRequestId: string };

/**
 * Marks a secret leaked (DESIGN §4.4). The reporter — anyone who may edit the credential, security
 * or admin — also becomes the requester of the emergency rotation, so they cannot approve it
 * themselves. An open ordinary request is cancelled in favour of the emergency one.
 */
export async function reportLeak(
  db: Db,
  ctx: RequestContext,
  credentialId: string,
  secretId: string,
  input: ReportLeakInput,
  now: Date = new Date(),
): Promise<ReportLeakResult> {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const credential = await lockCredentialRow(tx, credentialId);
    const facts = await actorFacts(tx, ctx);
    if (!canEditRecord(facts, credential)) throw denyRecord("Only someone who may edit the credential, or the security team, can report its secret leaked");
    if (credential.status === "decommissioned") {
      throw conflict(`"${credential.name}" is decommissioned: its secrets are already revoked`, "credentialId");
    }
    const [secret] = await tx
      .select({ id: secrets.id, status: secrets.status, kind: secrets.kind })
      .from(secrets)
      .where(and(eq(secrets.id, secretId), eq(secrets.credentialId, credentialId)));
    if (!secret) throw notFound("Secret");
    if (input.detectedAt.getTime() > now.getTime() + FUTURE_SKEW_MS) {
      throw invalidInput({ detectedAt: ["cannot be in the future"] }, "The detection time cannot be in the future");
    }
    const [openIncident] = await tx
      .select({ id: leakIncidents.id })
      .from(leakIncidents)
      .where(and(eq(leakIncidents.secretId, secretId), eq(leakIncidents.status, "open")));
    if (openIncident) {
      throw new AppError("CONFLICT", "This secret already has an open leak incident", { fields: { secretId: ["already has an open leak incident"] }, incidentId: openIncident.id });
    }
    if (secret.status === "revoked") {
      throw new AppError("CONFLICT", "This secret is already revoked: a leaked copy no longer works, so there is nothing to rotate", {
        fields: { secretId: ["is already revoked"] },
      });
    }

    await tx
      .update(secrets)
      .set({ status: "leaked", leakedAt: input.detectedAt, leakSource: input.source, remediatedAt: null, updatedAt: now })
      .where(eq(secrets.id, secretId));
    const [incident] = await tx
      .insert(leakIncidents)
      .values({ credentialId, secretId, source: input.source, note: input.note ?? null, detectedAt: input.detectedAt, openedById: ctx.actor?.userId ?? null, createdAt: now, updatedAt: now })
      .returning({ id: leakIncidents.id });
    if (!incident) throw new Error("insert returned no row");

    // The emergency request: reuse an open compromise request for this very secret, otherwise replace whatever is open.
    const actor = rotationUserActor(ctx, facts, credential);
    const open = await cancelOpenRequestInTx(tx, audit, credential, now, {
      keep: (r) => r.reason === "compromise" && r.secretId === secretId,
      note: "Cancelled: replaced by the emergency rotation of a leaked secret",
      actorUserId: ctx.actor?.userId ?? null,
    });
    const rotationRequestId =
      open ??
      (await createRequestInTx(tx, audit, actor, credential, { reason: "compromise", plannedAt: now, note: `Leaked secret (${input.source})`, secretId }, now));
    await tx.update(leakIncidents).set({ rotationRequestId }).where(eq(leakIncidents.id, incident.id));

    // The secret is now leaked and unremediated: the posture engine opens the critical secret-leaked finding.
    await refreshCredentials(tx, audit, [credentialId], now);
    await audit({
      action: "leak.reported",
      targetType: "credential",
      targetId: credentialId,
      payload: {
        incidentId: incident.id,
        secretId,
        source: input.source,
        detectedAt: input.detectedAt.toISOString(),
        rotationRequestId,
        ...(input.note ? { note: input.note } : {}),
      },
    });
    await enqueueNotification(tx, {
      dedupeKey: `incident:${incident.id}:reported`,
      kind: "leak.reported",
      subject: `Leaked secret: ${credential.name}`,
      body: `A secret of "${credential.name}" was reported leaked (${input.source}). An emergency rotation has been requested and needs a security approval.`,
      link: `/incidents/${incident.id}`,
      credentialId,
      teamId: credential.owningTeamId,
      payload: { incidentId: incident.id, secretId, rotationRequestId },
      recipients: {
        personIds: [credential.ownerId, credential.backupOwnerId].filter((p): p is string => p !== null),
        roles: ["security"],
      },
    });
    return { incidentId: incident.id, rotationRequestId };
  });
}

export function presentIncident(r: IncidentRow) {
  return {
    id: r.id,
    credential: { id: r.credentialId, name: r.credentialName, environment: r.credentialEnvironment, status: r.credentialStatus },
    secret: { id: r.secretId, kind: r.secretKind, storage: r.secretStorage, storageRef: r.secretStorageRef, status: r.secretStatus },
    source: r.source,
    note: r.note,
    detectedAt: r.detectedAt,
    status: r.status,
    openedBy: r.openedById ? { id: r.openedById, name: r.openedByName ?? "" } : null,
    rotationRequest: r.rotationRequestId && r.rotationRequestState ? { id: r.rotationRequestId, state: r.rotationRequestState } : null,
    remediatedAt: r.remediatedAt,
    remediationSeconds: r.remediationSeconds,
    remediation: r.remediation,
    createdAt: r.createdAt,
  };
}

export async function incidentFor(db: Db, id: string) {
  const row = await getIncident(db, id);
  if (!row) throw notFound("Leak incident");
  return presentIncident(row);
}
