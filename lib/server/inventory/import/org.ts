import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { people, teamMembers, teams } from "@/db/schema";
import { changedFields } from "@/lib/inventory-file/diff";
import { type PersonRecord, type TeamRecord } from "@/lib/inventory-file/records";
import { loadPeople, loadTeams } from "../export";
import { type Batch, type Applied, type BatchContext, record, personIdsOf, resolve, pick, split, insertMany, byKey, need } from "./batch";

/** Import batches of people and teams (with their members). */
export async function applyPeople(ctx: BatchContext, batch: Batch): Promise<Applied> {
  const current = new Map((await loadPeople(ctx.tx, { keys: batch.map((b) => b.key ?? "") })).map((p) => [p.full.email, p]));
  const { creates, updates } = split(batch, current);
  const records = creates.map((p) => p.file.record as PersonRecord);
  const rows = await insertMany(records.map((r) => ({ email: r.email, name: need(r.name, `Person "${r.email}" needs a name`), isActive: r.active ?? true })), (chunk) =>
    ctx.tx.insert(people).values(chunk as (typeof people.$inferInsert)[]).returning({ id: people.id, key: people.email }),
  );
  const idOf = byKey(rows);
  creates.forEach((p) => record(ctx, p, idOf(p.key), "created", []));
  let updated = 0;
  for (const planned of updates) {
    const r = planned.file.record as PersonRecord;
    const fields = changedFields(planned.file, planned.current.full);
    if (fields.length === 0) continue;
    await ctx.tx
      .update(people)
      .set({ ...pick({ name: r.name, isActive: r.active }, null, []), updatedAt: new Date() })
      .where(eq(people.id, planned.current.id));
    ctx.linked.person.set(planned.current.id, fields.map((f) => (f === "active" ? "isActive" : f)));
    record(ctx, planned, planned.current.id, "updated", fields);
    updated++;
  }
  return { created: creates.length, updated };
}

/** Sets each team's members to exactly `emails` (one query to read, one to delete, one to insert). */
export async function syncMembers(tx: Tx, wanted: readonly { teamId: string; emails: readonly string[] }[]) {
  if (wanted.length === 0) return;
  const ids = await personIdsOf(tx, wanted.flatMap((w) => w.emails));
  const teamIds = wanted.map((w) => w.teamId);
  const current = await tx.select({ teamId: teamMembers.teamId, personId: teamMembers.personId }).from(teamMembers).where(inArray(teamMembers.teamId, teamIds));
  const has = new Set(current.map((m) => `${m.teamId}\n${m.personId}`));
  const want = new Set<string>();
  const added: { teamId: string; personId: string }[] = [];
  for (const w of wanted) {
    for (const email of w.emails) {
      const personId = resolve(ids, email, "person") ?? "";
      want.add(`${w.teamId}\n${personId}`);
      if (!has.has(`${w.teamId}\n${personId}`)) added.push({ teamId: w.teamId, personId });
    }
  }
  for (const m of current) {
    if (!want.has(`${m.teamId}\n${m.personId}`)) await tx.delete(teamMembers).where(and(eq(teamMembers.teamId, m.teamId), eq(teamMembers.personId, m.personId)));
  }
  await insertMany(added, (chunk) => tx.insert(teamMembers).values(chunk as (typeof teamMembers.$inferInsert)[]).returning({ teamId: teamMembers.teamId }), 1000);
}

export async function applyTeams(ctx: BatchContext, batch: Batch): Promise<Applied> {
  const current = new Map((await loadTeams(ctx.tx, { keys: batch.map((b) => b.key ?? "") })).map((t) => [t.full.key, t]));
  const { creates, updates } = split(batch, current);
  const records = creates.map((p) => p.file.record as TeamRecord);
  const rows = await insertMany(
    records.map((r) => ({ key: r.key, name: need(r.name, `Team "${r.key}" needs a name`), kind: need(r.kind, `Team "${r.key}" needs a kind`) })),
    (chunk) => ctx.tx.insert(teams).values(chunk as (typeof teams.$inferInsert)[]).returning({ id: teams.id, key: teams.key }),
  );
  const idOf = byKey(rows);
  const members: { teamId: string; emails: readonly string[] }[] = [];
  creates.forEach((p, i) => {
    const id = idOf(p.key);
    const r = records[i];
    if (r?.members?.length) members.push({ teamId: id, emails: r.members });
    record(ctx, p, id, "created", []);
  });
  let updated = 0;
  for (const planned of updates) {
    const r = planned.file.record as TeamRecord;
    const fields = changedFields(planned.file, planned.current.full);
    if (fields.length === 0) continue;
    const set = pick({ name: r.name, kind: r.kind }, new Set(fields), []);
    if (Object.keys(set).length) await ctx.tx.update(teams).set({ ...set, updatedAt: new Date() }).where(eq(teams.id, planned.current.id));
    if (fields.includes("members") && r.members) members.push({ teamId: planned.current.id, emails: r.members });
    record(ctx, planned, planned.current.id, "updated", fields);
    updated++;
  }
  await syncMembers(ctx.tx, members);
  return { created: creates.length, updated };
}
