import { describe, expect, it } from "vitest";
import { eventIdOf, parseNdjson } from "./events";
import { rollUp, scopeUses, subjectOf, type ResolvedEvent } from "./rollup";

const now = new Date("2026-12-01T12:00:00Z");
const issued = { id: "e1", type: "token_issued", time: "2026-12-01T10:00:00Z", issuer: "https://as.example", client_id: "c1", audience: "https://api.example", scopes: ["read", "write"], expires_in: 3600 };
const decided = { id: "e2", type: "api_decision", time: "2026-12-01T10:05:00Z", issuer: "https://as.example", client_id: "c1", audience: "https://api.example", scope: "read", decision: "allow" };
const ndjson = (...lines: unknown[]) => lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n");

describe("[USAGE] NDJSON events", () => {
  it("parses both types, ignores unknown fields and blank lines, namespaces ids by source", () => {
    const { events, problems } = parseNdjson(ndjson(issued, "", { ...decided, extra: { nested: true }, reason: "ok" }, ""), "steward", now);
    expect(problems).toEqual([]);
    expect(events).toEqual([
      { eventId: "steward:e1", source: "steward", kind: "token_issued", occurredAt: new Date("2026-12-01T10:00:00Z"), issuer: "https://as.example", clientId: "c1", credentialKey: null, audience: "https://api.example", scopes: ["read", "write"], decision: null, reason: null, expiresInSeconds: 3600 },
      { eventId: "steward:e2", source: "steward", kind: "api_decision", occurredAt: new Date("2026-12-01T10:05:00Z"), issuer: "https://as.example", clientId: "c1", credentialKey: null, audience: "https://api.example", scopes: ["read"], decision: "allow", reason: "ok", expiresInSeconds: null },
    ]);
  });

  it("reports every bad line by number and field", () => {
    const { events, problems, problemCount } = parseNdjson(
      ndjson(issued, "{not json", { ...decided, decision: "maybe" }, { ...decided, client_id: undefined }, { type: "other" }, [1], { ...issued, time: "yesterday" }, { ...issued, time: "2026-12-01T14:00:00Z" }, { ...issued, expires_in: -1 }, { ...issued, client_id: "a\u0000b" }),
      "steward",
      now,
    );
    expect(events).toHaveLength(1);
    expect(problems.map((p) => [p.line, p.field])).toEqual([
      [2, "line"],
      [3, "decision"],
      [4, "client_id"],
      [5, "type"],
      [6, "line"],
      [7, "time"],
      [8, "time"],
      [9, "expires_in"],
      [10, "client_id"],
    ]);
    expect(problemCount).toBe(9);
    expect(problems[6]?.message).toBe("must not be in the future");
  });

  it("a line with several problems lists them all, the missing client too", () => {
    const { problems } = parseNdjson(ndjson({ type: "api_decision" }), "steward", now);
    expect(problems.map((p) => p.field).sort()).toEqual(["audience", "client_id", "decision", "scope", "time"]);
  });

  it("an event without an id gets the hash of its canonical line: key order and spacing do not matter", () => {
    const a = eventIdOf("steward", undefined, { b: 1, a: [2, 3] });
    expect(a).toBe(eventIdOf("steward", undefined, JSON.parse('{ "a": [2,3], "b": 1 }')));
    expect(a).not.toBe(eventIdOf("steward", undefined, { b: 2, a: [2, 3] }));
    expect(a).toMatch(/^steward:sha256:[0-9a-f]{64}$/);
  });

  it("accepts a credential key instead of a client id for decisions", () => {
    const { events } = parseNdjson(ndjson({ ...decided, client_id: undefined, issuer: undefined, credential: "billing-sync" }), "steward", now);
    expect(events[0]).toMatchObject({ clientId: null, issuer: null, credentialKey: "billing-sync" });
  });
});

describe("[USAGE] in-memory rollup", () => {
  const parsed = parseNdjson(ndjson(issued, { ...issued, id: "e3", time: "2026-12-01T11:00:00Z", expires_in: 7200, scopes: ["read"] }, decided, { ...decided, id: "e4", decision: "deny", time: "2026-12-01T09:00:00Z" }, { ...decided, id: "e5", client_id: "stranger" }), "steward", now).events;
  const resolved: ResolvedEvent[] = parsed.map((e) => ({ ...e, credentialId: e.clientId === "c1" ? "cred-1" : null, apiId: "api-1" }));

  it("one row per day × subject × audience × scope: issuance under '' and each scope, decisions under theirs", () => {
    const { daily } = rollUp(resolved);
    const row = (subject: string, scope: string) => daily.find((r) => r.subject === subject && r.scope === scope);
    expect(row("cred-1", "")).toMatchObject({ day: "2026-12-01", issued: 2, allowed: 0, denied: 0, maxTtlSeconds: 7200, firstSeenAt: "2026-12-01T10:00:00.000Z", lastSeenAt: "2026-12-01T11:00:00.000Z" });
    expect(row("cred-1", "read")).toMatchObject({ issued: 2, allowed: 1, denied: 1, firstSeenAt: "2026-12-01T09:00:00.000Z" });
    expect(row("cred-1", "write")).toMatchObject({ issued: 1, allowed: 0 });
    expect(row("client:https://as.example stranger", "read")).toMatchObject({ allowed: 1, credentialId: null, clientId: "stranger" });
    expect(daily).toHaveLength(4);
  });

  it("clients seen with their event counts and audiences", () => {
    const { clients } = rollUp(resolved);
    expect(clients).toEqual([
      { issuer: "https://as.example", clientId: "c1", credentialId: "cred-1", firstSeenAt: "2026-12-01T09:00:00.000Z", lastSeenAt: "2026-12-01T11:00:00.000Z", events: 4, audiences: ["https://api.example"] },
      { issuer: "https://as.example", clientId: "stranger", credentialId: null, firstSeenAt: "2026-12-01T10:05:00.000Z", lastSeenAt: "2026-12-01T10:05:00.000Z", events: 1, audiences: ["https://api.example"] },
    ]);
  });

  it("scope uses: allowed decisions and issued scopes of known credentials, latest time; denials and unknown audiences do not count", () => {
    const allowed = resolved.find((e) => e.decision === "allow");
    if (!allowed) throw new Error("fixture has an allowed decision");
    const withUnknownApi: ResolvedEvent = { ...allowed, eventId: "x", audience: "https://elsewhere", apiId: null };
    expect(scopeUses([...resolved, withUnknownApi]).sort((a, b) => a.scope.localeCompare(b.scope))).toEqual([
      { credentialId: "cred-1", apiId: "api-1", anyApi: false, scope: "read", at: "2026-12-01T11:00:00.000Z" },
      { credentialId: "cred-1", apiId: "api-1", anyApi: false, scope: "write", at: "2026-12-01T10:00:00.000Z" },
    ]);
  });

  it("the subject of an unresolved credential key", () => {
    expect(subjectOf({ credentialId: null, issuer: null, clientId: null, credentialKey: "k" })).toBe("key:k");
  });
});
