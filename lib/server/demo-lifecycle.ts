import "server-only";
import { and, eq, inArray, isNotNull, isNull, lt, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { credentials, leakIncidents, people, rotationPolicies, rotationRequests, secrets, users } from "@/db/schema";
import { ROTATION_EXPIRY_MS } from "@/lib/domain/rotation";
import type { Audit } from "./audited";
import { syncOrphanedFindingsForPeople } from "./lifecycle/departures";
import { lifecycleRules, openFinding } from "./lifecycle/findings";

export type DemoLifecycleCounts = {
  leakIncidentsOpen: number;
  leakIncidentsRemediated: number;
  rotationRequests: number;
  orphanedFindings: number;
};

/** How many overdue production credentials get an ordinary rotation request waiting for approval. */
const SCHEDULED_REQUESTS = 6;
const DAY = 86_400_000;

/**
 * The lifecycle state a real organisation would have around the demo inventory (DESIGN §4): leak
 * incidents for leaked secrets (open ones with their emergency rotation request and critical
 * finding; past ones remediated, with their time to remediate), orphaned findings for credentials
 * held by people who left, and a few
 * ordinary rotation requests waiting for approval. Set-based, inside the demo's transaction.
 * `requesterId` is the user loading the demo (null from the command line).
 */
export async function stageDemoLifecycle(tx: Tx, audit: Audit, created: readonly string[], loadedBy: string | null, now: Date): Promise<DemoLifecycleCounts> {
  if (created.length === 0) return { leakIncidentsOpen: 0, leakIncidentsRemediated: 0, rotationRequests: 0, orphanedFindings: 0 };
  const ids = sql`array[${sql.join(
    created.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}]`;

  // Leaks handled in the past: remediated by the rotation that produced the current secret.
  const past = await tx
    .select({ secretId: secrets.id, credentialId: secrets.credentialId, source: secrets.leakSource, leakedAt: secrets.leakedAt, remediatedAt: secrets.remediatedAt })
    .from(secrets)
    .where(and(inArray(secrets.credentialId, [...created]), isNotNull(secrets.leakedAt), isNotNull(secrets.remediatedAt)));
  const remediated = past.flatMap((p) =>
    p.leakedAt && p.remediatedAt
      ? [
          {
            credentialId: p.credentialId,
            secretId: p.secretId,
            source: p.source ?? "unknown",
            detectedAt: p.leakedAt,
            status: "remediated" as const,
            remediatedAt: p.remediatedAt,
            remediationSeconds: Math.max(0, Math.round((p.remediatedAt.getTime() - p.leakedAt.getTime()) / 1000)),
            remediation: "secret rotated",
            createdAt: p.leakedAt,
            updatedAt: p.remediatedAt,
          },
        ]
      : [],
  );
  if (remediated.length > 0) await tx.insert(leakIncidents).values(remediated);

  // Leaks still open: the emergency rotation request first, then the incident that points at it.
  const leaked = await tx
    .selectDistinctOn([secrets.credentialId], {
      secretId: secrets.id,
      credentialId: secrets.credentialId,
      source: secrets.leakSource,
      detectedAt: secrets.leakedAt,
      ownerId: credentials.ownerId,
      backupOwnerId: credentials.backupOwnerId,
      policyId: credentials.effectivePolicyId,
    })
    .from(secrets)
    .innerJoin(credentials, eq(credentials.id, secrets.credentialId))
    .where(and(inArray(secrets.credentialId, [...created]), eq(secrets.status, "leaked"), isNotNull(secrets.leakedAt), isNull(secrets.remediatedAt), eq(credentials.status, "active")))
    .orderBy(secrets.credentialId, secrets.leakedAt);
  const rules = await approvalRules(tx);
  const [loader] = loadedBy ? await tx.select({ id: users.id }).from(users).where(eq(users.id, loadedBy)) : [];
  const requesterId = loader?.id ?? null;
  let requests = 0;
  for (const l of leaked) {
    const rule = rules.get(l.policyId ?? "") ?? { approvalsRequired: 1, securityApprovalRequired: false };
    const [request] = await tx
      .insert(rotationRequests)
      .values({
        credentialId: l.credentialId,
        secretId: l.secretId,
        reason: "compromise",
        note: "Opened automatically when the secret was reported leaked",
        plannedAt: now,
        requesterId,
        ...rule,
        eligibleOwnerPersonId: l.ownerId,
        eligibleBackupOwnerPersonId: l.backupOwnerId,
        expiresAt: new Date(now.getTime() + ROTATION_EXPIRY_MS),
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: rotationRequests.id });
    requests += 1;
    const detectedAt = l.detectedAt ?? now;
    const [incident] = await tx.insert(leakIncidents).values({
      credentialId: l.credentialId,
      secretId: l.secretId,
      source: l.source ?? "unknown",
      detectedAt,
      rotationRequestId: request?.id ?? null,
      createdAt: detectedAt,
      updatedAt: detectedAt,
    }).returning({ id: leakIncidents.id });
    await openFinding(
      tx,
      audit,
      {
        ruleId: lifecycleRules.leakedSecret.id,
        credentialId: l.credentialId,
        severity: lifecycleRules.leakedSecret.severity,
        details: { incidentId: incident?.id ?? null, secretId: l.secretId, source: l.source },
      },
      detectedAt,
    );
  }

  // A few ordinary requests waiting for approval on overdue production credentials.
  const overdue = await tx
    .select({ id: credentials.id, ownerId: credentials.ownerId, backupOwnerId: credentials.backupOwnerId, policyId: credentials.effectivePolicyId })
    .from(credentials)
    .where(
      and(
        inArray(credentials.id, [...created]),
        eq(credentials.status, "active"),
        eq(credentials.environment, "production"),
        lt(credentials.rotationDueAt, now),
        sql`not exists (select 1 from rotation_requests r where r.credential_id = ${credentials.id} and r.state in ('requested', 'approved'))`,
      ),
    )
    .orderBy(credentials.rotationDueAt, credentials.id)
    .limit(SCHEDULED_REQUESTS);
  for (const [i, c] of overdue.entries()) {
    const createdAt = new Date(now.getTime() - (i + 1) * DAY);
    await tx.insert(rotationRequests).values({
      credentialId: c.id,
      reason: "scheduled",
      note: "Overdue under the rotation policy",
      plannedAt: new Date(now.getTime() + (i + 2) * DAY),
      requesterId,
      ...(rules.get(c.policyId ?? "") ?? { approvalsRequired: 1, securityApprovalRequired: false }),
      eligibleOwnerPersonId: c.ownerId,
      eligibleBackupOwnerPersonId: c.backupOwnerId,
      expiresAt: new Date(createdAt.getTime() + ROTATION_EXPIRY_MS),
      createdAt,
      updatedAt: createdAt,
    });
    requests += 1;
  }

  // People who left: everything they hold gets its orphaned finding.
  const leavers = await tx
    .select({ id: people.id })
    .from(people)
    .where(
      and(
        eq(people.isActive, false),
        sql`exists (select 1 from credentials c where c.id = any(${ids}) and ${people.id} in (c.owner_id, c.backup_owner_id, c.sdk_owner_id))`,
      ),
    );
  const orphaned = await syncOrphanedFindingsForPeople(
    tx,
    audit,
    leavers.map((p) => p.id),
    { at: now },
  );

  return {
    leakIncidentsOpen: leaked.length,
    leakIncidentsRemediated: remediated.length,
    rotationRequests: requests,
    orphanedFindings: orphaned.opened,
  };
}

async function approvalRules(tx: Tx): Promise<Map<string, { approvalsRequired: number; securityApprovalRequired: boolean }>> {
  const rows = await tx
    .select({ id: rotationPolicies.id, approvalsRequired: rotationPolicies.approvalsRequired, securityApprovalRequired: rotationPolicies.securityApprovalRequired })
    .from(rotationPolicies);
  return new Map(rows.map((r) => [r.id, { approvalsRequired: r.approvalsRequired, securityApprovalRequired: r.securityApprovalRequired }]));
}
