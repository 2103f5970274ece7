import "server-only";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Queryable } from "@/db/client";
import { apiScopes, apis, applications, credentialApplications, credentialGrantScopes, credentialGrants, credentials, secrets, usageDaily } from "@/db/schema";
import { highestSensitivity, matchPolicy, type RotationPolicy } from "@/lib/domain/policies";
import type { FingerprintMatch, PostureApplication, PostureGrant, PostureInput, PosturePerson, PosturePolicy, PostureSecret, PostureUsage, PostureUsageEntry } from "@/lib/domain/posture/types";
import { usageWindowDays } from "@/lib/domain/posture/rules";
import { party, selectCredentialsWithParties } from "./credential-parties";
import { groupByCredential } from "./group";
import { listPolicies, toDomainPolicy } from "./registry";

/**
 * Everything the posture rules read about a batch of credentials (DESIGN §5.1), in seven set-based
 * statements whatever the batch size: the credential with its people, secrets, grants with scopes,
 * applications, fingerprint matches on other credentials, usage evidence (the rollup grouped per
 * audience × scope, DESIGN §5.4), and the policies (a handful of rows: the
 * effective one by id, the matched one by the same pure matching as the due dates). Fingerprints
 * themselves never leave the database: the rules see "has one" and "who else has it".
 */
/** The usage rules' thresholds (USAGE_UNUSED_SCOPE_DAYS, USAGE_DORMANT_DAYS), passed in by the engine that reads the environment. */
export type UsageThresholds = Pick<PostureUsage, "unusedScopeDays" | "dormantDays">;
export const defaultUsageThresholds: UsageThresholds = { unusedScopeDays: 90, dormantDays: 90 };

