import "server-only";
import { and, asc, gt, ilike, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { encodeCursor } from "@/lib/validation/common";

/** Conditions for a (name, id) keyset page and an optional substring search. */
export function nameKeyset(
  nameCol: AnyColumn,
  idCol: AnyColumn,
  cursor: { name: string; id: string } | undefined,
): SQL | undefined {
  if (!cursor) return undefined;
  return or(gt(nameCol, cursor.name), and(sql`${nameCol} = ${cursor.name}`, gt(idCol, cursor.id)));
}

export function searchAny(q: string | undefined, ...cols: AnyColumn[]): SQL | undefined {
  if (!q) return undefined;
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return or(...cols.map((c) => ilike(c, pattern)));
}

export const byNameThenId = (nameCol: AnyColumn, idCol: AnyColumn) => [asc(nameCol), asc(idCol)];

export function pageResult<T extends { name: string; id: string }>(rows: T[], limit: number) {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const last = items.at(-1);
  const next = hasMore && last ? { name: last.name, id: last.id } : null;
  return { items, next, nextCursor: next ? encodeCursor(next) : null };
}
