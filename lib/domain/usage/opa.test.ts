import { describe, expect, it } from "vitest";
import { mapOpaDecision, parseOpaDecisions } from "./opa";

const now = new Date("2026-12-01T12:00:00Z");
/** A decision as OPA's decision_logs plugin sends it (nanosecond timestamp, labels, metrics). */
const decision = (over: Record<string, unknown> = {}) => ({
  labels: { id: "opa-1", version: "1.4.2" },
  decision_id: "4ca636c1-55e4-417a-b1d8-4aceb67960d1",
  path: "http/authz/allow",
  input: { client_id: "c1", audience: "https://api.example", scope: "read", method: "GET" },
  result: true,
  requested_by: "127.0.0.1:52104",
  timestamp: "2026-12-01T10:00:00.123456789Z",
  metrics: { timer_rego_query_eval_ns: 12345 },
  ...over,
});

describe("[USAGE] OPA decision log mapping", () => {
  it("maps the default fields: client, audience, scope, boolean result, time, id opa:<decision_id>", () => {
    const { events, problems } = parseOpaDecisions([decision()], now);
    expect(problems).toEqual([]);
    expect(events).toEqual([
      expect.objectContaining({ eventId: "opa:4ca636c1-55e4-417a-b1d8-4aceb67960d1", source: "opa", kind: "api_decision", clientId: "c1", audience: "https://api.example", scopes: ["read"], decision: "allow", reason: null }),
    ]);
    expect(events[0]?.occurredAt.toISOString()).toBe("2026-12-01T10:00:00.123Z");
  });

  it("falls back to the token's azp / client_id, aud (first of a list), iss, and to input.action", () => {
    expect(mapOpaDecision(decision({ input: { token: { azp: "azp-client", aud: ["https://a", "https://b"], iss: "https://as.example" }, action: "write" } }))).toMatchObject({
      client_id: "azp-client",
      audience: "https://a",
      issuer: "https://as.example",
      scope: "write",
    });
    expect(mapOpaDecision(decision({ input: { token: { client_id: "cid", aud: "https://only" }, scope: "s" } }))).toMatchObject({ client_id: "cid", audience: "https://only" });
    // input.* wins over the token's claims.
    expect(mapOpaDecision(decision({ input: { client_id: "explicit", token: { azp: "azp" }, audience: "https://x", scope: "s" } }))).toMatchObject({ client_id: "explicit" });
  });

  it("reads result.allow and result.reason from an object result; false is a deny", () => {
    const { events } = parseOpaDecisions([decision({ result: { allow: false, reason: "scope write not granted" } }), decision({ decision_id: "d2", result: false })], now);
    expect(events.map((e) => [e.decision, e.reason])).toEqual([
      ["deny", "scope write not granted"],
      ["deny", null],
    ]);
  });

  it("names the entry and the OPA field of each problem", () => {
    const { events, problems } = parseOpaDecisions([decision(), decision({ decision_id: "d2", result: { reasons: [] } }), decision({ decision_id: "d3", input: { audience: "https://x", scope: "s" } })], now);
    expect(events).toHaveLength(1);
    expect(problems).toEqual([
      { line: 2, field: "result", message: "must be allow or deny" },
      { line: 3, field: "input.client_id", message: "client_id or credential is required" },
    ]);
  });

  it("without a decision_id, the id is a hash of the whole decision: the same decision re-sent is the same id", () => {
    const one = parseOpaDecisions([decision({ decision_id: undefined })], now).events[0];
    const again = parseOpaDecisions([decision({ decision_id: undefined })], now).events[0];
    const other = parseOpaDecisions([decision({ decision_id: undefined, timestamp: "2026-12-01T10:00:01Z" })], now).events[0];
    expect(one?.eventId).toMatch(/^opa:sha256:[0-9a-f]{64}$/);
    expect(again?.eventId).toBe(one?.eventId);
    expect(other?.eventId).not.toBe(one?.eventId);
  });

  it("accepts one decision object as well as an array", () => {
    expect(parseOpaDecisions(decision(), now).events).toHaveLength(1);
  });
});
