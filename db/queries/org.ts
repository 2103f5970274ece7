import "server-only";
import { and, asc, count, eq, inArray, or, sql } from "drizzle-orm";
import { people, teamMembers, teams, users } from "@/db/schema";
import type { Queryable } from "@/db/client";
import { byNameThenId, nameKeyset, pageResult, searchAny } from "./keyset";

type Cursor = { name: string; id: string } | undefined;

const personColumns = {
  id: people.id,
  email: people.email,
  name: people.name,
  isActive: people.isActive,
  createdAt: people.createdAt,
  updatedAt: people.updatedAt,
};

export async function listPeople(db: Queryable, f: { q?: string; active?: boolean; cursor?: Cursor; limit: number }) {
  const rows = await db
    .select(personColumns)
    .from(people)
    .where(
      and(
        searchAny(f.q, people.name, people.email),
        f.active === undefined ? undefined : eq(people.isActive, f.active),
        nameKeyset(people.name, people.id, f.cursor),
      ),
    )
    .orderBy(...byNameThenId(people.name, people.id))
    .limit(f.limit + 1);
  return pageResult(rows, f.limit);
}

export async function getPerson(db: Queryable, id: string) {
  const [row] = await db.select(personColumns).from(people).where(eq(people.id, id));
  return row;
}

export async function findPersonByEmail(db: Queryable, email: string) {
  const [row] = await db.select(personColumns).from(people).where(eq(people.email, email));
  return row;
}

export async function countExistingPeople(db: Queryable, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: people.id }).from(people).where(inArray(people.id, [...ids]));
  return new Set(rows.map((r) => r.id));
}

const teamColumns = {
  id: teams.id,
  key: teams.key,
  name: teams.name,
  kind: teams.kind,
  createdAt: teams.createdAt,
  updatedAt: teams.updatedAt,
};

export async function listTeams(
  db: Queryable,
  f: { q?: string; kind?: (typeof teams.kind.enumValues)[number]; cursor?: Cursor; limit: number },
) {
  // Member counts come from one grouped join, not a query per team.
  const rows = await db
    .select({ ...teamColumns, memberCount: count(teamMembers.personId) })
    .from(teams)
    .leftJoin(teamMembers, eq(teamMembers.teamId, teams.id))
    .where(
      and(
        searchAny(f.q, teams.name),
        f.kind === undefined ? undefined : eq(teams.kind, f.kind),
        nameKeyset(teams.name, teams.id, f.cursor),
      ),
    )
    .groupBy(teams.id)
    .orderBy(...byNameThenId(teams.name, teams.id))
    .limit(f.limit + 1);
  return pageResult(rows, f.limit);
}

export async function getTeam(db: Queryable, id: string) {
  const [team] = await db.select(teamColumns).from(teams).where(eq(teams.id, id));
  if (!team) return undefined;
  const members = await db
    .select({ id: people.id, name: people.name, email: people.email, isActive: people.isActive })
    .from(teamMembers)
    .innerJoin(people, eq(people.id, teamMembers.personId))
    .where(eq(teamMembers.teamId, id))
    .orderBy(asc(people.name), asc(people.id));
  return { ...team, memberCount: members.length, members };
}

export async function findTeamByName(db: Queryable, name: string) {
  const [row] = await db.select({ id: teams.id }).from(teams).where(eq(teams.name, name));
  return row;
}

/** Teams holding `name` or `key`, in one statement: one snapshot, so a concurrent create is seen by both checks or by neither. */
export async function findTeamClashes(db: Queryable, name: string, key: string) {
  return db.select({ name: teams.name, key: teams.key }).from(teams).where(or(eq(teams.name, name), eq(teams.key, key)));
}

export async function findTeamByKey(db: Queryable, key: string) {
  const [row] = await db.select({ id: teams.id }).from(teams).where(eq(teams.key, key));
  return row;
}

export async function teamsOfPerson(db: Queryable, personId: string) {
  return db
    .select({ id: teams.id, name: teams.name, kind: teams.kind })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(eq(teamMembers.personId, personId))
    .orderBy(asc(teams.name));
}

/** How far set-up has got (the dashboard's "Getting started"): three counts in one statement. */
export async function countOrgBasics(db: Queryable): Promise<{ teams: number; people: number; users: number }> {
  const [row] = await db
    .select({
      teams: sql<number>`(select count(*) from ${teams})::int`,
      people: sql<number>`(select count(*) from ${people})::int`,
      users: sql<number>`(select count(*) from ${users})::int`,
    })
    .from(sql`(select 1) as one`);
  return row ?? { teams: 0, people: 0, users: 0 };
}
