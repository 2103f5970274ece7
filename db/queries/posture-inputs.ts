import "server-only";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Queryable } from "@/db/client";
import { apiScopes, apis, applications, credentialApplications, credentialGrantScopes, credentialGrants, credentials, people, rotationPolicies, secrets } from "@/db/schema";
import type { FingerprintMatch, PostureApplication, PostureGrant, PostureInput, PosturePerson, PostureSecret } from "@/lib/domain/posture/types";

/**
 * Everything the posture rules read about a batch of credentials (DESIGN §5.1), in five set-based
 * statements whatever the batch size: the credential with its people and effective policy, secrets,
 * grants with scopes, applications, and fingerprint matches on other credentials. Fingerprints
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
  const [rows, secretRows, grantRows, appRows, matchRows] = await Promise.all([
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
          createdAt: credentials.createdAt,
        },
        owner: { id: o.id, name: o.name, isActive: o.isActive },
        backup: { id: b.id, name: b.name, isActive: b.isActive },
        sdk: { id: s.id, name: s.name, isActive: s.isActive },
        rotation: { id: ro.id, name: ro.name, isActive: ro.isActive },
        revocation: { id: rv.id, name: rv.name, isActive: rv.isActive },
        policy: { id: rotationPolicies.id, name: rotationPolicies.name, maxAccessTokenTtlSeconds: rotationPolicies.maxAccessTokenTtlSeconds },
      })
      .from(credentials)
      .leftJoin(o, eq(o.id, credentials.ownerId))
      .leftJoin(b, eq(b.id, credentials.backupOwnerId))
      .leftJoin(s, eq(s.id, credentials.sdkOwnerId))
      // Rotation and revocation owners default to the owner when not set (lib/server/inventory/present.ts).
      .leftJoin(ro, eq(ro.id, sql`coalesce(${credentials.rotationOwnerId}, ${credentials.ownerId})`))
      .leftJoin(rv, eq(rv.id, sql`coalesce(${credentials.revocationOwnerId}, ${credentials.ownerId})`))
      .leftJoin(rotationPolicies, eq(rotationPolicies.id, credentials.effectivePolicyId))
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
      })
      .from(credentialGrants)
      .innerJoin(apis, eq(apis.id, credentialGrants.apiId))
      .leftJoin(credentialGrantScopes, eq(credentialGrantScopes.grantId, credentialGrants.id))
      .leftJoin(apiScopes, eq(apiScopes.id, credentialGrantScopes.scopeId))
      .where(inArray(credentialGrants.credentialId, list)),
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
  ]);

  const group = <T extends { credentialId: string }>(items: readonly T[]) => {
    const map = new Map<string, T[]>();
    for (const item of items) {
      const bucket = map.get(item.credentialId);
      if (bucket) bucket.push(item);
      else map.set(item.credentialId, [item]);
    }
    return map;
  };
  const secretsBy = group(secretRows);
  const grantsBy = group(grantRows);
  const appsBy = group(appRows);
  const matchesBy = group(matchRows);
  const personOf = (p: PosturePerson | null): PosturePerson | null => (p ? { id: p.id, name: p.name, isActive: p.isActive } : null);

  return rows.map((r) => {
    const grants = new Map<string, PostureGrant>();
    for (const g of grantsBy.get(r.c.id) ?? []) {
      const grant = grants.get(g.grantId) ?? { apiId: g.apiId, apiKey: g.apiKey, apiName: g.apiName, audience: g.audience, trustZone: g.trustZone, sensitivity: g.sensitivity, scopes: [] };
      if (g.scopeName !== null && g.privilege !== null) grant.scopes.push({ name: g.scopeName, privilege: g.privilege });
      grants.set(g.grantId, grant);
    }
    return {
      now,
      credential: r.c,
      owner: personOf(r.owner),
      backupOwner: personOf(r.backup),
      sdkOwner: personOf(r.sdk),
      rotationOwner: personOf(r.rotation),
      revocationOwner: personOf(r.revocation),
      policy: r.policy,
      secrets: (secretsBy.get(r.c.id) ?? []).map(({ credentialId: _c, ...secret }): PostureSecret => secret),
      grants: [...grants.values()],
      applications: (appsBy.get(r.c.id) ?? []).map(({ credentialId: _c, ...app }): PostureApplication => app),
      fingerprintMatches: (matchesBy.get(r.c.id) ?? []).map(({ credentialId: _c, ...match }): FingerprintMatch => match),
    };
  });
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
