import "server-only";
import { asc, desc, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { PgSelect } from "drizzle-orm/pg-core";
import { apis, credentials, people, teams } from "@/db/schema";
import type { Queryable } from "@/db/client";
import { containsPattern, searchAny } from "./keyset";

/**
 * The command palette's lookups: one statement per kind, the top `limit` substring matches by name
 * (prefix matches first). Each `ILIKE '%q%'` is served by a pg_trgm GIN index (credentials name and
 * client id; people name and email, team and API names: migration 0015).
 */
/** Prefix matches first: `q%` is `%q%` without its leading %. */
const prefixFirst = (col: AnyColumn, q: string): SQL => desc(sql`(${col} ilike ${containsPattern(q).slice(1)})`);

/** The top `limit` rows whose name (or another of `cols`) contains `q`: prefix matches first, then by name. */
function topMatches<T extends PgSelect>(query: T, q: string, limit: number, name: AnyColumn, id: AnyColumn, ...cols: AnyColumn[]) {
  return query
    .where(searchAny(q, name, ...cols))
    .orderBy(prefixFirst(name, q), asc(name), asc(id))
    .limit(limit);
}

export async function searchCredentials(db: Queryable, q: string, limit: number) {
  const query = db.select({ id: credentials.id, name: credentials.name, clientId: credentials.clientId, environment: credentials.environment, status: credentials.status }).from(credentials);
  return topMatches(query.$dynamic(), q, limit, credentials.name, credentials.id, credentials.clientId);
}

export async function searchPeople(db: Queryable, q: string, limit: number) {
  const query = db.select({ id: people.id, name: people.name, email: people.email, isActive: people.isActive }).from(people);
  return topMatches(query.$dynamic(), q, limit, people.name, people.id, people.email);
}

export async function searchTeams(db: Queryable, q: string, limit: number) {
  const query = db.select({ id: teams.id, name: teams.name, kind: teams.kind }).from(teams);
  return topMatches(query.$dynamic(), q, limit, teams.name, teams.id);
}

export async function searchApis(db: Queryable, q: string, limit: number) {
  const query = db.select({ id: apis.id, name: apis.name, audience: apis.audience }).from(apis);
  return topMatches(query.$dynamic(), q, limit, apis.name, apis.id, apis.audience);
}

/** Whether a lookup's plan uses an index (for the test that keeps these queries index-backed). */
export const searchIndexes = ["people_name_trgm_idx", "people_email_trgm_idx", "teams_name_trgm_idx", "apis_name_trgm_idx", "apis_audience_trgm_idx"] as const;
