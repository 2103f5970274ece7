import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { propertyParameters } from "@/tests/support/property";
import {
  canonicalJson,
  createChainVerifier,
  GENESIS_HASH,
  hashEvent,
  type ChainedEvent,
  type ChainedFields,
} from "./audit-chain";

describe("[AUDIT] canonical serialisation", () => {
  it("does not depend on key order", () => {
    expect(canonicalJson({ b: 1, a: 2, c: 3 })).toBe(canonicalJson({ c: 3, a: 2, b: 1 }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it("sorts keys of nested objects too, and has no whitespace", () => {
    const one = { outer: { z: 1, y: { q: true, p: null } }, a: "x" };
    const two = { a: "x", outer: { y: { p: null, q: true }, z: 1 } };
    expect(canonicalJson(one)).toBe(canonicalJson(two));
    expect(canonicalJson(one)).toBe('{"a":"x","outer":{"y":{"p":null,"q":true},"z":1}}');
  });

  it("keeps array order and canonicalises objects inside arrays", () => {
    expect(canonicalJson([3, 1, 2])).toBe("[3,1,2]");
    expect(canonicalJson([3, 1, 2])).not.toBe(canonicalJson([1, 2, 3]));
    expect(canonicalJson([{ b: 1, a: 2 }])).toBe('[{"a":2,"b":1}]');
    expect(canonicalJson([undefined, 1])).toBe("[null,1]");
  });

  it("writes Dates as ISO-8601 UTC", () => {
    const d = new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 6));
    expect(canonicalJson({ at: d })).toBe('{"at":"2025-01-02T03:04:05.006Z"}');
  });

  it("drops undefined properties", () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson({ a: { b: undefined } })).toBe('{"a":{}}');
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])("rejects the non-finite number %s", (n) => {
    expect(() => canonicalJson({ n })).toThrow(TypeError);
    expect(() => canonicalJson([n])).toThrow(TypeError);
  });

  it("rejects functions and symbols", () => {
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
    expect(() => canonicalJson({ s: Symbol("x") })).toThrow(TypeError);
  });

  it("is independent of insertion order for any JSON object (property)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
      }),
      propertyParameters(),
    );
  });
});

function fieldsAt(seq: number, prevHash: string, overrides: Partial<ChainedFields> = {}): ChainedFields {
  return {
    seq,
    occurredAt: new Date(Date.UTC(2025, 5, 1, 12, 0, seq)),
    actorType: "user",
    actorId: "00000000-0000-4000-8000-000000000001",
    actorLabel: "admin@example.test",
    action: "team.created",
    targetType: "team",
    targetId: `00000000-0000-4000-8000-00000000010${seq % 10}`,
    payload: { name: `Team ${seq}`, memberIds: [] },
    requestId: `req-${seq}`,
    clientRequestId: null,
    ip: "10.0.0.1",
    prevHash,
    ...overrides,
  };
}

function buildChain(length: number): ChainedEvent[] {
  const chain: ChainedEvent[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq++) {
    const fields = fieldsAt(seq, prev);
    const hash = hashEvent(fields);
    chain.push({ ...fields, hash });
    prev = hash;
  }
  return chain;
}

function verify(events: ChainedEvent[]) {
  const v = createChainVerifier();
  for (const e of events) v.feed(e);
  return v.result();
}

