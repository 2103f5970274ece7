import "server-only";
import { randomUUID } from "node:crypto";
import { diffFields } from "@/lib/domain/diff";
import type { ColumnChanges } from "./collect";

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
