import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { people, teamMembers, teams } from "@/db/schema";
import type { Collect, ColumnChanges, EventOf } from "./collect";
import { inChunks, insertInto, insertRows, updateById } from "./rows";

/**
 * The one writer of people, teams and team members (issue 19 §1): REST services call these with
 * one-row batches, the import and the demo load with many. Each appends its caller's event and
 * registers what it changed for `refreshCollected`.
 */

type PersonValues = typeof people.$inferInsert;
type TeamValues = typeof teams.$inferInsert;

export type CreateOptions = {
  /** Rows whose natural key exists already are skipped, not changed (the demo load reuses them). */
  skipExisting?: boolean;
};

/** Creates people; returns the ids of the rows inserted, in order. */
export function createPeople(tx: Tx, collect: Collect, rows: readonly { values: PersonValues; event?: EventOf<null> }[], options: CreateOptions = {}): Promise<string[]> {
  return insertInto(tx, collect, people, rows, { ...options, target: people.email });
}

/** Updates people: only changed columns are written; a changed name or active flag refreshes the credentials they hold. */
export function updatePeople(tx: Tx, collect: Collect, rows: readonly { id: string; set: Partial<PersonValues>; event?: EventOf<ColumnChanges> }[]): Promise<number> {
  return updateById(tx, collect, people, rows, (id, changes) => {
    if (Object.keys(changes).length) collect.linked.person.set(id, Object.keys(changes));
  });
}

export type TeamChanges = ColumnChanges & { members?: { added: string[]; removed: string[] } };

/** Creates teams with their members; returns the ids inserted, in order. */
export async function createTeams(
  tx: Tx,
  collect: Collect,
  rows: readonly { values: TeamValues; memberIds?: readonly string[]; event?: EventOf<null> }[],
  options: CreateOptions = {},
): Promise<string[]> {
  const withId = rows.map((r) => ({ ...r, values: { ...r.values, id: r.values.id ?? randomUUID() } }));
  const created = new Set(
    await insertRows(collect, withId, (chunk) => {
      const q = tx.insert(teams).values(chunk);
      return (options.skipExisting ? q.onConflictDoNothing() : q).returning({ id: teams.id });
    }),
  );
  const members = withId.flatMap((r) => (created.has(r.values.id) ? (r.memberIds ?? []).map((personId) => ({ teamId: r.values.id, personId })) : []));
  await inChunks(members, (chunk) => tx.insert(teamMembers).values(chunk), 1000);
  return withId.map((r) => r.values.id).filter((id) => created.has(id));
}

/** Updates teams; `memberIds` (when given) becomes the exact member list. */
export async function updateTeams(
  tx: Tx,
  collect: Collect,
  rows: readonly { id: string; set: Partial<TeamValues>; memberIds?: readonly string[]; event?: EventOf<TeamChanges> }[],
): Promise<number> {
  const memberDiffs = await setTeamMembers(tx, rows.flatMap((r) => (r.memberIds ? [{ teamId: r.id, personIds: r.memberIds }] : [])));
  return updateById<TeamChanges>(tx, collect, teams, rows, (id, changes) => {
    const members = memberDiffs.get(id);
    if (members && (members.added.length || members.removed.length)) changes.members = members;
  });
}

/** Sets each team's members to exactly `personIds`: one read, the removals, one insert. */
async function setTeamMembers(tx: Tx, wanted: readonly { teamId: string; personIds: readonly string[] }[]) {
  const out = new Map<string, { added: string[]; removed: string[] }>();
  if (wanted.length === 0) return out;
  const current = await tx.select({ teamId: teamMembers.teamId, personId: teamMembers.personId }).from(teamMembers).where(inArray(teamMembers.teamId, wanted.map((w) => w.teamId)));
  const added: { teamId: string; personId: string }[] = [];
  for (const w of wanted) {
    const have = new Set(current.filter((m) => m.teamId === w.teamId).map((m) => m.personId));
    const want = new Set(w.personIds);
    const diff = { added: [...want].filter((p) => !have.has(p)), removed: [...have].filter((p) => !want.has(p)) };
    out.set(w.teamId, diff);
    if (diff.removed.length) await tx.delete(teamMembers).where(and(eq(teamMembers.teamId, w.teamId), inArray(teamMembers.personId, diff.removed)));
    added.push(...diff.added.map((personId) => ({ teamId: w.teamId, personId })));
  }
  await inChunks(added, (chunk) => tx.insert(teamMembers).values(chunk), 1000);
  return out;
}

/** Adds memberships, leaving existing ones (the demo load into an organisation that has some already). */
export async function addTeamMembers(tx: Tx, rows: readonly { teamId: string; personId: string }[]): Promise<void> {
  await inChunks(rows, (chunk) => tx.insert(teamMembers).values(chunk).onConflictDoNothing(), 1000);
}
