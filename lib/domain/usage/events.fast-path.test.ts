import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fastEvent, normaliseEvent, normaliseEventWithSchema, parseNdjson, type UsageEvent } from "./events";
import { mapOpaDecision, OPA_SOURCE } from "./opa";
import { propertyParameters, propertyRuns } from "@/tests/support/property";

/*
 * The fast path (fastEvent) may only ever answer what the zod schemas answer: every event it makes
 * the schema path makes too, equal field by field, and normaliseEvent (fast path, then schemas)
 * answers every line exactly as the schemas alone do, problems included.
 */

const now = new Date("2026-12-04T12:00:00.000Z");
/** A "now" after every date, so that the time property is about the time's shape alone. */
const endOfTime = new Date(8.64e15);

/** Stands for "no such key" in a generated line (undefined stays a key with the value undefined, as OPA's mapping makes). */
const ABSENT = Symbol("absent");

/** Values that are wrong (or borderline) for about any field. */
const oddValue = fc.constantFrom<unknown>(ABSENT, null, undefined, 0, 1, -1, 1.5, true, false, "", " ", "a\u0000b", "\u0000", "a\uD800", "\uDC00b", "\uDBFF\uDBFF", "\uD83D\uDE00", "é", [], ["read"], {}, { a: 1 });

/** Valid most of the time, an odd value sometimes. */
const mostly = (valid: fc.Arbitrary<unknown>) => fc.oneof({ weight: 30, arbitrary: valid }, { weight: 1, arbitrary: oddValue });
const optional = (valid: fc.Arbitrary<unknown>) => fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: fc.constant(ABSENT) });

/** text(max)-shaped strings: plain, any code point (valid surrogate pairs), control characters, NUL, lone halves, at and past the limit. */
const textOf = (max: number) =>
  fc.oneof(
    { weight: 24, arbitrary: fc.string({ minLength: 1, maxLength: 24 }) },
    { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 8, unit: "binary" }) },
    { weight: 2, arbitrary: fc.string({ maxLength: 6, unit: fc.constantFrom("a", "\u0000", "\u0001", "\u001f", "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uD83D\uDE00", "é", "\uFFFF") }) },
    { weight: 1, arbitrary: fc.constantFrom("x".repeat(max), "x".repeat(max + 1), "é".repeat(max), `${"x".repeat(max - 1)}\uD83D\uDE00`, "\uD83D\uDE00".repeat(Math.floor(max / 2))) },
  );

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** Usually `valid`, sometimes `odd`. */
const usually = <T>(valid: fc.Arbitrary<T>, odd: fc.Arbitrary<T>) => fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: odd });
const twoDigits = (min: number, max: number) => fc.integer({ min, max }).map((n) => pad(n, 2));

/** Date-time strings near the ISO shape: impossible days, leap years, other separators, no zone, ±HHMM, hour 24, long fractions, a digit from another script… */
const isoLikeTime = fc
  .record({
    year: usually(fc.integer({ min: 0, max: 9999 }).map((y) => pad(y, 4)), fc.constantFrom("0000", "1900", "2000", "2100", "2400", "2024", "2023", "202", "20260", "２０２６")),
    month: usually(twoDigits(1, 12), fc.constantFrom("00", "13", "1", "1a", "-1")),
    day: usually(twoDigits(1, 31), fc.constantFrom("00", "29", "30", "31", "32", "3")),
    dateSeparator: usually(fc.constant("-"), fc.constantFrom("/", "")),
    separator: usually(fc.constant("T"), fc.constantFrom("t", " ", "_")),
    hour: usually(twoDigits(0, 23), fc.constantFrom("24", "25", "1")),
    minute: usually(twoDigits(0, 59), fc.constantFrom("60", "5")),
    second: usually(twoDigits(0, 59).map((s) => `:${s}`), fc.constantFrom("", ":60", ":61", ":5")),
    fraction: usually(fc.oneof(fc.constant(""), fc.string({ minLength: 1, maxLength: 9, unit: fc.constantFrom("0", "1", "5", "9") }).map((d) => `.${d}`)), fc.string({ maxLength: 14, unit: fc.constantFrom("0", "9") }).map((d) => `.${d}`)),
    zone: usually(
      fc.oneof(fc.constant("Z"), fc.tuple(fc.constantFrom("+", "-"), twoDigits(0, 23), twoDigits(0, 59)).map(([sign, h, m]) => `${sign}${h}:${m}`)),
      fc.constantFrom("z", "", "+0100", "+01", "+24:00", "+01:60", "Z+01:00", " Z", "+1:00", "−01:00"),
    ),
  })
  .map((t) => `${t.year}${t.dateSeparator}${t.month}${t.dateSeparator}${t.day}${t.separator}${t.hour}:${t.minute}${t.second}${t.fraction}${t.zone}`);

/** Now and then one character swapped for another, to reach what the grammar above does not. */
const timeText = fc
  .tuple(isoLikeTime, fc.option(fc.tuple(fc.nat(), fc.constantFrom("0", "9", "Z", "-", "+", ":", ".", "T", " ", "\u0000", "١", "\uD800")), { freq: 4 }))
  .map(([text, swap]) => (swap === null ? text : `${text.slice(0, swap[0] % text.length)}${swap[1]}${text.slice((swap[0] % text.length) + 1)}`));

