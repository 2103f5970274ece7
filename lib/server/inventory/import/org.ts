import "server-only";
import { changedFields } from "@/lib/inventory-file/diff";
import { type PersonRecord, type TeamRecord } from "@/lib/inventory-file/records";
import { createPeople, createTeams, updatePeople, updateTeams } from "../../commands/org";
import { loadPeople, loadTeams } from "../export";
import { type Batch, type Applied, type BatchContext, imported, personIdsOf, resolve, pick, split, need } from "./batch";

/** Import batches of people and teams (with their members), written by the org commands. */
export async function applyPeople(ctx: BatchContext, batch: Batch): Promise<Applied> {
  const current = new Map((await loadPeople(ctx.tx, { keys: batch.map((b) => b.key ?? "") })).map((p) => [p.full.email, p]));
  const { creates, updates } = split(batch, current);
  await createPeople(
    ctx.tx,
    ctx.collect,
    creates.map((p) => {
      const r = p.file.record as PersonRecord;
      return { values: { email: r.email, name: need(r.name, `Person "${r.email}" needs a name`), isActive: r.active ?? true }, event: imported(ctx, p, "created") };
    }),
  );
  const changed = updates.flatMap((planned) => {
    const r = planned.file.record as PersonRecord;
    const fields = changedFields(planned.file, planned.current.full);
    return fields.length ? [{ id: planned.current.id, set: pick({ name: r.name, isActive: r.active }, null, []), event: imported(ctx, planned, "updated", fields) }] : [];
  });
  await updatePeople(ctx.tx, ctx.collect, changed);
  return { created: creates.length, updated: changed.length };
}

export async function applyTeams(ctx: BatchContext, batch: Batch): Promise<Applied> {
  const current = new Map((await loadTeams(ctx.tx, { keys: batch.map((b) => b.key ?? "") })).map((t) => [t.full.key, t]));
  const people = await personIdsOf(ctx.tx, batch.flatMap((b) => (b.file.type === "team" ? (b.file.record.members ?? []) : [])));
  const memberIds = (emails: readonly string[]) => emails.map((email) => resolve(people, email, "person") ?? "");
  const { creates, updates } = split(batch, current);
  await createTeams(
    ctx.tx,
    ctx.collect,
    creates.map((p) => {
      const r = p.file.record as TeamRecord;
      return {
        values: { key: r.key, name: need(r.name, `Team "${r.key}" needs a name`), kind: need(r.kind, `Team "${r.key}" needs a kind`) },
        memberIds: memberIds(r.members ?? []),
        event: imported(ctx, p, "created"),
      };
    }),
  );
  const changed = updates.flatMap((planned) => {
    const r = planned.file.record as TeamRecord;
    const fields = changedFields(planned.file, planned.current.full);
    if (fields.length === 0) return [];
    const members = fields.includes("members") && r.members ? memberIds(r.members) : undefined;
    return [{ id: planned.current.id, set: pick({ name: r.name, kind: r.kind }, new Set(fields), []), memberIds: members, event: imported(ctx, planned, "updated", fields) }];
  });
  await updateTeams(ctx.tx, ctx.collect, changed);
  return { created: creates.length, updated: changed.length };
}
