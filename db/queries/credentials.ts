import "server-only";
import { and, asc, desc, eq, exists, inArray, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { alias, type AnyPgColumn } from "drizzle-orm/pg-core";
import {
  apis,
  applications,
  authorizationServers,
  credentialApplications,
  credentialGrants,
  credentialGrantScopes,
  credentials,
  rotationPolicies,
  secrets,
} from "@/db/schema";
import type { Queryable } from "@/db/client";
import { cursorFitsSort, decodeCredentialCursor, type CredentialFilters } from "@/lib/validation/inventory";
import { searchAny } from "./keyset";
import { scopesOfApis } from "./registry";
import { credentialHeadline, party, selectCredentialsWithParties } from "./credential-parties";
import { failsControls, hasOpenFindingOf, isAccountable, isThirdParty, rotationDueWithin } from "./credential-predicates";

/** Keyset cursor over (sort value, id); the value is an ISO instant, a name, or null (sorted last). */
export function encodeCredentialCursor(value: string | null, id: string): string {
  return Buffer.from(JSON.stringify([value, id]), "utf8").toString("base64url");
}

export { decodeCredentialCursor };

const { owner, owningTeam } = party;

const dueCondition = (column: typeof credentials.rotationDueAt, bucket: CredentialFilters["due"], now: Date): SQL | undefined => {
  // Exact 24-hour days, like lib/domain/due-dates: an interval of calendar days would follow the
  // session time zone's DST shifts and disagree with the buckets shown for the same rows.
  const soon = sql`${now.toISOString()}::timestamptz + make_interval(hours => 24 * ${credentials.dueSoonDays})`;
  switch (bucket) {
    case "overdue":
      return lt(column, now);
    case "due_soon":
      return and(sql`${column} >= ${now.toISOString()}::timestamptz`, sql`${column} <= ${soon}`);
    case "ok":
      return sql`${column} > ${soon}`;
    case "none":
      return isNull(column);
    default:
      return undefined;
  }
};

/**
 * The sort key. Due dates sort with "no date" last, as 'infinity': the same expression is indexed
 * (credentials_*_due_key_idx), so a page 1,000 pages deep is an index range scan, not a filter over
 * every earlier row.
 */
function sortKey(sort: CredentialFilters["sort"]): SQL {
  if (sort === "name") return sql`${credentials.name}`;
  const column = sort === "review_due" ? credentials.reviewDueAt : credentials.rotationDueAt;
  return sql`coalesce(${column}, 'infinity'::timestamptz)`;
}

/** Rows after the cursor, as one row comparison the index can seek to. */
function keysetAfter(sort: CredentialFilters["sort"], cursor: { value: string | null; id: string }): SQL {
  const value = sort === "name" ? sql`${cursor.value ?? ""}` : sql`coalesce(${cursor.value}::timestamptz, 'infinity'::timestamptz)`;
  return sql`(${sortKey(sort)}, ${credentials.id}) > (${value}, ${cursor.id}::uuid)`;
}

/** The inventory's filter conditions (no cursor): review campaigns select "matching credentials" with these too. */
export type CredentialFilterFields = Partial<
  Pick<CredentialFilters, "q" | "teamId" | "ownerId" | "environment" | "status" | "kind" | "apiId" | "trustZone" | "serverId" | "applicationId" | "sdk" | "tokenCache" | "due" | "reviewDue" | "dueWithin" | "rule" | "control" | "controlMatch" | "accountability" | "thirdParty" | "reviewed">
>;

/** The credential has a row in a link table (grants, applications) that meets `match`. */
function linked(db: Queryable, table: typeof credentialGrants | typeof credentialApplications, credentialId: AnyPgColumn, match: SQL): SQL {
  return exists(db.select({ one: sql`1` }).from(table).where(and(eq(credentialId, credentials.id), match)));
}

export function credentialConditions(db: Queryable, f: CredentialFilterFields, now: Date = new Date()): (SQL | undefined)[] {
  return [
    searchAny(f.q, credentials.name, credentials.clientId),
    f.teamId ? eq(credentials.owningTeamId, f.teamId) : undefined,
    f.ownerId ? eq(credentials.ownerId, f.ownerId) : undefined,
    f.environment ? eq(credentials.environment, f.environment) : undefined,
    f.status ? eq(credentials.status, f.status) : undefined,
    f.kind ? eq(credentials.kind, f.kind) : undefined,
    f.apiId ? linked(db, credentialGrants, credentialGrants.credentialId, eq(credentialGrants.apiId, f.apiId)) : undefined,
    f.trustZone
      ? or(
          exists(
            db
              .select({ one: sql`1` })
              .from(credentialGrants)
              .innerJoin(apis, eq(apis.id, credentialGrants.apiId))
              .where(and(eq(credentialGrants.credentialId, credentials.id), eq(apis.trustZone, f.trustZone))),
          ),
          exists(
            db
              .select({ one: sql`1` })
              .from(credentialApplications)
              .innerJoin(applications, eq(applications.id, credentialApplications.applicationId))
              .where(and(eq(credentialApplications.credentialId, credentials.id), eq(applications.trustZone, f.trustZone))),
          ),
        )
      : undefined,
    // The server by credentials_server_client_key (its leading column), the application by the link table's
    // credential_applications_app_idx, SDK and token cache by credentials_sdk_due_idx / _token_cache_due_idx.
    f.serverId ? eq(credentials.authorizationServerId, f.serverId) : undefined,
    f.applicationId ? linked(db, credentialApplications, credentialApplications.credentialId, eq(credentialApplications.applicationId, f.applicationId)) : undefined,
    f.sdk ? eq(credentials.sdkName, f.sdk) : undefined,
    f.tokenCache ? eq(credentials.tokenCache, f.tokenCache) : undefined,
    dueCondition(credentials.rotationDueAt, f.due, now),
    dueCondition(credentials.reviewDueAt, f.reviewDue, now),
    f.dueWithin ? rotationDueWithin(now, f.dueWithin) : undefined,
    f.rule ? hasOpenFindingOf([f.rule]) : undefined,
    failsControls(f.control, f.controlMatch),
    f.accountability === "complete" ? isAccountable : f.accountability === "incomplete" ? sql`not ${isAccountable}` : undefined,
    f.thirdParty === "true" ? isThirdParty : f.thirdParty === "false" ? sql`not ${isThirdParty}` : undefined,
    f.reviewed === "never" ? isNull(credentials.lastReviewedAt) : f.reviewed === "ever" ? sql`${credentials.lastReviewedAt} is not null` : undefined,
  ];
}

/**
 * The inventory table: one query, EXISTS for grant and zone filters, keyset pages. The page's ids are
 * chosen first, from the credentials table alone, and only those rows are read whole and joined for
 * names (a "deferred join"): the sort indexes carry `name` and `client_id` (migration 0024), so a search
 * whose matches lie deep in the sort order filters index entries, not a heap row per skipped credential.
 */
export async function listCredentials(db: Queryable, f: CredentialFilters, now: Date = new Date()) {
  // The route's schema answers a bad cursor with 422; a direct caller's bad cursor means the first page.
  const decoded = f.cursor ? decodeCredentialCursor(f.cursor) : undefined;
  const cursor = decoded && cursorFitsSort(decoded, f.sort) ? decoded : undefined;
  const conditions: (SQL | undefined)[] = [...credentialConditions(db, f, now), cursor ? keysetAfter(f.sort, cursor) : undefined];
  const page = db
    .select({ pageId: credentials.id })
    .from(credentials)
    .where(and(...conditions))
    .orderBy(sortKey(f.sort), asc(credentials.id))
    .limit(f.limit + 1)
    .as("page");
  const rows = await db
    .select({
      ...credentialHeadline,
      clientId: credentials.clientId,
      ownerId: credentials.ownerId,
      ownerName: owner.name,
      owningTeamId: credentials.owningTeamId,
      owningTeamName: owningTeam.name,
      rotationDueAt: credentials.rotationDueAt,
      reviewDueAt: credentials.reviewDueAt,
      dueSoonDays: credentials.dueSoonDays,
    })
    .from(page)
    .innerJoin(credentials, eq(credentials.id, page.pageId))
    .leftJoin(owner, eq(owner.id, credentials.ownerId))
    .leftJoin(owningTeam, eq(owningTeam.id, credentials.owningTeamId))
    .orderBy(sortKey(f.sort), asc(credentials.id));
  const hasMore = rows.length > f.limit;
  const items = hasMore ? rows.slice(0, f.limit) : rows;
  const last = items.at(-1);
  const lastValue = last ? (f.sort === "name" ? last.name : (f.sort === "review_due" ? last.reviewDueAt : last.rotationDueAt)?.toISOString() ?? null) : null;
  return { items, nextCursor: hasMore && last ? encodeCredentialCursor(lastValue, last.id) : null };
}

export type CredentialListItem = Awaited<ReturnType<typeof listCredentials>>["items"][number];

/** A credential with every reference resolved: a fixed number of queries however many grants it has. */
export async function getCredentialDetail(db: Queryable, id: string) {
  const effective = alias(rotationPolicies, "effective_policy");
  const [row] = await selectCredentialsWithParties(db, {
    credential: credentials,
    serverName: authorizationServers.name,
    serverTokenEndpoint: authorizationServers.tokenEndpoint,
    ownerName: party.owner.name,
    ownerActive: party.owner.isActive,
    backupOwnerName: party.backupOwner.name,
    backupOwnerActive: party.backupOwner.isActive,
    rotationOwnerName: party.rotationOwner.name,
    revocationOwnerName: party.revocationOwner.name,
    sdkOwnerName: party.sdkOwner.name,
    owningTeamName: party.owningTeam.name,
    identityGovernanceTeamName: party.identityGovernanceTeam.name,
    platformTeamName: party.platformTeam.name,
    effectivePolicyName: effective.name,
    effectivePolicyMaxTtl: effective.maxAccessTokenTtlSeconds,
  })
    .leftJoin(authorizationServers, eq(authorizationServers.id, credentials.authorizationServerId))
    .leftJoin(effective, eq(effective.id, credentials.effectivePolicyId))
    .where(eq(credentials.id, id));
  if (!row) return undefined;
  const [apps, grants, secretRows] = await Promise.all([
    db
      .select({ id: applications.id, key: applications.key, name: applications.name, environment: applications.environment, trustZone: applications.trustZone, thirdParty: applications.thirdParty, status: applications.status })
      .from(credentialApplications)
      .innerJoin(applications, eq(applications.id, credentialApplications.applicationId))
      .where(eq(credentialApplications.credentialId, id))
      .orderBy(asc(applications.name)),
    db
      .select({ id: credentialGrants.id, apiId: apis.id, apiKey: apis.key, apiName: apis.name, audience: apis.audience, trustZone: apis.trustZone, sensitivity: apis.sensitivity, justification: credentialGrants.justification })
      .from(credentialGrants)
      .innerJoin(apis, eq(apis.id, credentialGrants.apiId))
      .where(eq(credentialGrants.credentialId, id))
      .orderBy(asc(apis.name)),
    listSecretsOf(db, id),
  ]);
  const grantScopes = grants.length
    ? await db
        .select({ grantId: credentialGrantScopes.grantId, scopeId: credentialGrantScopes.scopeId, lastUsedAt: credentialGrantScopes.lastUsedAt })
        .from(credentialGrantScopes)
        .where(inArray(credentialGrantScopes.grantId, grants.map((g) => g.id)))
    : [];
  const scopes = await scopesOfApis(db, grants.map((g) => g.apiId));
  const scopeById = new Map(scopes.map((s) => [s.id, s]));
  return {
    ...row,
    applications: apps,
    grants: grants.map((g) => ({
      ...g,
      scopes: grantScopes
        .filter((gs) => gs.grantId === g.id)
        .flatMap((gs) => {
          const scope = scopeById.get(gs.scopeId);
          return scope ? [{ ...scope, lastUsedAt: gs.lastUsedAt }] : [];
        })
        .sort((a, b) => (a.name < b.name ? -1 : 1)),
    })),
    secrets: secretRows,
  };
}

export type CredentialDetail = NonNullable<Awaited<ReturnType<typeof getCredentialDetail>>>;

export async function listSecretsOf(db: Queryable, credentialId: string) {
  return db
    .select({
      id: secrets.id,
      kind: secrets.kind,
      storage: secrets.storage,
      storageRef: secrets.storageRef,
      issuedAt: secrets.issuedAt,
      expiresAt: secrets.expiresAt,
      lastRotatedAt: secrets.lastRotatedAt,
      status: secrets.status,
      hasFingerprint: sql<boolean>`${secrets.fingerprint} is not null`,
      leakedAt: secrets.leakedAt,
      leakSource: secrets.leakSource,
      remediatedAt: secrets.remediatedAt,
      createdAt: secrets.createdAt,
    })
    .from(secrets)
    .where(eq(secrets.credentialId, credentialId))
    .orderBy(desc(secrets.issuedAt), asc(secrets.id));
}

/** Leak lookup: which secrets carry this fingerprint. */
export async function findSecretsByFingerprint(db: Queryable, fingerprint: string) {
  return db
    .select({
      secretId: secrets.id,
      secretStatus: secrets.status,
      secretKind: secrets.kind,
      storage: secrets.storage,
      credentialId: credentials.id,
      credentialName: credentials.name,
      environment: credentials.environment,
      ownerName: owner.name,
    })
    .from(secrets)
    .innerJoin(credentials, eq(credentials.id, secrets.credentialId))
    .leftJoin(owner, eq(owner.id, credentials.ownerId))
    .where(eq(secrets.fingerprint, fingerprint))
    .orderBy(asc(credentials.name))
    .limit(100);
}

export { lte };
