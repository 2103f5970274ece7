import "server-only";
import type { z } from "zod";

export type RawSearchParams = Record<string, string | string[] | undefined>;

/** Page search params → a filter schema's output; invalid values are dropped rather than failing the page. */
export function parseSearchParams<S extends z.ZodObject>(schema: S, raw: RawSearchParams): { values: z.output<S>; params: Record<string, string | undefined> } {
  const params: Record<string, string | undefined> = {};
  // A repeated parameter (a multi-select: `control=a&control=b`) becomes one comma-separated value,
  // which list parameters split again; a single-valued field with two values is refused and dropped.
  for (const [k, v] of Object.entries(raw)) params[k] = Array.isArray(v) ? v.join(",") : v;
  const cleaned = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (result.success) return { values: result.data, params };
  const bad = new Set(result.error.issues.map((i) => String(i.path[0])));
  const kept = Object.fromEntries(Object.entries(cleaned).filter(([k]) => !bad.has(k)));
  return { values: schema.parse(kept), params: Object.fromEntries(Object.entries(params).filter(([k]) => !bad.has(k))) };
}