/** Common ISO times around `now` (some in the future past the allowed skew), in UTC or with an offset, with 0–9 fraction digits. */
const realTime = fc
  .tuple(
    fc.integer({ min: now.getTime() - 400 * 86_400_000, max: now.getTime() + 3 * 3_600_000 }),
    fc.constantFrom(0, 0, 0, 60, -300, 330, 23 * 60 + 59, -(23 * 60 + 59)),
    fc.constantFrom(3, 3, 3, 0, 1, 6, 9),
  )
  .map(([ms, offsetMinutes, digits]) => {
    const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
    const fraction = digits === 0 ? "" : `.${pad(ms % 1000, 3).padEnd(digits, "7").slice(0, digits)}`;
    const sign = offsetMinutes < 0 ? "-" : "+";
    const zone = offsetMinutes === 0 ? "Z" : `${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60), 2)}:${pad(Math.abs(offsetMinutes) % 60, 2)}`;
    return `${local}${fraction}${zone}`;
  });

const scopesArb = fc.oneof(
  { weight: 10, arbitrary: fc.array(fc.oneof(fc.constantFrom("read", "write", "admin"), textOf(256)), { maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom(Array.from({ length: 200 }, (_, i) => `s${i % 150}`), Array.from({ length: 201 }, (_, i) => `s${i}`), ["read", null], ["read", 1], ["read", ""], "read", []) },
);

const expiresInArb = fc.oneof(
  { weight: 10, arbitrary: fc.integer({ min: 0, max: 315_360_000 }) },
  { weight: 2, arbitrary: fc.constantFrom(0, -0, 315_360_000, 315_360_001, -1, 1.5, 3600.0000001, 1e300, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 2, "3600") },
);

/** A usage line: mostly valid, of either type, with random mutations and unknown fields. */
const lineArb = fc
  .record({
    extra: fc.option(fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }), { freq: 3 }),
    type: fc.oneof({ weight: 30, arbitrary: fc.constantFrom("token_issued", "api_decision") }, { weight: 1, arbitrary: fc.constantFrom<unknown>("other", "TOKEN_ISSUED", null, ABSENT, 1) }),
    id: mostly(optional(textOf(200))),
    time: fc.oneof({ weight: 16, arbitrary: realTime }, { weight: 3, arbitrary: timeText }, { weight: 1, arbitrary: oddValue }),
    issuer: mostly(fc.oneof({ weight: 4, arbitrary: fc.constant("https://as.example") }, { weight: 1, arbitrary: textOf(2048) })),
    audience: mostly(fc.oneof({ weight: 4, arbitrary: fc.constant("https://api.example") }, { weight: 1, arbitrary: textOf(2048) })),
    client_id: mostly(fc.oneof({ weight: 4, arbitrary: fc.constantFrom("c1", "client-7") }, { weight: 2, arbitrary: textOf(256) }, { weight: 1, arbitrary: fc.constant(ABSENT) })),
    credential: mostly(fc.oneof({ weight: 3, arbitrary: fc.constant(ABSENT) }, { weight: 1, arbitrary: textOf(256) })),
    scopes: mostly(optional(scopesArb)),
    expires_in: mostly(optional(expiresInArb)),
    scope: mostly(fc.oneof({ weight: 4, arbitrary: fc.constantFrom("read", "write") }, { weight: 1, arbitrary: textOf(256) })),
    decision: mostly(fc.oneof({ weight: 8, arbitrary: fc.constantFrom("allow", "deny") }, { weight: 1, arbitrary: fc.constantFrom<unknown>("ALLOW", "maybe", true) })),
    reason: mostly(optional(textOf(1000))),
  })
  .map(({ extra, ...fields }) => {
    const line: Record<string, unknown> = { ...extra };
    for (const [key, value] of Object.entries(fields)) if (value !== ABSENT) line[key] = value;
    return line;
  });

/** What a call returned, or what it threw (an unknown field holding NaN cannot be hashed into an id, on either path). */
function outcome<T>(call: () => T): { value: T } | { thrown: string } {
  try {
    return { value: call() };
  } catch (error) {
    return { thrown: String(error) };
  }
}

/** Holds the fast path to the schemas on one line; says whether the fast path took it, and whether the schemas refused it. */
function check(raw: Record<string, unknown>, at: Date): { taken: boolean; refused: boolean } {
  const fast = outcome(() => fastEvent(raw, "steward", at));
  const bySchema = outcome(() => normaliseEventWithSchema(raw, 7, "steward", at));
  if ("thrown" in fast) expect(bySchema).toStrictEqual(fast);
  else if (fast.value !== undefined) expect(bySchema).toStrictEqual({ value: { event: fast.value } });
  expect(outcome(() => normaliseEvent(raw, 7, "steward", at))).toStrictEqual(bySchema);
  return { taken: "value" in fast && fast.value !== undefined, refused: "value" in bySchema && "problems" in bySchema.value };
}

