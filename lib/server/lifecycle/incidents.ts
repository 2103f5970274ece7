import "server-only";
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { leakIncidents, secrets } from "@/db/schema";
import { getIncident, type IncidentRow } from "@/db/queries/incidents";
import { canEditRecord, type ActorFacts } from "@/lib/authz/ownership";
import { AppError, conflict, invalidInput, notFound } from "@/lib/errors";
import type { ReportLeakInput } from "@/lib/validation/rotation";
import { audited, type Audit } from "../audited";
import { auditContext, type RequestContext } from "../context";
import { actorFacts, denyRecord } from "../inventory/facts";
import { enqueueNotification } from "../notifications/outbox";
import { refreshCredentials } from "../posture/refresh";
import { cancelOpenRequestInTx, createRequestInTx, lockCredentialRow, rotationUserActor, type LockedCredentialRow } from "./rotation-steps";
import { transitionSecrets } from "../commands/transitions";

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

    return openLeakIncident(tx, audit, ctx, facts, credential, secretId, input, now);
  });
}

type LeakReport = Pick<ReportLeakInput, "source" | "detectedAt"> & { note?: string | null | undefined };

/**
 * The leak report's writes, in the caller's transaction (the UI's report and the import share it):
 * the secret marked leaked, an open incident, the emergency rotation, posture refreshed, the
 * `leak.reported` event and the notification. The caller has locked the credential and checked the actor.
 */
async function openLeakIncident(
  tx: Tx,
  audit: Audit,
  ctx: RequestContext,
  facts: ActorFacts,
  credential: LockedCredentialRow,
  secretId: string,
  input: LeakReport,
  now: Date,
): Promise<ReportLeakResult> {
  const credentialId = credential.id;
  await transitionSecrets(tx, eq(secrets.id, secretId), { status: "leaked", leakedAt: input.detectedAt, leakSource: input.source, remediatedAt: null }, now);
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
}

/**
 * Secrets written as `leaked` by the import (DESIGN §8.2) are leak reports like the UI's: each
 * unremediated one without an open incident gets its incident and emergency rotation, so the
 * dashboard's open leaks agree with the findings. One set-based read; leaks are rare, so the
 * writes go through the per-secret report above.
 */
export async function openImportedLeaks(tx: Tx, audit: Audit, ctx: RequestContext, credentialIds: readonly string[], now: Date = new Date()): Promise<number> {
  if (credentialIds.length === 0) return 0;
  const unreported = await tx
    .select({ secretId: secrets.id, credentialId: secrets.credentialId, leakedAt: secrets.leakedAt, leakSource: secrets.leakSource })
    .from(secrets)
    .leftJoin(leakIncidents, and(eq(leakIncidents.secretId, secrets.id), eq(leakIncidents.status, "open")))
    .where(and(inArray(secrets.credentialId, [...credentialIds]), eq(secrets.status, "leaked"), isNull(secrets.remediatedAt), isNull(leakIncidents.id)));
  if (unreported.length === 0) return 0;
  const facts = await actorFacts(tx, ctx);
  for (const s of unreported) {
    const credential = await lockCredentialRow(tx, s.credentialId);
    if (credential.status === "decommissioned") continue;
    await openLeakIncident(tx, audit, ctx, facts, credential, s.secretId, { source: s.leakSource ?? "inventory import", detectedAt: s.leakedAt ?? now, note: "Imported as leaked" }, now);
  }
  return unreported.length;
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
