import "server-only";
import { asc, desc, ilike, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { apis, credentials, people, teams } from "@/db/schema";
import type { Queryable } from "@/db/client";

/**
 * The command palette's lookups: one statement per kind, the top `limit` substring matches by name
 * (prefix matches first). Each `ILIKE '%q%'` is served by a pg_trgm GIN index (credentials name and
 * client id; people name and email, team and API names: migration 0015).
 */
function pattern(q: string) {
  const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`);
  return { contains: `%${escaped}%`, prefix: `${escaped}%` };
}

const prefixFirst = (col: AnyColumn, prefix: string): SQL => desc(sql`(${col} ilike ${prefix})`);

export async function searchCredentials(db: Queryable, q: string, limit: number) {
  const p = pattern(q);
  return db
    .select({ id: credentials.id, name: credentials.name, clientId: credentials.clientId, environment: credentials.environment, status: credentials.status })
    .from(credentials)
    .where(or(ilike(credentials.name, p.contains), ilike(credentials.clientId, p.contains)))
    .orderBy(prefixFirst(credentials.name, p.prefix), asc(credentials.name), asc(credentials.id))
    .limit(limit);
}

export async function searchPeople(db: Queryable, q: string, limit: number) {
  const p = pattern(q);
  return db
    .select({ id: people.id, name: people.name, email: people.email, isActive: people.isActive })
    .from(people)
    .where(or(ilike(people.name, p.contains), ilike(people.email, p.contains)))
    .orderBy(prefixFirst(people.name, p.prefix), asc(people.name), asc(people.id))
    .limit(limit);
}

export async function searchTeams(db: Queryable, q: string, limit: number) {
  const p = pattern(q);
  return db
    .select({ id: teams.id, name: teams.name, kind: teams.kind })
    .from(teams)
    .where(ilike(teams.name, p.contains))
    .orderBy(prefixFirst(teams.name, p.prefix), asc(teams.name), asc(teams.id))
    .limit(limit);
}

export async function searchApis(db: Queryable, q: string, limit: number) {
  const p = pattern(q);
  return db
    .select({ id: apis.id, name: apis.name, audience: apis.audience })
    .from(apis)
    .where(or(ilike(apis.name, p.contains), ilike(apis.audience, p.contains)))
    .orderBy(prefixFirst(apis.name, p.prefix), asc(apis.name), asc(apis.id))
    .limit(limit);
}

/** Whether a lookup's plan uses an index (for the test that keeps these queries index-backed). */
export const searchIndexes = ["people_name_trgm_idx", "people_email_trgm_idx", "teams_name_trgm_idx", "apis_name_trgm_idx", "apis_audience_trgm_idx"] as const;
