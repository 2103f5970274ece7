import fc from "fast-check";
import { z } from "zod";

/**
 * Fuzz inputs for the /api/v1 schemas: valid-shaped values derived from an endpoint's zod schema
 * (through its JSON Schema, the one the OpenAPI document shows), the same with one part made
 * hostile, and hostile values outright (huge strings, NUL, lone surrogates, RTL overrides, nested
 * junk, prototype-pollution keys, wrong types, numbers past every limit).
 */
type JsonSchema = {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  format?: string;
  pattern?: string;
};

export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
}

/** Ids the valid-shaped values may use besides random ones: records created for the fuzz. */
export type KnownIds = readonly string[];

/** URLs that fail fast and reach nothing: loopback port 9, a reserved TLD, the metadata address (always refused). */
const urls = ["http://127.0.0.1:9/fuzz", "https://fuzz.invalid/", "https://issuer.example.test", "http://169.254.169.254/latest/meta-data", "ftp://x.invalid/"];

function stringOf(s: JsonSchema, key: string): fc.Arbitrary<string> {
  if (s.format === "uuid") return fc.uuid({ version: 4 });
  if (s.format === "date-time") return fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }).map((d) => d.toISOString());
  if (s.format === "date") return fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (/email/i.test(key)) return fc.emailAddress();
  if (/url|uri|endpoint|audience|issuer/i.test(key)) return fc.constantFrom(...urls);
  if (s.pattern) {
    try {
      return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length <= (s.maxLength ?? 500));
    } catch {
      // a pattern fast-check cannot invert: fall back to plain strings
    }
  }
  const minLength = s.minLength ?? 0;
  return fc.string({ minLength, maxLength: Math.max(minLength, Math.min(s.maxLength ?? 40, 40)) });
}

function numberOf(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (integer ? 1 : 1e-6) : -1e6);
  const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (integer ? 1 : 1e-6) : 1e6);
  const lo = Math.max(min, -1e9);
  const hi = Math.min(max, 1e9);
  return integer ? fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) }) : fc.double({ min: lo, max: hi, noNaN: true });
}

/** A valid-shaped value for a JSON Schema; uuid fields sometimes take a known id. */
export function validOf(s: JsonSchema, known: KnownIds, key = "", depth = 0): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => validOf(a, known, key, depth)));
  if (Array.isArray(s.type)) return fc.oneof(...s.type.map((t) => validOf({ ...s, type: t }, known, key, depth)));
  switch (s.type) {
    case "string": {
      const plain = stringOf(s, key);
      return s.format === "uuid" && known.length > 0 ? fc.oneof(plain, fc.constantFrom(...known)) : plain;
    }
    case "integer":
      return numberOf(s, true);
    case "number":
      return numberOf(s, false);
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return fc.array(s.items ? validOf(s.items, known, key, depth + 1) : fc.jsonValue({ maxDepth: 1 }), {
        minLength: s.minItems ?? 0,
        maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 4, 4)),
      });
    case "object": {
      const properties = s.properties ?? {};
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, prop] of Object.entries(properties)) model[name] = validOf(prop, known, name, depth + 1);
      return fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in properties) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** JSON number text that JavaScript cannot hold: serialised verbatim (1e400 parses to Infinity). */
export class RawNumber {
  constructor(readonly text: string) {}
}

const specials = [
  "\u0000",
  "nul\u0000inside",
  "\uD800",
  "lone \uDFFF surrogate",
  "\u202Eevil.exe\u202C",
  "\u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627",
  "𝕏𝕐𝕫 🔑🧪 e\u0301",
  "\uFEFF\u200B\u200D",
  "' OR 1=1 --",
  "\"; DROP TABLE credentials; --",
  "<script>alert(1)</script>",
  "../../../../etc/passwd",
  "%00%0d%0aX-Injected: 1",
  "${jndi:ldap://x.invalid/a}",
  "{{7*7}}",
  "   ",
  "",
  "null",
  "NaN",
  "-1",
  "1e309",
  "00000000-0000-0000-0000-000000000000",
  "__proto__",
];

/** Huge strings: 10 KB and more of one (possibly multi-byte or control) character. */
export const hugeString = (maxChars = 40_000) =>
  fc.tuple(fc.constantFrom("a", "é", "𝕏", "\u0000", "\u202E", " ", "\\", "\""), fc.integer({ min: 10_240, max: maxChars })).map(([c, n]) => c.repeat(n));

const hugeNumbers: unknown[] = [1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -(2 ** 63), 2 ** 64, 5e-324, -0, new RawNumber("1e400"), new RawNumber("-1e400"), new RawNumber("123456789012345678901234567890"), new RawNumber("0.1e-400")];

const pollutionKeys = ["__proto__", "constructor", "prototype"];

/** An object whose own keys include __proto__ / constructor / prototype (a plain literal would set the prototype instead). */
function pollutedObject(base: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const o = Object.create(null) as Record<string, unknown>;
  Object.assign(o, base);
  o[key] = value;
  return o;
}

