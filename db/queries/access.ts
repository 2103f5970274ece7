import "server-only";
import { and, asc, desc, eq, inArray, lte, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Queryable } from "@/db/client";
import { apiScopes, apis, credentialGrantScopes, credentialGrants, credentials, grantDecisions, teams, users } from "@/db/schema";

/** Access decisions per API (DESIGN §4.5): a credential's grants with their decision, and their history. */

const requester = alias(users, "requester");
const decider = alias(users, "decider");

const grantColumns = {
  id: credentialGrants.id,
  credentialId: credentialGrants.credentialId,
  credentialName: credentials.name,
  apiId: apis.id,
  apiName: apis.name,
  apiTeamId: apis.owningTeamId,
  apiTeamName: teams.name,
  sensitivity: apis.sensitivity,
  status: credentialGrants.status,
  justification: credentialGrants.justification,
  requestedById: credentialGrants.requestedById,
  requestedByName: requester.name,
  decidedById: credentialGrants.decidedById,
  decidedByName: decider.name,
  decidedAt: credentialGrants.decidedAt,
  reviewDueAt: credentialGrants.reviewDueAt,
  createdAt: credentialGrants.createdAt,
};

function grantsQuery(db: Queryable) {
  return db
    .select(grantColumns)
    .from(credentialGrants)
    .innerJoin(apis, eq(apis.id, credentialGrants.apiId))
    .innerJoin(credentials, eq(credentials.id, credentialGrants.credentialId))
    .leftJoin(teams, eq(teams.id, apis.owningTeamId))
    .leftJoin(requester, eq(requester.id, credentialGrants.requestedById))
    .leftJoin(decider, eq(decider.id, credentialGrants.decidedById));
}

async function withScopes<G extends { id: string }>(db: Queryable, grants: G[]): Promise<(G & { scopes: { id: string; name: string }[] })[]> {
  const scopes = grants.length
    ? await db
        .select({ grantId: credentialGrantScopes.grantId, id: apiScopes.id, name: apiScopes.name })
        .from(credentialGrantScopes)
        .innerJoin(apiScopes, eq(apiScopes.id, credentialGrantScopes.scopeId))
        .where(inArray(credentialGrantScopes.grantId, grants.map((g) => g.id)))
        .orderBy(asc(apiScopes.name))
    : [];
  return grants.map((g) => ({ ...g, scopes: scopes.filter((s) => s.grantId === g.id).map(({ id, name }) => ({ id, name })) }));
}

export async function listCredentialGrantDecisions(db: Queryable, credentialId: string) {
  const grants = await grantsQuery(db).where(eq(credentialGrants.credentialId, credentialId)).orderBy(asc(apis.name));
  const history = await db
    .select({
      id: grantDecisions.id,
      grantId: grantDecisions.grantId,
      apiId: grantDecisions.apiId,
      apiName: apis.name,
      action: grantDecisions.action,
      actorId: grantDecisions.actorId,
      actorName: users.name,
      at: grantDecisions.at,
      justification: grantDecisions.justification,
      scopesBefore: grantDecisions.scopesBefore,
      scopesAfter: grantDecisions.scopesAfter,
    })
    .from(grantDecisions)
    .innerJoin(apis, eq(apis.id, grantDecisions.apiId))
    .leftJoin(users, eq(users.id, grantDecisions.actorId))
    .where(eq(grantDecisions.credentialId, credentialId))
    .orderBy(desc(grantDecisions.at), desc(grantDecisions.id))
    .limit(500);
  return { grants: await withScopes(db, grants), history };
}

/**
 * What waits for an API's owners: requests to decide and approved grants whose re-review is due
 * (on or before `dueBy`). `teamIds` null: every API (security and admin speak for all of them).
 */
export async function listGrantQueue(db: Queryable, params: { teamIds: readonly string[] | null; dueBy: Date; limit: number }) {
  if (params.teamIds !== null && params.teamIds.length === 0) return [];
  const teamFilter = params.teamIds === null ? undefined : inArray(apis.owningTeamId, [...params.teamIds]);
  const waiting = or(eq(credentialGrants.status, "requested"), and(eq(credentialGrants.status, "approved"), lte(credentialGrants.reviewDueAt, params.dueBy)));
  const rows = await grantsQuery(db)
    .where(and(teamFilter, waiting))
    .orderBy(sql`case when ${credentialGrants.status} = 'requested' then 0 else 1 end`, asc(sql`coalesce(${credentialGrants.reviewDueAt}, ${credentialGrants.updatedAt})`), asc(credentialGrants.id))
    .limit(params.limit);
  return withScopes(db, rows);
}