export async function loadPostureInputs(q: Queryable, ids: readonly string[], now: Date, thresholds: UsageThresholds = defaultUsageThresholds): Promise<PostureInput[]> {
  if (ids.length === 0) return [];
  const list = [...new Set(ids)];
  const { owner: o, backupOwner: b, sdkOwner: s, rotationOwner: ro, revocationOwner: rv } = party;
  const [rows, secretRows, grantRows, appRows, matchRows, usageRows, policyRows] = await Promise.all([
    selectCredentialsWithParties(q, {
      c: {
        id: credentials.id,
        name: credentials.name,
        kind: credentials.kind,
        environment: credentials.environment,
        status: credentials.status,
        grantTypes: credentials.grantTypes,
        clientAuthMethod: credentials.clientAuthMethod,
        accessTokenTtlSeconds: credentials.accessTokenTtlSeconds,
        tokenCache: credentials.tokenCache,
        logsRedactTokens: credentials.logsRedactTokens,
        breakGlassProcedure: credentials.breakGlassProcedure,
        rotationDueAt: credentials.rotationDueAt,
        reviewDueAt: credentials.reviewDueAt,
        lastReviewedAt: credentials.lastReviewedAt,
        reviewCadenceDays: credentials.reviewCadenceDays,
        createdAt: credentials.createdAt,
      },
      effectivePolicyId: credentials.effectivePolicyId,
      owner: { id: o.id, name: o.name, isActive: o.isActive },
      backup: { id: b.id, name: b.name, isActive: b.isActive },
      sdk: { id: s.id, name: s.name, isActive: s.isActive },
      rotation: { id: ro.id, name: ro.name, isActive: ro.isActive },
      revocation: { id: rv.id, name: rv.name, isActive: rv.isActive },
    })
      .where(inArray(credentials.id, list)),
    q
      .select({
        credentialId: secrets.credentialId,
        id: secrets.id,
        kind: secrets.kind,
        storage: secrets.storage,
        status: secrets.status,
        issuedAt: secrets.issuedAt,
        expiresAt: secrets.expiresAt,
        hasFingerprint: sql<boolean>`${secrets.fingerprint} is not null`,
        leakedAt: secrets.leakedAt,
        remediatedAt: secrets.remediatedAt,
      })
      .from(secrets)
      .where(inArray(secrets.credentialId, list)),
    q
      .select({
        credentialId: credentialGrants.credentialId,
        grantId: credentialGrants.id,
        grantedAt: credentialGrants.createdAt,
        apiId: apis.id,
        apiKey: apis.key,
        apiName: apis.name,
        audience: apis.audience,
        trustZone: apis.trustZone,
        sensitivity: apis.sensitivity,
        scopeName: apiScopes.name,
        privilege: apiScopes.privilege,
        decidedById: credentialGrants.decidedById,
        status: credentialGrants.status,
      })
      .from(credentialGrants)
      .innerJoin(apis, eq(apis.id, credentialGrants.apiId))
      .leftJoin(credentialGrantScopes, eq(credentialGrantScopes.grantId, credentialGrants.id))
      .leftJoin(apiScopes, eq(apiScopes.id, credentialGrantScopes.scopeId))
      // DESIGN §4.5: approved grants are access; a pending request already governs (policy), nothing else counts.
      .where(and(inArray(credentialGrants.credentialId, list), inArray(credentialGrants.status, ["approved", "requested"]))),
    q
      .select({
        credentialId: credentialApplications.credentialId,
        id: applications.id,
        key: applications.key,
        name: applications.name,
        environment: applications.environment,
        trustZone: applications.trustZone,
        thirdParty: applications.thirdParty,
        status: applications.status,
      })
      .from(credentialApplications)
      .innerJoin(applications, eq(applications.id, credentialApplications.applicationId))
      .where(inArray(credentialApplications.credentialId, list)),
    fingerprintMatches(q, list),
    usageEvidence(q, list, now),
    listPolicies(q),
  ]);
  const policies = policyRows.map(toDomainPolicy);
  const policyById = new Map(policies.map((p) => [p.id, p]));

  const secretsBy = groupByCredential(secretRows);
  const grantsBy = groupByCredential(grantRows);
  const appsBy = groupByCredential(appRows);
  const matchesBy = groupByCredential(matchRows);
  const usageBy = groupByCredential(usageRows);
  const personOf = (p: PosturePerson | null): PosturePerson | null => (p ? { id: p.id, name: p.name, isActive: p.isActive } : null);

  return rows.map((r) => {
    const grants = new Map<string, PostureGrant>();
    const governingSensitivities: PostureGrant["sensitivity"][] = [];
    for (const g of grantsBy.get(r.c.id) ?? []) {
      governingSensitivities.push(g.sensitivity);
      // Only approved grants are access (posture rules); a pending one counts for policy matching alone.
      if (g.status !== "approved") continue;
      const grant = grants.get(g.grantId) ?? { apiId: g.apiId, apiKey: g.apiKey, apiName: g.apiName, audience: g.audience, trustZone: g.trustZone, sensitivity: g.sensitivity, scopes: [], grantedAt: g.grantedAt, approverKnown: g.decidedById !== null };
      if (g.scopeName !== null && g.privilege !== null) grant.scopes.push({ name: g.scopeName, privilege: g.privilege });
      grants.set(g.grantId, grant);
    }
    const applicationList = (appsBy.get(r.c.id) ?? []).map(({ credentialId: _c, ...app }): PostureApplication => app);
    // Ignoring the override: what governance the credential would get by its facts alone.
    const matched = matchPolicy(policies, {
      environment: r.c.environment,
      kind: r.c.kind,
      thirdParty: applicationList.some((a) => a.thirdParty),
      highestSensitivity: highestSensitivity(governingSensitivities),
    });
    return {
      now,
      credential: r.c,
      owner: personOf(r.owner),
      backupOwner: personOf(r.backup),
      sdkOwner: personOf(r.sdk),
      // Rotation and revocation owners default to the owner when not set (lib/server/inventory/present.ts).
      rotationOwner: personOf(r.rotation ?? r.owner),
      revocationOwner: personOf(r.revocation ?? r.owner),
      policy: posturePolicy(r.effectivePolicyId ? policyById.get(r.effectivePolicyId) : undefined),
      matchedPolicy: posturePolicy(matched),
      secrets: (secretsBy.get(r.c.id) ?? []).map(({ credentialId: _c, ...secret }): PostureSecret => secret),
      grants: [...grants.values()],
      applications: applicationList,
      fingerprintMatches: (matchesBy.get(r.c.id) ?? []).map(({ credentialId: _c, ...match }): FingerprintMatch => match),
      usage: postureUsage(usageBy.get(r.c.id) ?? [], thresholds),
    };
  });
}

type UsageRow = PostureUsageEntry & { credentialId: string; firstSeenAt: Date; maxTtlSeconds: number | null };

/**
 * The rollup per credential × audience × scope (DESIGN §5.4): last issuance and last allowed decision
 * over all days kept, counts and the longest token lifetime over the last 30. One grouped statement
 * on usage_daily's (credential_id, day) index; its size follows days × audiences × scopes, not events.
 */
