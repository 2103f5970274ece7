import "server-only";
import { asc, desc, sql, type AnyColumn, type SQL } from "drizzle-orm";
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

export async function searchCredentials(db: Queryable, q: string, limit: number) {
  return db
    .select({ id: credentials.id, name: credentials.name, clientId: credentials.clientId, environment: credentials.environment, status: credentials.status })
    .from(credentials)
    .where(searchAny(q, credentials.name, credentials.clientId))
    .orderBy(prefixFirst(credentials.name, q), asc(credentials.name), asc(credentials.id))
    .limit(limit);
}

export async function searchPeople(db: Queryable, q: string, limit: number) {
  return db
    .select({ id: people.id, name: people.name, email: people.email, isActive: people.isActive })
    .from(people)
    .where(searchAny(q, people.name, people.email))
    .orderBy(prefixFirst(people.name, q), asc(people.name), asc(people.id))
    .limit(limit);
}

export async function searchTeams(db: Queryable, q: string, limit: number) {
  return db
    .select({ id: teams.id, name: teams.name, kind: teams.kind })
    .from(teams)
    .where(searchAny(q, teams.name))
    .orderBy(prefixFirst(teams.name, q), asc(teams.name), asc(teams.id))
    .limit(limit);
}

export async function searchApis(db: Queryable, q: string, limit: number) {
  return db
    .select({ id: apis.id, name: apis.name, audience: apis.audience })
    .from(apis)
    .where(searchAny(q, apis.name, apis.audience))
    .orderBy(prefixFirst(apis.name, q), asc(apis.name), asc(apis.id))
    .limit(limit);
}

/** Whether a lookup's plan uses an index (for the test that keeps these queries index-backed). */
export const searchIndexes = ["people_name_trgm_idx", "people_email_trgm_idx", "teams_name_trgm_idx", "apis_name_trgm_idx", "apis_audience_trgm_idx"] as const;
