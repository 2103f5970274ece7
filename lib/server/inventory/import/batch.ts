import "server-only";
import { inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { apis, applications, authorizationServers, people, rotationPolicies, teams } from "@/db/schema";
import type { AuditEntry } from "@/db/queries/audit";
import { AppError } from "@/lib/errors";
import { auditTargetType } from "@/lib/inventory-file/model";
import { changedFields } from "@/lib/inventory-file/diff";
import { type FullOf } from "@/lib/inventory-file/full";
import { type RecordType } from "@/lib/inventory-file/model";
import { type FileRecord } from "@/lib/inventory-file/records";
import { type PlannedRecord } from "@/lib/inventory-file/plan";
import { type InventoryFormat } from "@/lib/inventory-file/read";
import type { Collect, EventOf } from "../../commands/collect";
import { chunked } from "./prepare";

/**
 * What every import batch applier shares: the batch context, the per-record audit event, key → id
 * lookups. The appliers turn file records into command rows; the commands (lib/server/commands)
 * are what write.
 */
// --- Apply -------------------------------------------------------------------------------

export type Batch = (PlannedRecord & { file: FileRecord })[];
export type Applied = { created: number; updated: number };
export type BatchContext = {
  tx: Tx;
  /** The batch's commands gather their events and what to refresh here; one refresh per batch. */
  collect: Collect;
  format: InventoryFormat;
};

/** One `inventory.imported` event per changed record: what changed, never values. */
export function imported(ctx: BatchContext, planned: PlannedRecord, change: "created" | "updated", fields: string[] = []): (id: string) => AuditEntry {
  return (id) => ({
    action: "inventory.imported",
    targetType: auditTargetType[planned.type],
    targetId: id,
    payload: { recordType: planned.type, key: planned.key, change, ...(change === "updated" ? { fields } : {}), source: { format: ctx.format, line: planned.line } },
  });
}

export async function idsOf(tx: Tx, table: typeof teams | typeof authorizationServers | typeof apis | typeof applications | typeof rotationPolicies, keys: Iterable<string>) {
  const rows = await chunked(keys, (c) => tx.select({ id: table.id, key: table.key }).from(table).where(inArray(table.key, c)));
  return new Map(rows.map((r) => [r.key, r.id]));
}

export async function personIdsOf(tx: Tx, emails: Iterable<string>) {
  const rows = await chunked(emails, (c) => tx.select({ id: people.id, email: people.email }).from(people).where(inArray(people.email, c)));
  return new Map(rows.map((r) => [r.email, r.id]));
}

/** A reference that the plan checked: it must resolve now (a concurrent delete is an error, not a silent null). */
export function resolve(map: Map<string, string>, key: string | null | undefined, what: string): string | null | undefined {
  if (key === undefined || key === null) return key;
  const id = map.get(key);
  if (!id) throw new AppError("CONFLICT", `The ${what} "${key}" no longer exists; run the dry run again`);
  return id;
}

export const date = (v: string | null | undefined) => (v === undefined ? undefined : v === null ? null : new Date(v));

/** Only the listed fields of a record (all present ones when `fields` is null). */
export function pick<T extends Record<string, unknown>>(r: T, fields: Set<string> | null, skip: readonly string[]): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) {
    if (v === undefined || skip.includes(k) || (fields && !fields.has(k))) continue;
    out[k] = v;
  }
  return out as Partial<T>;
}

/** Splits a batch into records to create (not stored now) and to update (with their stored version). */
export function split<T extends { id: string }>(batch: Batch, current: Map<string, T>) {
  const creates: Batch = [];
  const updates: (Batch[number] & { current: T })[] = [];
  for (const planned of batch) {
    const cur = current.get(planned.key ?? "");
    if (cur) updates.push({ ...planned, current: cur });
    else creates.push(planned);
  }
  return { creates, updates };
}

export const need = <T>(value: T | null | undefined, message: string): T => {
  if (value === undefined || value === null) throw new AppError("INVALID_INPUT", message);
  return value;
};

type Stored = { id: string; full: FullOf[RecordType] };
type Update<T extends Stored> = Batch[number] & { current: T };

/** How one record type is applied: its loader and key, its rows for the create and update commands, and those commands. */
export type ByKey<T extends Stored, C, U> = {
  load: (tx: Tx, sel: { keys: readonly string[] }) => Promise<T[]>;
  keyOf: (stored: T) => string;
  createRow: (planned: Batch[number]) => C;
  /** The command row for a record with changed `fields` (never called for an unchanged one). */
  updateRow: (planned: Update<T>, fields: string[]) => U;
  create: (tx: Tx, collect: Collect, rows: (C & { event: EventOf<null> })[]) => Promise<unknown>;
  update: (tx: Tx, collect: Collect, rows: (U & { id: string; event: (id: string) => AuditEntry })[]) => Promise<unknown>;
};

/**
 * What every applier does: load the batch's stored records by key, create those not stored,
 * update those whose fields changed (an unchanged record writes nothing and has no event), each
 * with its `inventory.imported` event. Returns the changed records too, for what an aggregate
 * writes besides its own rows (a credential's secrets).
 */
export async function applyByKey<T extends Stored, C, U>(ctx: BatchContext, batch: Batch, by: ByKey<T, C, U>): Promise<Applied & { changed: { planned: Update<T>; fields: string[] }[] }> {
  const current = new Map((await by.load(ctx.tx, { keys: batch.map((b) => b.key ?? "") })).map((s) => [by.keyOf(s), s]));
  const { creates, updates } = split(batch, current);
  await by.create(
    ctx.tx,
    ctx.collect,
    creates.map((p) => ({ ...by.createRow(p), event: imported(ctx, p, "created") })),
  );
  const changed = updates.flatMap((planned) => {
    const fields = changedFields(planned.file, planned.current.full);
    return fields.length ? [{ planned, fields }] : [];
  });
  await by.update(
    ctx.tx,
    ctx.collect,
    changed.map(({ planned, fields }) => ({ ...by.updateRow(planned, fields), id: planned.current.id, event: imported(ctx, planned, "updated", fields) })),
  );
  return { created: creates.length, updated: changed.length, changed };
}
