import "server-only";
import { and, asc, count, eq, inArray } from "drizzle-orm";
import { apiScopes, apis, applications, authorizationServers, rotationPolicies, teams } from "@/db/schema";
import type { Queryable } from "@/db/client";
import type { Environment, RotationPolicy, Sensitivity } from "@/lib/domain/policies";
import { byNameThenId, nameKeyset, pageResult, searchAny } from "./keyset";

type Cursor = { name: string; id: string } | undefined;
type ListArgs = { q?: string; teamId?: string; cursor?: Cursor; limit: number };

const serverColumns = {
  id: authorizationServers.id,
  key: authorizationServers.key,
  name: authorizationServers.name,
  issuerUrl: authorizationServers.issuerUrl,
  tokenEndpoint: authorizationServers.tokenEndpoint,
  jwksUri: authorizationServers.jwksUri,
  discoveryUrl: authorizationServers.discoveryUrl,
  trustDomain: authorizationServers.trustDomain,
  vendor: authorizationServers.vendor,
  supportedAuthMethods: authorizationServers.supportedAuthMethods,
  supportedGrantTypes: authorizationServers.supportedGrantTypes,
  createdAt: authorizationServers.createdAt,
  updatedAt: authorizationServers.updatedAt,
};

export async function listServers(db: Queryable, f: ListArgs) {
  const rows = await db
    .select(serverColumns)
    .from(authorizationServers)
    .where(and(searchAny(f.q, authorizationServers.name, authorizationServers.issuerUrl), nameKeyset(authorizationServers.name, authorizationServers.id, f.cursor)))
    .orderBy(...byNameThenId(authorizationServers.name, authorizationServers.id))
    .limit(f.limit + 1);
  return pageResult(rows, f.limit);
}

export async function getServer(db: Queryable, id: string) {
  const [row] = await db.select(serverColumns).from(authorizationServers).where(eq(authorizationServers.id, id));
  return row;
}

const apiColumns = {
  id: apis.id,
  key: apis.key,
  name: apis.name,
  audience: apis.audience,
  trustZone: apis.trustZone,
  sensitivity: apis.sensitivity,
  owningTeamId: apis.owningTeamId,
  owningTeamName: teams.name,
  createdAt: apis.createdAt,
  updatedAt: apis.updatedAt,
};

export async function listApis(db: Queryable, f: ListArgs) {
  const rows = await db
    .select({ ...apiColumns, scopeCount: count(apiScopes.id) })
    .from(apis)
    .leftJoin(teams, eq(teams.id, apis.owningTeamId))
    .leftJoin(apiScopes, eq(apiScopes.apiId, apis.id))
    .where(
      and(
        searchAny(f.q, apis.name, apis.audience),
        f.teamId ? eq(apis.owningTeamId, f.teamId) : undefined,
        nameKeyset(apis.name, apis.id, f.cursor),
      ),
    )
    .groupBy(apis.id, teams.name)
    .orderBy(...byNameThenId(apis.name, apis.id))
    .limit(f.limit + 1);
  return pageResult(rows, f.limit);
}

export async function getApi(db: Queryable, id: string) {
  const [api] = await db.select(apiColumns).from(apis).leftJoin(teams, eq(teams.id, apis.owningTeamId)).where(eq(apis.id, id));
  if (!api) return undefined;
  const scopes = await scopesOfApis(db, [id]);
  return { ...api, scopes };
}

export async function scopesOfApis(db: Queryable, apiIds: readonly string[]) {
  if (apiIds.length === 0) return [];
  return db
    .select({ id: apiScopes.id, apiId: apiScopes.apiId, name: apiScopes.name, description: apiScopes.description, privilege: apiScopes.privilege })
    .from(apiScopes)
    .where(inArray(apiScopes.apiId, [...apiIds]))
    .orderBy(asc(apiScopes.name));
}

const applicationColumns = {
  id: applications.id,
  key: applications.key,
  name: applications.name,
  owningTeamId: applications.owningTeamId,
  owningTeamName: teams.name,
  environment: applications.environment,
  trustZone: applications.trustZone,
  thirdParty: applications.thirdParty,
  autonomous: applications.autonomous,
  status: applications.status,
  createdAt: applications.createdAt,
  updatedAt: applications.updatedAt,
};

export async function listApplications(db: Queryable, f: ListArgs) {
  const rows = await db
    .select(applicationColumns)
    .from(applications)
    .leftJoin(teams, eq(teams.id, applications.owningTeamId))
    .where(
      and(
        searchAny(f.q, applications.name),
        f.teamId ? eq(applications.owningTeamId, f.teamId) : undefined,
        nameKeyset(applications.name, applications.id, f.cursor),
      ),
    )
    .orderBy(...byNameThenId(applications.name, applications.id))
    .limit(f.limit + 1);
  return pageResult(rows, f.limit);
}

export async function getApplication(db: Queryable, id: string) {
  const [row] = await db.select(applicationColumns).from(applications).leftJoin(teams, eq(teams.id, applications.owningTeamId)).where(eq(applications.id, id));
  return row;
}

const policyColumns = {
  id: rotationPolicies.id,
  key: rotationPolicies.key,
  name: rotationPolicies.name,
  priority: rotationPolicies.priority,
  matchEnvironments: rotationPolicies.matchEnvironments,
  matchSensitivities: rotationPolicies.matchSensitivities,
  matchKind: rotationPolicies.matchKind,
  matchThirdParty: rotationPolicies.matchThirdParty,
  maxSecretAgeDays: rotationPolicies.maxSecretAgeDays,
  reviewCadenceDays: rotationPolicies.reviewCadenceDays,
  maxAccessTokenTtlSeconds: rotationPolicies.maxAccessTokenTtlSeconds,
  approvalsRequired: rotationPolicies.approvalsRequired,
  securityApprovalRequired: rotationPolicies.securityApprovalRequired,
  reminderOffsetsDays: rotationPolicies.reminderOffsetsDays,
  createdAt: rotationPolicies.createdAt,
  updatedAt: rotationPolicies.updatedAt,
};

/** Policies are few (tens): loaded whole for matching. */
export async function listPolicies(db: Queryable) {
  return db.select(policyColumns).from(rotationPolicies).orderBy(asc(rotationPolicies.name));
}

export async function getPolicy(db: Queryable, id: string) {
  const [row] = await db.select(policyColumns).from(rotationPolicies).where(eq(rotationPolicies.id, id));
  return row;
}

export type PolicyRow = Awaited<ReturnType<typeof listPolicies>>[number];

/** A stored policy as the pure matching rules see it (lib/domain/policies). */
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

