import "server-only";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Queryable } from "@/db/client";
import { apiScopes, apis, applications, credentialApplications, credentialGrantScopes, credentialGrants, credentials, people, secrets } from "@/db/schema";
import { highestSensitivity, matchPolicy, type RotationPolicy } from "@/lib/domain/policies";
import type { FingerprintMatch, PostureApplication, PostureGrant, PostureInput, PosturePerson, PosturePolicy, PostureSecret } from "@/lib/domain/posture/types";
import { groupByCredential } from "./group";
import { listPolicies, toDomainPolicy } from "./registry";

/**
 * Everything the posture rules read about a batch of credentials (DESIGN §5.1), in six set-based
 * statements whatever the batch size: the credential with its people, secrets, grants with scopes,
 * applications, fingerprint matches on other credentials, and the policies (a handful of rows: the
 * effective one by id, the matched one by the same pure matching as the due dates). Fingerprints
 * themselves never leave the database: the rules see "has one" and "who else has it".
 */
export async function loadPostureInputs(q: Queryable, ids: readonly string[], now: Date): Promise<PostureInput[]> {
  if (ids.length === 0) return [];
  const list = [...new Set(ids)];
  const o = alias(people, "o");
  const b = alias(people, "b");
  const s = alias(people, "s");
  const ro = alias(people, "ro");
  const rv = alias(people, "rv");
  const [rows, secretRows, grantRows, appRows, matchRows, policyRows] = await Promise.all([
    q
      .select({
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
      .from(credentials)
      .leftJoin(o, eq(o.id, credentials.ownerId))
      .leftJoin(b, eq(b.id, credentials.backupOwnerId))
      .leftJoin(s, eq(s.id, credentials.sdkOwnerId))
      // Rotation and revocation owners default to the owner when not set (lib/server/inventory/present.ts).
      .leftJoin(ro, eq(ro.id, sql`coalesce(${credentials.rotationOwnerId}, ${credentials.ownerId})`))
      .leftJoin(rv, eq(rv.id, sql`coalesce(${credentials.revocationOwnerId}, ${credentials.ownerId})`))
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
    listPolicies(q),
  ]);
  const policies = policyRows.map(toDomainPolicy);
  const policyById = new Map(policies.map((p) => [p.id, p]));

  const secretsBy = groupByCredential(secretRows);
  const grantsBy = groupByCredential(grantRows);
  const appsBy = groupByCredential(appRows);
  const matchesBy = groupByCredential(matchRows);
  const personOf = (p: PosturePerson | null): PosturePerson | null => (p ? { id: p.id, name: p.name, isActive: p.isActive } : null);

  return rows.map((r) => {
    const grants = new Map<string, PostureGrant>();
    const governingSensitivities: PostureGrant["sensitivity"][] = [];
    for (const g of grantsBy.get(r.c.id) ?? []) {
      governingSensitivities.push(g.sensitivity);
      // Only approved grants are access (posture rules); a pending one counts for policy matching alone.
      if (g.status !== "approved") continue;
      const grant = grants.get(g.grantId) ?? { apiId: g.apiId, apiKey: g.apiKey, apiName: g.apiName, audience: g.audience, trustZone: g.trustZone, sensitivity: g.sensitivity, scopes: [], approverKnown: g.decidedById !== null };
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
      rotationOwner: personOf(r.rotation),
      revocationOwner: personOf(r.revocation),
      policy: posturePolicy(r.effectivePolicyId ? policyById.get(r.effectivePolicyId) : undefined),
      matchedPolicy: posturePolicy(matched),
      secrets: (secretsBy.get(r.c.id) ?? []).map(({ credentialId: _c, ...secret }): PostureSecret => secret),
      grants: [...grants.values()],
      applications: applicationList,
      fingerprintMatches: (matchesBy.get(r.c.id) ?? []).map(({ credentialId: _c, ...match }): FingerprintMatch => match),
    };
  });
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
