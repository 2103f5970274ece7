import "server-only";
import { and, asc, gt, ilike, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { trigramProbe } from "@/lib/domain/search-probe";
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

/** `ILIKE '%…%'` with the text's own %, _ and \\ taken literally. */
export const containsPattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Rows where any of the columns contains q (case-insensitive). An id-shaped search has the trigram
 * index look up its distinctive word only (lib/domain/search-probe.ts); the whole text is then checked
 * as `(col || '') ILIKE`, which no index serves, so the planner cannot hand the common words back to it.
 */
export function searchAny(q: string | undefined, ...cols: AnyColumn[]): SQL | undefined {
  if (!q) return undefined;
  const pattern = containsPattern(q);
  const probe = trigramProbe(q);
  if (!probe) return or(...cols.map((c) => ilike(c, pattern)));
  const probePattern = `%${probe}%`;
  return or(...cols.map((c) => and(ilike(c, probePattern), sql`(${c} || '') ilike ${pattern}`)));
}

export const byNameThenId = (nameCol: AnyColumn, idCol: AnyColumn) => [asc(nameCol), asc(idCol)];

export function pageResult<T extends { name: string; id: string }>(rows: T[], limit: number) {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const last = items.at(-1);
  const next = hasMore && last ? { name: last.name, id: last.id } : null;
  return { items, next, nextCursor: next ? encodeCursor(next) : null };
}
