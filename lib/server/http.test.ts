import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldErrorsOf, unstorableFieldsOf } from "./http";

const NUL = "must not contain NUL characters";
const UNICODE = "must be valid Unicode text";

describe("[HTTP] text PostgreSQL cannot store is refused before it reaches the database", () => {
  it("names every field, nested ones by dotted path, keys included", () => {
    const input = JSON.parse('{"name":"a\\u0000b","ok":"fine","grants":[{"justification":"\\u0000"}],"note":"lone \\udfff","k\\u0000":1}') as unknown;
    expect(unstorableFieldsOf(input)).toEqual({ name: [NUL], "grants.0.justification": [NUL], note: [UNICODE], "k\u0000": [NUL] });
  });

  it("a bare string is the body; clean input, paired surrogates and RTL marks are fine", () => {
    expect(unstorableFieldsOf("\uD800")).toEqual({ body: [UNICODE] });
    expect(unstorableFieldsOf({ q: "röntgen 𝕏 🔑 \u202E", limit: 5, list: ["a"], nothing: null })).toEqual({});
  });

  it("fields named like Object.prototype members are plain keys", () => {
    const input = JSON.parse('{"constructor":"\\u0000","__proto__":"\\u0000","toString":"\\ud800"}') as unknown;
    const fields = unstorableFieldsOf(input);
    expect(Object.keys(fields).sort()).toEqual(["__proto__", "constructor", "toString"]);
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    const schema = z.object({ constructor: z.string(), hasOwnProperty: z.number() });
    const parsed = schema.safeParse({ constructor: 1, hasOwnProperty: "x" });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(Object.keys(fieldErrorsOf(parsed.error)).sort()).toEqual(["constructor", "hasOwnProperty"]);
  });

  it("stops at a depth no schema reaches", () => {
    let deep: unknown = "\u0000";
    for (let i = 0; i < 5_000; i++) deep = [deep];
    expect(unstorableFieldsOf(deep)).toEqual({});
  });
});
