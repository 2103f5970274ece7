import "server-only";
/**
 * PostgreSQL array literals ('{"a",NULL,"b"}') for set-based writes: one text parameter per column,
 * expanded server-side with `unnest($1::text[], $2::uuid[], …)`. Cheaper for the server to read than
 * a JSON document of records (no jsonb parse, no per-record key lookups), and a single bound value
 * on both drivers (drizzle would spread a JavaScript array into one parameter per element).
 */
const quote = (value: string) => `"${value.replace(/[\\"]/g, "\\$&")}"`;

/** Elements as text (numbers via String); null stays NULL. The caller casts: `${arrayLiteral(xs)}::int[]`. */
export function arrayLiteral(values: readonly (string | number | null)[]): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ",";
    out += v === null || v === undefined ? "NULL" : quote(String(v));
  }
  return `${out}}`;
}
