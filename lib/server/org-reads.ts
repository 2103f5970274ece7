import "server-only";
import { getPerson, listPeople, listTeams, getTeam, teamsOfPerson, countOrgBasics, findPersonByEmail } from "@/db/queries/org";
import { getDepartureAccess, getHoldings } from "@/db/queries/queue";
import { getUser, listUsers } from "@/db/queries/users";
import type { Actor } from "./context";
import { readerDb } from "./reads";
import { toUserDto } from "./users";

/**
 * Reads behind the people, teams and users pages and the team choices of other pages' filters and
 * forms: each checks the viewer's role first (lib/server/reads). Users come back as the API's user
 * DTO: a page never holds a password hash, only whether one is set.
 */
type TeamFilters = Parameters<typeof listTeams>[1];
type PeopleFilters = Parameters<typeof listPeople>[1];

export async function readTeams(actor: Actor, filters: TeamFilters) {
  return listTeams(await readerDb(actor, "team:read"), filters);
}

/** Teams as choices (id and name) for a page's filter or form. */
export async function readTeamChoices(actor: Actor, limit: number) {
  const page = await readTeams(actor, { limit });
  return page.items.map((t) => ({ id: t.id, name: t.name }));
}

export async function readTeam(actor: Actor, id: string) {
  return (await getTeam(await readerDb(actor, "team:read"), id)) ?? null;
}

export async function readPeople(actor: Actor, filters: PeopleFilters) {
  return listPeople(await readerDb(actor, "person:read"), filters);
}

/** The viewer's own person record (linked by e-mail, DESIGN §3.1): the user menu's Profile; null when there is none. */
export async function readOwnPersonId(actor: Actor): Promise<string | null> {
  return (await findPersonByEmail(await readerDb(actor, "person:read"), actor.email))?.id ?? null;
}

/** A person, their teams, what they hold and what access stays open if they leave; null when unknown. */
export async function readPerson(actor: Actor, id: string) {
  const db = await readerDb(actor, "person:read");
  const person = await getPerson(db, id);
  if (!person) return null;
  const [teams, holdings, access] = await Promise.all([teamsOfPerson(db, id), getHoldings(db, id, 50), getDepartureAccess(db, id)]);
  return { person, teams, holdings, access };
}

/** The reassignment page: a person and everything they hold (ownership:manage only). */
export async function readHoldingsToReassign(actor: Actor, id: string) {
  const db = await readerDb(actor, "ownership:manage");
  const person = await getPerson(db, id);
  return person ? { person, holdings: await getHoldings(db, id) } : null;
}

export async function readUsers(actor: Actor, filters: Parameters<typeof listUsers>[1]) {
  const page = await listUsers(await readerDb(actor, "user:read"), filters);
  return { ...page, items: page.items.map(toUserDto) };
}

export async function readUser(actor: Actor, id: string) {
  const user = await getUser(await readerDb(actor, "user:manage"), id);
  return user ? toUserDto(user) : null;
}

/** The getting-started counts of the dashboard. */
export async function readOrgBasics(actor: Actor) {
  return countOrgBasics(await readerDb(actor, "dashboard:read"));
}
