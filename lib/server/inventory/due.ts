import "server-only";
import { and, inArray, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { apis, applications, credentialApplications, credentialGrants, credentials, secrets } from "@/db/schema";
import { groupByCredential } from "@/db/queries/group";
import { listPolicies, toDomainPolicy } from "@/db/queries/registry";
import { computeDueState } from "@/lib/domain/due-dates";
import { highestSensitivity, matchPolicy, type Governance, type PolicySubject } from "@/lib/domain/policies";

const BATCH = 500;

type DueInput = {
  credential: {
    id: string;
    status: string;
    createdAt: Date;
    lastReviewedAt: Date | null;
    reviewCadenceDays: number | null;
    rotationPolicyId: string | null;
  };
  subject: PolicySubject;
  secrets: { issuedAt: Date; lastRotatedAt: Date | null; expiresAt: Date | null; status: "active" | "superseded" | "revoked" | "leaked" }[];
};

/** What policy matching and due dates read about a batch of credentials: four set-based queries. */
async function loadDueInputs(tx: Queryable, ids: readonly string[]): Promise<DueInput[]> {
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
      // DESIGN §4.5: approved grants and pending requests govern (a request to a critical API is held to its policy already).
      .where(and(inArray(credentialGrants.credentialId, ids), inArray(credentialGrants.status, ["approved", "requested"]))),
    tx
      .select({ credentialId: credentialApplications.credentialId, thirdParty: applications.thirdParty })
      .from(credentialApplications)
      .innerJoin(applications, sql`${applications.id} = ${credentialApplications.applicationId}`)
      .where(inArray(credentialApplications.credentialId, ids)),
  ]);
  const secretsBy = groupByCredential(secretRows);
  const sensitivityBy = groupByCredential(sensitivityRows);
  const thirdPartyBy = groupByCredential(thirdPartyRows);
  return creds.map(({ environment, kind, ...credential }) => ({
    credential,
    subject: {
      environment,
      kind,
      thirdParty: (thirdPartyBy.get(credential.id) ?? []).some((a) => a.thirdParty),
      highestSensitivity: highestSensitivity((sensitivityBy.get(credential.id) ?? []).map((s) => s.sensitivity)),
    },
    secrets: secretsBy.get(credential.id) ?? [],
  }));
}

/**
 * Recomputes the effective policy and due dates (DESIGN §4.1) of the given credentials, in the
 * caller's transaction: a handful of set-based queries and one UPDATE per batch, not a query per row.
 */
export async function recomputeDue(tx: Queryable, credentialIds: readonly string[], now: Date = new Date()): Promise<void> {
  if (credentialIds.length === 0) return;
  const policies = (await listPolicies(tx)).map(toDomainPolicy);
  for (let i = 0; i < credentialIds.length; i += BATCH) {
    const ids = [...new Set(credentialIds.slice(i, i + BATCH))];
    const values = (await loadDueInputs(tx, ids)).map(({ credential: c, subject, secrets: held }) => {
      const policy = matchPolicy(policies, subject, c.rotationPolicyId);
      // With every shipped default deleted a credential may match nothing: it then has no rotation due date.
      // A decommissioned credential is kept as evidence only: nothing about it is due any more (DESIGN §4.4).
      const state = policy && c.status !== "decommissioned"
        ? computeDueState({ secrets: held, lastReviewedAt: c.lastReviewedAt, createdAt: c.createdAt, reviewCadenceOverrideDays: c.reviewCadenceDays }, policy, now)
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

/** matched: what the credential's facts pick, ignoring any override; effective: the override where one is set (and exists). */
export type CredentialGovernance = Governance;

/** One credential's governance as stored now (read inside the caller's transaction, before and after an edit). */
export async function credentialGovernance(tx: Queryable, credentialId: string): Promise<CredentialGovernance | undefined> {
  const [input] = await loadDueInputs(tx, [credentialId]);
  if (!input) return undefined;
  const policies = (await listPolicies(tx)).map(toDomainPolicy);
  return {
    matched: matchPolicy(policies, input.subject),
    effective: matchPolicy(policies, input.subject, input.credential.rotationPolicyId),
    reviewCadenceDays: input.credential.reviewCadenceDays,
  };
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
