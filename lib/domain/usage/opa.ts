import { eventIdOf, normaliseEvent, type LineProblem, type UsageEvent } from "./events";

/**
 * Open Policy Agent decision logs (docs/usage-events.md "OPA"), pure: the JSON array OPA's
 * `decision_logs` plugin POSTs → api_decision events, by a documented default mapping:
 *
 * - client: `input.client_id`, else `input.token.azp`, else `input.token.client_id`
 *   (or `input.credential`: an inventory credential key)
 * - issuer: `input.issuer`, else `input.token.iss`
 * - API audience: `input.audience`, else `input.token.aud` (the first, when a list)
 * - scope: `input.scope`, else `input.action`
 * - decision: `result` when a boolean, else `result.allow`
 * - reason: `result.reason`
 * - time: `timestamp`; event id: `opa:<decision_id>`
 *
 * A problem names the entry (1-based, as `line`) and the OPA field it reads.
 */
export const OPA_SOURCE = "opa";

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const firstString = (v: unknown): string | undefined => (Array.isArray(v) ? v.map(str).find((s) => s !== undefined) : str(v));

/** Where each Steward field comes from in an OPA decision, for problems. */
const opaField: Record<string, string> = {
  id: "decision_id",
  time: "timestamp",
  client_id: "input.client_id",
  credential: "input.credential",
  issuer: "input.issuer",
  audience: "input.audience",
  scope: "input.scope",
  decision: "result",
  reason: "result.reason",
};

/** One decision → the Steward event object it stands for (before validation). */
export function mapOpaDecision(raw: unknown): Json {
  const d = obj(raw) ?? {};
  const input = obj(d.input) ?? {};
  const token = obj(input.token) ?? {};
  const result = d.result;
  const allow = typeof result === "boolean" ? result : obj(result)?.allow;
  return {
    type: "api_decision",
    id: str(d.decision_id),
    time: d.timestamp,
    client_id: str(input.client_id) ?? str(token.azp) ?? str(token.client_id),
    credential: str(input.credential),
    issuer: str(input.issuer) ?? str(token.iss),
    audience: str(input.audience) ?? firstString(token.aud),
    scope: str(input.scope) ?? str(input.action),
    decision: allow === true ? "allow" : allow === false ? "deny" : undefined,
    reason: str(obj(result)?.reason),
  };
}

/** The decision log body (a JSON array, or one object) → events, or problems by entry number. */
export function parseOpaDecisions(body: unknown, now: Date): { events: UsageEvent[]; problems: LineProblem[] } {
  const entries = Array.isArray(body) ? body : [body];
  const events: UsageEvent[] = [];
  const problems: LineProblem[] = [];
  entries.forEach((entry, index) => {
    const line = index + 1;
    const mapped = mapOpaDecision(entry);
    // The id namespaces by decision_id; without one, the hash covers the whole decision as OPA sent it.
    const result = normaliseEvent(mapped, line, OPA_SOURCE, now);
    if ("event" in result) {
      events.push(mapped.id === undefined ? { ...result.event, eventId: eventIdOf(OPA_SOURCE, undefined, entry) } : result.event);
    } else {
      for (const p of result.problems) problems.push({ ...p, field: opaField[p.field] ?? p.field });
    }
  });
  return { events, problems };
}
