import "server-only";
import { inArray, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { apis, applications, credentialApplications, credentialGrants, credentials, secrets } from "@/db/schema";
import { listPolicies, type PolicyRow } from "@/db/queries/registry";
import { computeDueState } from "@/lib/domain/due-dates";
import { highestSensitivity, matchPolicy, type Environment, type RotationPolicy, type Sensitivity } from "@/lib/domain/policies";

export function toDomainPolicy(row: PolicyRow): RotationPolicy {
  return {
    id: row.id,
    name: row.name,
    priority: row.priority,
    match: {
      environment: (row.matchEnvironments as Environment[] | null) ?? null,
      sensitivity: (row.matchSensitivities as Sensitivity[] | null) ?? null,
      kind: (row.matchKind as RotationPolicy["match"]["kind"]) ?? null,
      thirdParty: row.matchThirdParty,
    },
    maxSecretAgeDays: row.maxSecretAgeDays,
    reviewCadenceDays: row.reviewCadenceDays,
    maxAccessTokenTtlSeconds: row.maxAccessTokenTtlSeconds,
    approvalsRequired: row.approvalsRequired === 2 ? 2 : 1,
    securityApprovalRequired: row.securityApprovalRequired,
    reminderOffsetsDays: row.reminderOffsetsDays,
  };
}

const BATCH = 500;

/**
 * Recomputes the effective policy and due dates (DESIGN §4.1) of the given credentials, in the
 * caller's transaction: a handful of set-based queries and one UPDATE per batch, not a query per row.
 */
export async function recomputeDue(tx: Queryable, credentialIds: readonly string[], now: Date = new Date()): Promise<void> {
  if (credentialIds.length === 0) return;
  const policies = (await listPolicies(tx)).map(toDomainPolicy);
  for (let i = 0; i < credentialIds.length; i += BATCH) {
    const ids = [...new Set(credentialIds.slice(i, i + BATCH))];
    const [creds, secretRows, sensitivityRows, thirdPartyRows] = await Promise.all([
      tx
        .select({
          id: credentials.id,
          environment: credentials.environment,
          kind: credentials.kind,
          status: credentials.status,
          createdAt: credentials.createdAt,
          lastReviewedAt: credentials.lastReviewedAt,
          reviewCadenceDays: credentials.reviewCadenceDays,
          rotationPolicyId: credentials.rotationPolicyId,
        })
        .from(credentials)
        .where(inArray(credentials.id, ids)),
      tx
        .select({ credentialId: secrets.credentialId, issuedAt: secrets.issuedAt, lastRotatedAt: secrets.lastRotatedAt, expiresAt: secrets.expiresAt, status: secrets.status })
        .from(secrets)
        .where(inArray(secrets.credentialId, ids)),
      tx
        .select({ credentialId: credentialGrants.credentialId, sensitivity: apis.sensitivity })
        .from(credentialGrants)
        .innerJoin(apis, sql`${apis.id} = ${credentialGrants.apiId}`)
        .where(inArray(credentialGrants.credentialId, ids)),
      tx
        .select({ credentialId: credentialApplications.credentialId, thirdParty: applications.thirdParty })
        .from(credentialApplications)
        .innerJoin(applications, sql`${applications.id} = ${credentialApplications.applicationId}`)
        .where(inArray(credentialApplications.credentialId, ids)),
    ]);
    const group = <T extends { credentialId: string }>(rows: T[]) => {
      const map = new Map<string, T[]>();
      for (const r of rows) {
        const list = map.get(r.credentialId);
        if (list) list.push(r);
        else map.set(r.credentialId, [r]);
      }
      return map;
    };
    const secretsBy = group(secretRows);
    const sensitivityBy = group(sensitivityRows);
    const thirdPartyBy = group(thirdPartyRows);
    const values = creds.map((c) => {
      const policy = matchPolicy(
        policies,
        {
          environment: c.environment,
          kind: c.kind,
          thirdParty: (thirdPartyBy.get(c.id) ?? []).some((a) => a.thirdParty),
          highestSensitivity: highestSensitivity((sensitivityBy.get(c.id) ?? []).map((s) => s.sensitivity)),
        },
        c.rotationPolicyId,
      );
      // With every shipped default deleted a credential may match nothing: it then has no rotation due date.
      // A decommissioned credential is kept as evidence only: nothing about it is due any more (DESIGN §4.4).
      const state = policy && c.status !== "decommissioned"
        ? computeDueState(
            { secrets: secretsBy.get(c.id) ?? [], lastReviewedAt: c.lastReviewedAt, createdAt: c.createdAt, reviewCadenceOverrideDays: c.reviewCadenceDays },
            policy,
            now,
          )
        : null;
      return sql`(${c.id}::uuid, ${policy?.id ?? null}::uuid, ${state?.rotationDueAt?.toISOString() ?? null}::timestamptz, ${state?.reviewDueAt.toISOString() ?? null}::timestamptz, ${state?.dueSoonDays ?? 30}::int)`;
    });
    if (values.length === 0) continue;
    await tx.execute(sql`
      update ${credentials} set
        effective_policy_id = v.policy_id,
        rotation_due_at = v.rotation_due_at,
        review_due_at = v.review_due_at,
        due_soon_days = v.due_soon_days
      from (values ${sql.join(values, sql`, `)}) as v(id, policy_id, rotation_due_at, review_due_at, due_soon_days)
      where ${credentials.id} = v.id`);
  }
}

/** Every credential, in id order and batches: used when a policy changes. */
export async function recomputeAllDue(tx: Queryable, now: Date = new Date()): Promise<number> {
  let after: string | null = null;
  let total = 0;
  for (;;) {
    const rows: { id: string }[] = await tx
      .select({ id: credentials.id })
      .from(credentials)
      .where(after ? sql`${credentials.id} > ${after}` : undefined)
      .orderBy(credentials.id)
      .limit(BATCH);
    if (rows.length === 0) return total;
    await recomputeDue(tx, rows.map((r) => r.id), now);
    total += rows.length;
    after = rows.at(-1)?.id ?? null;
  }
}