const pollutionPayload = fc.constantFrom<unknown>({ polluted: "fuzz" }, { isAdmin: true, role: "admin" }, { prototype: { polluted: "fuzz" } }, "fuzz", null, []);

/** Nested junk as JSON text: deep arrays/objects (raw, so depth is not limited by the generator). */
const deepJson = fc.tuple(fc.integer({ min: 20, max: 5_000 }), fc.boolean()).map(([n, arrays]) => new RawJson(arrays ? `${"[".repeat(n)}${"]".repeat(n)}` : `${'{"a":'.repeat(n)}1${"}".repeat(n)}`));

export class RawJson {
  constructor(readonly text: string) {}
}

/** A hostile value of any kind. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hugeString(),
  fc.constantFrom(...specials),
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.constantFrom(...hugeNumbers),
  fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.constant([]), fc.constant({}), fc.constant(true)),
  fc.jsonValue({ maxDepth: 4 }),
  deepJson,
  fc.tuple(fc.constantFrom(...pollutionKeys), pollutionPayload).map(([k, v]) => pollutedObject({}, k, v)),
  fc.array(fc.constantFrom(...specials), { minLength: 1, maxLength: 300 }),
);

/** Fields a client must never set, sent to see they are refused or ignored (mass assignment). */
const massAssignment: Record<string, unknown> = { role: "admin", id: "00000000-0000-4000-8000-00000000f022", createdBy: "00000000-0000-4000-8000-00000000f022", createdAt: "1970-01-01T00:00:00Z", isAdmin: true, userId: "00000000-0000-4000-8000-00000000f022" };

/** A body: valid-shaped, valid-shaped with one part hostile (or extra keys), or hostile outright. */
export function bodyOf(schema: JsonSchema, known: KnownIds): fc.Arbitrary<unknown> {
  const valid = validOf(schema, known);
  const keys = Object.keys(schema.properties ?? {});
  const oneHostile = fc.tuple(valid, fc.constantFrom(...(keys.length > 0 ? keys : ["x"])), hostileValue).map(([v, key, bad]) =>
    v && typeof v === "object" && !Array.isArray(v) ? { ...(v as Record<string, unknown>), [key]: bad } : bad,
  );
  const extraKeys = fc.tuple(valid, fc.constantFrom(...pollutionKeys, ...Object.keys(massAssignment)), pollutionPayload).map(([v, key, payload]) => {
    const base = v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
    return key in massAssignment ? { ...base, [key]: massAssignment[key] } : pollutedObject(base, key, payload);
  });
  const missingKey = valid.map((v) => {
    if (!v || typeof v !== "object" || Array.isArray(v)) return v;
    const [first, ...rest] = Object.keys(v);
    return first === undefined ? v : Object.fromEntries(rest.map((k) => [k, (v as Record<string, unknown>)[k]]));
  });
  return fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: oneHostile, weight: 3 }, { arbitrary: extraKeys, weight: 1 }, { arbitrary: missingKey, weight: 1 }, { arbitrary: hostileValue, weight: 2 });
}

/** JSON text that keeps own __proto__ keys, raw numbers and lone surrogates (escaped, as JSON.stringify does). */
export function toJsonText(value: unknown): string {
  if (value instanceof RawNumber || value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .map((k) => `${JSON.stringify(k)}:${toJsonText((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return value === undefined ? "null" : JSON.stringify(value);
}

/** A query string: valid-shaped values, with hostile strings, repeated keys and pollution keys mixed in. */
export function queryOf(schema: JsonSchema, known: KnownIds): fc.Arbitrary<string> {
  const valid = validOf(schema, known);
  const keys = Object.keys(schema.properties ?? {});
  const hostileString = fc.oneof(fc.constantFrom(...specials), fc.string({ unit: "binary", maxLength: 40 }));
  const anyKey = fc.constantFrom(...keys, ...pollutionKeys, "constructor[prototype][polluted]", "__proto__[polluted]", "role");
  // At most one huge value (10 KB of ASCII): Node refuses a request line past 16 KB (431) before Steward sees it.
  const huge = fc.option(fc.tuple(anyKey, fc.integer({ min: 10_240, max: 11_000 }).map((n) => "a".repeat(n))), { nil: undefined });
  const extra = fc.tuple(fc.array(fc.tuple(anyKey, hostileString), { maxLength: 3 }), huge).map(([small, big]) => (big ? [...small, big] : small));
  return fc.tuple(valid, fc.oneof({ arbitrary: fc.constant([] as [string, string][]), weight: 2 }, { arbitrary: extra, weight: 2 })).map(([v, more]) => {
    const params = new URLSearchParams();
    if (v && typeof v === "object" && !Array.isArray(v)) {
      for (const [k, value] of Object.entries(v)) {
        for (const item of Array.isArray(value) ? value : [value]) params.append(k, typeof item === "string" ? item : toJsonText(item));
      }
    }
    for (const [k, value] of more) params.append(k, value);
    return params.toString();
  });
}
