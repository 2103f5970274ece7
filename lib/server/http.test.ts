import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { fieldErrorsOf, readBodyText, readJson, unstorableFieldsOf } from "./http";

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

describe("[HTTP] bodies are read against the cap, never whole first", () => {
  /** A body that never ends: counts how much of it was pulled. */
  function endless(chunkBytes: number) {
    const pulled = { bytes: 0 };
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled.bytes += chunkBytes;
        controller.enqueue(new Uint8Array(chunkBytes).fill(0x20));
      },
    });
    return { pulled, body };
  }
  const post = (body: ReadableStream<Uint8Array> | string, headers: Record<string, string> = {}) =>
    new Request("http://localhost/api/v1/x", { method: "POST", body, headers: { "content-type": "application/json", ...headers }, duplex: "half" } as RequestInit);

  it("a chunked body without Content-Length stops at the cap (413) instead of being buffered", async () => {
    const { pulled, body } = endless(64 * 1024);
    const error = await readJson(post(body), 256 * 1024).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("PAYLOAD_TOO_LARGE");
    expect(pulled.bytes).toBeLessThanOrEqual(512 * 1024);
  });

  it("a declared length over the cap is refused before reading; a body shorter than declared is refused", async () => {
    await expect(readJson(post("{}", { "content-length": String(10 * 1024 * 1024) }), 256 * 1024)).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    await expect(readBodyText(post('{"a":1}', { "content-length": "100" }), 1024, () => new AppError("PAYLOAD_TOO_LARGE", "too large"))).rejects.toMatchObject({ code: "INVALID_REQUEST" });
  });

  it("reads JSON, empty bodies and refuses what is not UTF-8 or not JSON", async () => {
    expect(await readJson(post('{"a":"ü"}'), 1024)).toEqual({ a: "ü" });
    expect(await readJson(post(""), 1024)).toEqual({});
    await expect(readJson(post("{nope"), 1024)).rejects.toMatchObject({ code: "INVALID_REQUEST" });
    const latin1 = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array([0x22, 0xff, 0x22]));
        c.close();
      },
    });
    await expect(readJson(post(latin1), 1024)).rejects.toMatchObject({ code: "INVALID_REQUEST" });
  });
});
