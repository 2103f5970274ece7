import "server-only";
import { type PersonRecord, type TeamRecord } from "@/lib/inventory-file/records";
import { createPeople, createTeams, updatePeople, updateTeams } from "../../commands/org";
import { loadPeople, loadTeams } from "../export";
import { type Batch, type Applied, type BatchContext, applyByKey, personIdsOf, resolve, pick, need } from "./batch";

/** Import batches of people and teams (with their members), written by the org commands. */
export function applyPeople(ctx: BatchContext, batch: Batch): Promise<Applied> {
  return applyByKey(ctx, batch, {
    load: loadPeople,
    keyOf: (p) => p.full.email,
    createRow: (p) => {
      const r = p.file.record as PersonRecord;
      return { values: { email: r.email, name: need(r.name, `Person "${r.email}" needs a name`), isActive: r.active ?? true } };
    },
    updateRow: (planned) => {
      const r = planned.file.record as PersonRecord;
      return { set: pick({ name: r.name, isActive: r.active }, null, []) };
    },
    create: createPeople,
    update: updatePeople,
  });
}

export async function applyTeams(ctx: BatchContext, batch: Batch): Promise<Applied> {
  const people = await personIdsOf(ctx.tx, batch.flatMap((b) => (b.file.type === "team" ? (b.file.record.members ?? []) : [])));
  const memberIds = (emails: readonly string[]) => emails.map((email) => resolve(people, email, "person") ?? "");
  return applyByKey(ctx, batch, {
    load: loadTeams,
    keyOf: (t) => t.full.key,
    createRow: (p) => {
      const r = p.file.record as TeamRecord;
      return {
        values: { key: r.key, name: need(r.name, `Team "${r.key}" needs a name`), kind: need(r.kind, `Team "${r.key}" needs a kind`) },
        memberIds: memberIds(r.members ?? []),
      };
    },
    updateRow: (planned, fields) => {
      const r = planned.file.record as TeamRecord;
      const members = fields.includes("members") && r.members ? memberIds(r.members) : undefined;
      return { set: pick({ name: r.name, kind: r.kind }, new Set(fields), []), memberIds: members };
    },
    create: createTeams,
    update: updateTeams,
  });
}
