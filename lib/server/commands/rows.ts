import "server-only";
import { randomUUID } from "node:crypto";
import { diffFields } from "@/lib/domain/diff";
import { emit, type Collect, type ColumnChanges, type EventOf } from "./collect";

/** Rows per INSERT: set-based, and far below the 65 535-parameter limit for the widest table. */
export const INSERT_ROWS = 200;

/** Runs `write` over `rows` a chunk at a time. */
export async function inChunks<T>(rows: readonly T[], write: (chunk: T[]) => PromiseLike<unknown>, size = INSERT_ROWS): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

/** Runs `write` over `rows` a chunk at a time, concatenating what it returns. */
export async function returningChunks<T, R>(rows: readonly T[], write: (chunk: T[]) => PromiseLike<R[]>, size = INSERT_ROWS): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += size) out.push(...(await write(rows.slice(i, i + size))));
  return out;
}

/** Ids are made here, so children (scopes, grants, links) need no round trip and RETURNING order is never relied upon. */
export function withIds<V extends { id?: string }>(values: readonly V[]): (V & { id: string })[] {
  return values.map((v) => ({ ...v, id: v.id ?? randomUUID() }));
}

/** The changes of one row's `set` against its stored version (undefined fields are left as they are). */
export function changesOf(before: Record<string, unknown> | undefined, set: Record<string, unknown>): ColumnChanges {
  return before ? diffFields(before, set) : {};
}

/** Only the changed columns of `set`, with `updatedAt`; null when nothing changed. */
export function changedSet<S extends Record<string, unknown>>(set: S, changes: ColumnChanges): (Partial<S> & { updatedAt: Date }) | null {
  const keys = Object.keys(changes);
  if (keys.length === 0) return null;
  return { ...(Object.fromEntries(keys.map((k) => [k, set[k]])) as Partial<S>), updatedAt: new Date() };
}

/** A row as it will be after `set` (fields left undefined keep their stored value). */
export function merged<B extends object>(before: B | undefined, set: Record<string, unknown>): Partial<B> {
  const given = Object.fromEntries(Object.entries(set).filter(([, v]) => v !== undefined));
  return { ...before, ...given };
}

/** Inserts `rows` (ids made here), appends each new row's event; returns the ids inserted, in order (skipped ones left out). */
export async function insertRows<V extends { id?: string }>(
  collect: Collect,
  rows: readonly { values: V; event?: EventOf<null> }[],
  insert: (chunk: (V & { id: string })[]) => PromiseLike<{ id: string }[]>,
): Promise<string[]> {
  const values = withIds(rows.map((r) => r.values));
  const inserted = new Set((await returningChunks(values, insert)).map((r) => r.id));
  const ids = values.map((v) => v.id).filter((id) => inserted.has(id));
  for (const [i, v] of values.entries()) if (inserted.has(v.id)) await emit(collect, rows[i]?.event, v.id, null);
  return ids;
}

/**
 * Writes each row's changed columns (after one read of the stored rows), lets `after` add what
 * else changed (scopes, members) and register it, then appends the row's event. Returns how many
 * rows changed or were recorded.
 */
export async function updateRows<B extends { id: string }, S extends Record<string, unknown>, C extends ColumnChanges = ColumnChanges>(
  collect: Collect,
  rows: readonly { id: string; set: S; event?: EventOf<C> }[],
  read: (ids: string[]) => PromiseLike<B[]>,
  write: (id: string, set: Partial<S> & { updatedAt: Date }) => PromiseLike<unknown>,
  after: (id: string, changes: C) => Promise<void> | void = () => undefined,
): Promise<number> {
  if (rows.length === 0) return 0;
  const current = new Map((await read(rows.map((r) => r.id))).map((b) => [b.id, b]));
  let changed = 0;
  for (const row of rows) {
    const changes = changesOf(current.get(row.id), row.set) as C;
    const set = changedSet(row.set, changes);
    if (set) await write(row.id, set);
    await after(row.id, changes);
    if ((await emit(collect, row.event, row.id, changes)) || Object.keys(changes).length) changed++;
  }
  return changed;
}
