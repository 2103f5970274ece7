import "server-only";
import { inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { apis, applications, authorizationServers, people, rotationPolicies, teams } from "@/db/schema";
import { type AuditEntry } from "@/db/queries/audit";
import { AppError } from "@/lib/errors";
import { auditTargetType } from "@/lib/inventory-file/model";
import { type FileRecord } from "@/lib/inventory-file/records";
import { type PlannedRecord } from "@/lib/inventory-file/plan";
import { type InventoryFormat } from "@/lib/inventory-file/read";
import type { LinkedRecord } from "@/lib/domain/posture/inputs";
import { chunked } from "./prepare";

/** What every import batch writer shares: the batch context, per-record audit events, key → id lookups, chunked inserts. */
// --- Apply -------------------------------------------------------------------------------

export type Batch = (PlannedRecord & { file: FileRecord })[];
export type Applied = { created: number; updated: number };
export type BatchContext = {
  tx: Tx;
  events: AuditEntry[];
  /** Credentials whose own inputs changed. */
  recompute: Set<string>;
  /** Changed applications, APIs and people, for the shared refresh of the credentials linked to them. */
  linked: { [R in LinkedRecord]: Map<string, string[]> };
  format: InventoryFormat;
};

/** One `inventory.imported` event per changed record: what changed, never values. */
export function record(ctx: BatchContext, planned: PlannedRecord, id: string, change: "created" | "updated", fields: string[]) {
  ctx.events.push({
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

/** Inserts rows in one statement per `size` rows, returning what `returning` selects, in order. */
export async function insertMany<R>(rows: readonly unknown[], insert: (chunk: unknown[]) => Promise<R[]>, size = 200): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += size) out.push(...(await insert(rows.slice(i, i + size))));
  return out;
}

/** Ids of inserted rows by natural key (RETURNING order is not relied upon). */
export function byKey(rows: readonly { id: string; key: string }[]): (key: string | null) => string {
  const map = new Map(rows.map((r) => [r.key, r.id]));
  return (key) => {
    const id = map.get(key ?? "");
    if (!id) throw new Error(`no inserted row for "${key ?? ""}"`);
    return id;
  };
}

export const need = <T>(value: T | null | undefined, message: string): T => {
  if (value === undefined || value === null) throw new AppError("INVALID_INPUT", message);
  return value;
};
