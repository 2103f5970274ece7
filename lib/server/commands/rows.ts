import "server-only";
import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Tx } from "@/db/client";
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

/**
 * A table whose rows are found by their `id` (people, authorization servers, applications …). The
 * commands' own signatures type the values; drizzle cannot type the rows of a table given as a
 * parameter, so here they are only rows with an id.
 */
type IdTable = PgTable & { id: PgColumn };

/** The plain create: `insertRows` into `table` (with `skipExisting`, a row whose natural key is stored, on `target`, is skipped). */
export function insertInto(
  tx: Tx,
  collect: Collect,
  table: IdTable,
  rows: readonly { values: { id?: string }; event?: EventOf<null> }[],
  options: { skipExisting?: boolean; target?: PgColumn } = {},
): Promise<string[]> {
  return insertRows(collect, rows, (chunk) => {
    const q = tx.insert(table).values(chunk);
    return (options.skipExisting ? q.onConflictDoNothing(options.target ? { target: options.target } : undefined) : q).returning({ id: table.id }) as PromiseLike<{ id: string }[]>;
  });
}

/** The plain update: `updateRows` over `table` by id, against the stored rows read whole. */
export function updateById<C extends ColumnChanges = ColumnChanges>(
  tx: Tx,
  collect: Collect,
  table: IdTable,
  rows: readonly { id: string; set: Record<string, unknown>; event?: EventOf<C> }[],
  after?: (id: string, changes: C) => Promise<void> | void,
): Promise<number> {
  return updateRows<{ id: string }, Record<string, unknown>, C>(
    collect,
    rows,
    (ids) => tx.select().from(table).where(inArray(table.id, ids)) as unknown as PromiseLike<{ id: string }[]>,
    (id, set) => tx.update(table).set(set).where(eq(table.id, id)),
    after,
  );
}