function usageEvidence(q: Queryable, ids: readonly string[], now: Date): Promise<UsageRow[]> {
  const since = new Date(now.getTime() - usageWindowDays * 86_400_000).toISOString().slice(0, 10);
  const recent = sql`${usageDaily.day} >= ${since}::date`;
  return q
    .select({
      credentialId: sql<string>`${usageDaily.credentialId}`,
      audience: usageDaily.audience,
      scope: usageDaily.scope,
      lastIssuedAt: sql<Date | null>`max(${usageDaily.lastSeenAt}) filter (where ${usageDaily.issued} > 0)`.mapWith(usageDaily.lastSeenAt),
      lastAllowedAt: sql<Date | null>`max(${usageDaily.lastSeenAt}) filter (where ${usageDaily.allowed} > 0)`.mapWith(usageDaily.lastSeenAt),
      allowed30d: sql<number>`coalesce(sum(${usageDaily.allowed}) filter (where ${recent}), 0)::int`.mapWith(Number),
      denied30d: sql<number>`coalesce(sum(${usageDaily.denied}) filter (where ${recent}), 0)::int`.mapWith(Number),
      firstSeenAt: sql<Date>`min(${usageDaily.firstSeenAt})`.mapWith(usageDaily.firstSeenAt),
      maxTtlSeconds: sql<number | null>`max(${usageDaily.maxTtlSeconds}) filter (where ${recent})`,
    })
    .from(usageDaily)
    .where(inArray(usageDaily.credentialId, [...ids]))
    .groupBy(usageDaily.credentialId, usageDaily.audience, usageDaily.scope);
}

function postureUsage(rows: readonly UsageRow[], thresholds: UsageThresholds): PostureUsage {
  const min = (a: Date | null, b: Date | null) => (a === null ? b : b === null || a <= b ? a : b);
  const max = (a: Date | null, b: Date | null) => (a === null ? b : b === null || a >= b ? a : b);
  let firstSeenAt: Date | null = null;
  let lastIssuedAt: Date | null = null;
  let maxTtlSeconds30d: number | null = null;
  const entries: PostureUsageEntry[] = [];
  for (const { credentialId: _c, firstSeenAt: first, maxTtlSeconds, ...entry } of rows) {
    firstSeenAt = min(firstSeenAt, first);
    lastIssuedAt = max(lastIssuedAt, entry.lastIssuedAt);
    if (maxTtlSeconds !== null) maxTtlSeconds30d = Math.max(maxTtlSeconds30d ?? 0, maxTtlSeconds);
    entries.push(entry);
  }
  return { firstSeenAt, lastIssuedAt, maxTtlSeconds30d, entries, ...thresholds };
}

function posturePolicy(p: RotationPolicy | undefined): PosturePolicy | null {
  if (!p) return null;
  const { id, name, maxSecretAgeDays, reviewCadenceDays, maxAccessTokenTtlSeconds, approvalsRequired, securityApprovalRequired } = p;
  return { id, name, maxSecretAgeDays, reviewCadenceDays, maxAccessTokenTtlSeconds, approvalsRequired, securityApprovalRequired };
}

/** Other (not decommissioned) credentials holding an active secret with the fingerprint of one of ours. */
function fingerprintMatches(q: Queryable, ids: readonly string[]) {
  const mine = alias(secrets, "mine");
  const theirs = alias(secrets, "theirs");
  const other = alias(credentials, "other");
  return q
    .select({ credentialId: mine.credentialId, secretId: mine.id, otherCredentialId: other.id, otherCredentialName: other.name, otherEnvironment: other.environment })
    .from(mine)
    .innerJoin(theirs, and(eq(theirs.fingerprint, mine.fingerprint), ne(theirs.credentialId, mine.credentialId), eq(theirs.status, "active")))
    .innerJoin(other, and(eq(other.id, theirs.credentialId), ne(other.status, "decommissioned")))
    .where(and(inArray(mine.credentialId, [...ids]), eq(mine.status, "active"), sql`${mine.fingerprint} is not null`));
}

/** Credentials whose fingerprint-based findings may change with these: holders of the same fingerprints (any status of ours). */
export async function fingerprintNeighbours(q: Queryable, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const mine = alias(secrets, "mine");
  const theirs = alias(secrets, "theirs");
  const rows = await q
    .selectDistinct({ id: theirs.credentialId })
    .from(mine)
    .innerJoin(theirs, and(eq(theirs.fingerprint, mine.fingerprint), ne(theirs.credentialId, mine.credentialId)))
    .where(and(inArray(mine.credentialId, [...ids]), sql`${mine.fingerprint} is not null`));
  return rows.map((r) => r.id);
}
