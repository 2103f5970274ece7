import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { people, teamMembers, teams } from "@/db/schema";
import { emit, type Collect, type ColumnChanges, type EventOf } from "./collect";
import { changedSet, changesOf, inChunks, returningChunks, withIds } from "./rows";

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
export async function createPeople(tx: Tx, collect: Collect, rows: readonly { values: PersonValues; event?: EventOf<null> }[], options: CreateOptions = {}): Promise<string[]> {
  const values = withIds(rows.map((r) => r.values));
  const inserted = await returningChunks(values, (chunk) => {
    const q = tx.insert(people).values(chunk);
    return (options.skipExisting ? q.onConflictDoNothing({ target: people.email }) : q).returning({ id: people.id });
  });
  const created = new Set(inserted.map((r) => r.id));
  for (const [i, v] of values.entries()) if (created.has(v.id)) await emit(collect, rows[i]?.event, v.id, null);
  return values.filter((v) => created.has(v.id)).map((v) => v.id);
}

/** Updates people: only changed columns are written; a changed name or active flag refreshes the credentials they hold. */
export async function updatePeople(tx: Tx, collect: Collect, rows: readonly { id: string; set: Partial<PersonValues>; event?: EventOf<ColumnChanges> }[]): Promise<number> {
  if (rows.length === 0) return 0;
  const current = new Map((await tx.select().from(people).where(inArray(people.id, rows.map((r) => r.id)))).map((p) => [p.id, p]));
  let changed = 0;
  for (const row of rows) {
    const changes = changesOf(current.get(row.id), row.set);
    const set = changedSet(row.set, changes);
    if (set) {
      await tx.update(people).set(set).where(eq(people.id, row.id));
      collect.linked.person.set(row.id, Object.keys(changes));
    }
    if ((await emit(collect, row.event, row.id, changes)) || set) changed++;
  }
  return changed;
}

export type TeamChanges = ColumnChanges & { members?: { added: string[]; removed: string[] } };

/** Creates teams with their members; returns the ids inserted, in order. */
export async function createTeams(
  tx: Tx,
  collect: Collect,
  rows: readonly { values: TeamValues; memberIds?: readonly string[]; event?: EventOf<null> }[],
  options: CreateOptions = {},
): Promise<string[]> {
  const values = withIds(rows.map((r) => r.values));
  const inserted = await returningChunks(values, (chunk) => {
    const q = tx.insert(teams).values(chunk);
    return (options.skipExisting ? q.onConflictDoNothing() : q).returning({ id: teams.id });
  });
  const created = new Set(inserted.map((r) => r.id));
  const members = rows.flatMap((r, i) => {
    const id = values[i]?.id ?? "";
    return created.has(id) ? (r.memberIds ?? []).map((personId) => ({ teamId: id, personId })) : [];
  });
  await inChunks(members, (chunk) => tx.insert(teamMembers).values(chunk), 1000);
  for (const [i, v] of values.entries()) if (created.has(v.id)) await emit(collect, rows[i]?.event, v.id, null);
  return values.filter((v) => created.has(v.id)).map((v) => v.id);
}

/** Updates teams; `memberIds` (when given) becomes the exact member list. */
export async function updateTeams(
  tx: Tx,
  collect: Collect,
  rows: readonly { id: string; set: Partial<TeamValues>; memberIds?: readonly string[]; event?: EventOf<TeamChanges> }[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const ids = rows.map((r) => r.id);
  const current = new Map((await tx.select().from(teams).where(inArray(teams.id, ids))).map((t) => [t.id, t]));
  const memberDiffs = await setTeamMembers(tx, rows.flatMap((r) => (r.memberIds ? [{ teamId: r.id, personIds: r.memberIds }] : [])));
  let changed = 0;
  for (const row of rows) {
    const changes: TeamChanges = changesOf(current.get(row.id), row.set);
    const set = changedSet(row.set, changes);
    if (set) await tx.update(teams).set(set).where(eq(teams.id, row.id));
    const members = memberDiffs.get(row.id);
    if (members && (members.added.length || members.removed.length)) changes.members = members;
    if ((await emit(collect, row.event, row.id, changes)) || Object.keys(changes).length) changed++;
  }
  return changed;
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