describe("[AUDIT] chain hashing", () => {
  const base = fieldsAt(1, GENESIS_HASH);
  const baseHash = hashEvent(base);

  it("is a 64-character hex SHA-256 and deterministic", () => {
    expect(baseHash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashEvent({ ...base })).toBe(baseHash);
  });

  it("does not depend on payload key order", () => {
    expect(hashEvent({ ...base, payload: { memberIds: [], name: "Team 1" } })).toBe(baseHash);
  });

  const changes: [keyof ChainedFields, unknown][] = [
    ["seq", 2],
    ["occurredAt", new Date(base.occurredAt.getTime() + 1)],
    ["actorType", "system"],
    ["actorId", null],
    ["actorLabel", "someone@example.test"],
    ["action", "team.updated"],
    ["targetType", "person"],
    ["targetId", null],
    ["payload", { name: "Team 1", memberIds: ["x"] }],
    ["requestId", null],
    ["clientRequestId", "client-1"],
    ["ip", "10.0.0.2"],
    ["prevHash", "f".repeat(64)],
  ];

  it("covers every chained field in this test", () => {
    expect(changes.map(([k]) => k).sort()).toEqual(Object.keys(base).sort());
  });

  it.each(changes)("changes when %s changes", (field, value) => {
    const changed: ChainedFields = { ...base, [field]: value };
    expect(hashEvent(changed)).not.toBe(baseHash);
  });

  it("[SECURITY] hashes an event without a client request id exactly as before the field existed, so old events still verify", () => {
    // The canonical form of events written before the column: every field but prevHash, no clientRequestId.
    const { prevHash, clientRequestId: _absent, ...body } = base;
    const legacy = createHash("sha256").update(prevHash).update("\n").update(canonicalJson(body)).digest("hex");
    expect(baseHash).toBe(legacy);
    const { clientRequestId: _omitted, ...withoutField } = base;
    expect(hashEvent(withoutField)).toBe(legacy);
  });
});

describe("[AUDIT] chain verifier", () => {
  it("accepts an intact chain and reports its head", () => {
    const chain = buildChain(5);
    expect(verify(chain)).toEqual({ ok: true, checked: 5, head: chain[4]?.hash });
  });

  it("accepts an empty chain with the genesis head", () => {
    expect(verify([])).toEqual({ ok: true, checked: 0, head: GENESIS_HASH });
  });

  it("reports an edited event as hash_mismatch at its seq", () => {
    const chain = buildChain(5);
    const third = chain[2];
    if (!third) throw new Error("chain too short");
    chain[2] = { ...third, payload: { ...third.payload, name: "Renamed" } };
    expect(verify(chain)).toEqual({ ok: false, checked: 2, seq: 3, reason: "hash_mismatch" });
  });

  it("reports an event edited together with its own hash at the next link", () => {
    const chain = buildChain(5);
    const third = chain[2];
    if (!third) throw new Error("chain too short");
    const edited = { ...third, actorLabel: "mallory@example.test" };
    chain[2] = { ...edited, hash: hashEvent(edited) };
    expect(verify(chain)).toEqual({ ok: false, checked: 3, seq: 4, reason: "prev_hash_mismatch" });
  });

  it("reports a deleted event as a gap", () => {
    const chain = buildChain(5);
    chain.splice(1, 1);
    expect(verify(chain)).toEqual({ ok: false, checked: 1, seq: 2, reason: "gap" });
  });

  it("reports a deleted first event as a gap at seq 1", () => {
    const chain = buildChain(3).slice(1);
    expect(verify(chain)).toEqual({ ok: false, checked: 0, seq: 1, reason: "gap" });
  });

  it("detects reordered events", () => {
    const chain = buildChain(5);
    const [a, b] = [chain[1], chain[2]];
    if (!a || !b) throw new Error("chain too short");
    chain[1] = b;
    chain[2] = a;
    // seq 3 arrives where seq 2 was expected.
    expect(verify(chain)).toEqual({ ok: false, checked: 1, seq: 2, reason: "gap" });
  });

  it("detects reordering even when seq numbers are rewritten to stay contiguous", () => {
    const chain = buildChain(5);
    const [a, b] = [chain[1], chain[2]];
    if (!a || !b) throw new Error("chain too short");
    chain[1] = { ...b, seq: 2 };
    chain[2] = { ...a, seq: 3 };
    expect(verify(chain)).toMatchObject({ ok: false, seq: 2, reason: "prev_hash_mismatch" });
  });

  it("stays broken after the first break", () => {
    const chain = buildChain(4);
    const v = createChainVerifier();
    const first = chain[0];
    const second = chain[1];
    if (!first || !second) throw new Error("chain too short");
    expect(v.feed(first)).toBeUndefined();
    const brk = v.feed({ ...second, action: "tampered" });
    expect(brk).toEqual({ seq: 2, reason: "hash_mismatch" });
    for (const e of chain.slice(2)) expect(v.feed(e)).toEqual(brk);
    expect(v.result()).toEqual({ ok: false, checked: 1, seq: 2, reason: "hash_mismatch" });
  });
});
