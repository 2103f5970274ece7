import { catalogTeams, firstNames, lastNames } from "./catalog";
import type { Prng } from "./prng";
import type { DemoPerson, DemoTeam } from "./types";
import { emailOf, mustGet } from "./records";

/**
 * The demo organisation's people and teams: every team gets its size in people, a few work across
 * teams, and seven have left (one from each of seven application teams).
 */
export function generatePeople(rng: Prng) {
  const peopleCount = catalogTeams.reduce((n, t) => n + t.size, 0) + 4;
  const people: DemoPerson[] = [];
  const seen = new Set<string>();
  while (people.length < peopleCount) {
    const first = rng.pick(firstNames);
    const last = rng.pick(lastNames);
    const email = emailOf(first, last);
    if (seen.has(email)) continue;
    seen.add(email);
    people.push({ email, name: `${first} ${last}`, isActive: true });
  }
  const members = new Map<string, DemoPerson[]>();
  let cursor = 0;
  for (const team of catalogTeams) {
    members.set(team.key, people.slice(cursor, cursor + team.size));
    cursor += team.size;
  }
  // The last few people work across teams (architects, contractors).
  for (const person of people.slice(cursor)) {
    for (const team of rng.shuffle(catalogTeams).slice(0, 2)) mustGet(members, team.key).push(person);
  }
  // Seven people have left: one from each of seven application teams, so every team keeps active members.
  const appTeams = catalogTeams.filter((t) => t.kind === "application");
  for (const team of rng.shuffle(appTeams).slice(0, 7)) {
    const list = mustGet(members, team.key);
    const leaver = list[list.length - 1];
    if (leaver) leaver.isActive = false;
  }
  const teams: DemoTeam[] = catalogTeams.map((t) => ({ key: t.key, name: t.name, kind: t.kind, memberEmails: mustGet(members, t.key).map((p) => p.email) }));
  const active = (teamKey: string) => mustGet(members, teamKey).filter((p) => p.isActive);
  const inactivePeople = people.filter((p) => !p.isActive);
  return { people, members, teams, active, inactivePeople };
}