describe("[USAGE] the fast path of normaliseEvent", () => {
  it("never takes a line the schemas refuse, and makes the schemas' event of every line it takes", () => {
    let taken = 0;
    let refusedBySchema = 0;
    fc.assert(
      fc.property(lineArb, (raw) => {
        const { taken: tookIt, refused } = check(raw, now);
        if (tookIt) taken += 1;
        if (refused) refusedBySchema += 1;
        // As an NDJSON line (undefined gone, NaN and Infinity become null): the same answer again.
        check(JSON.parse(JSON.stringify(raw)) as Record<string, unknown>, now);
      }),
      propertyParameters({ numRuns: 2 * propertyRuns }),
    );
    // Both sides of the fence are exercised, on every seed.
    expect(taken).toBeGreaterThan(propertyRuns * 0.4);
    expect(refusedBySchema).toBeGreaterThan(propertyRuns / 2);
  });

  it("takes only times the schemas accept", () => {
    const base = { id: "t", type: "api_decision", issuer: "https://as.example", client_id: "c1", audience: "https://api.example", scope: "read", decision: "allow" };
    let taken = 0;
    fc.assert(
      fc.property(timeText, (time) => {
        if (check({ ...base, time }, endOfTime).taken) taken += 1;
      }),
      propertyParameters({ numRuns: 2 * propertyRuns }),
    );
    expect(taken).toBeGreaterThan(propertyRuns / 10);
  });

  it("leaves odd times to the schemas, which answer as before", () => {
    const line = (time: string) => ({ id: "t", type: "token_issued", time, issuer: "https://as.example", client_id: "c1" });
    for (const time of ["2026-02-30T10:00:00Z", "2026-12-01T10:00:00", "2026-12-01 10:00:00Z", "2026-12-01T10:00:00+0100", "2026-12-01T24:00:00Z", "1900-02-29T10:00:00Z", "2026-12-01t10:00:00z", "2026-12-01T10:00Z", "2026-12-01T10:00:00.1234567890Z", "2026-12-04T13:00:00.001Z"]) {
      expect(fastEvent(line(time), "steward", now), time).toBeUndefined();
      check(line(time), now);
    }
    for (const time of ["2024-02-29T10:00:00Z", "2000-02-29T10:00:00Z", "2026-12-01T10:00:00.123456789-23:59", "2026-12-04T13:00:00.000Z"]) {
      expect(check(line(time), now).taken, time).toBe(true);
    }
  });

  it("takes the common lines: the benchmark's, the documented shapes, OPA's mapping", () => {
    const lines: Record<string, unknown>[] = [
      { id: "b1", type: "token_issued", time: "2026-12-04T10:00:00.000Z", issuer: "https://as.bench.example", client_id: "client-7", audience: "https://api-8.bench.example", scopes: ["read", "write"], expires_in: 1800 },
      { id: "b4", type: "api_decision", time: "2026-12-04T10:00:00.000Z", issuer: "https://as.bench.example", client_id: "client-7", audience: "https://api-8.bench.example", scope: "read", decision: "deny", reason: "scope not granted" },
      { id: "e1", type: "token_issued", time: "2026-12-01T10:00:00Z", issuer: "https://as.example", client_id: "c1", audience: "https://api.example", scopes: ["read", "write", "read"], expires_in: 3600 },
      { type: "token_issued", time: "2026-12-01T10:00:00+01:00", issuer: "https://as.example", client_id: "c1" },
      { id: "e2", type: "api_decision", time: "2026-12-01T10:05:00Z", issuer: "https://as.example", client_id: "c1", audience: "https://api.example", scope: "read", decision: "allow", extra: { nested: true } },
      { type: "api_decision", time: "2026-12-01T10:05:00.5-05:00", credential: "billing-sync", audience: "https://api.example", scope: "read", decision: "allow" },
      mapOpaDecision({ decision_id: "d1", timestamp: "2026-12-01T10:05:00.123456789Z", input: { client_id: "c1", audience: "https://api.example", scope: "read" }, result: true }),
      mapOpaDecision({ timestamp: "2026-12-01T10:05:00Z", input: { token: { azp: "c1", iss: "https://as.example", aud: ["https://api.example"] }, action: "write" }, result: { allow: false, reason: "no grant" } }),
    ];
    for (const raw of lines) {
      const event = fastEvent(raw, OPA_SOURCE, now);
      expect(event, JSON.stringify(raw)).toBeDefined();
      expect(normaliseEventWithSchema(raw, 1, OPA_SOURCE, now)).toStrictEqual({ event });
    }
    expect(fastEvent(lines[2], "steward", now)?.scopes).toEqual(["read", "write"]);
    // And through parseNdjson, as the endpoint reads them.
    const parsed = parseNdjson(lines.slice(0, 6).map((l) => JSON.stringify(l)).join("\n"), "steward", now);
    expect(parsed.problems).toEqual([]);
    expect(parsed.events.map((e: UsageEvent) => e.eventId.split(":")[1])).toEqual(["b1", "b4", "e1", "sha256", "e2", "sha256"]);
  });
});
