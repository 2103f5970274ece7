import { createHash } from "node:crypto";
import { z } from "zod";
import { canonicalJson } from "@/lib/domain/audit-chain";
import { unstorableTextProblem } from "@/lib/validation/common";

/**
 * Usage events (DESIGN §8.7, docs/usage-events.md), pure: one NDJSON line → one normalised event, or
 * the problems of that line by number. Unknown fields are ignored (collectors add their own); a
 * batch with any bad line is refused whole by the caller, so nothing is half-applied.
 */
export const MAX_INGEST_BYTES = 10 * 1024 * 1024;
/** Events dated further ahead than this (clock skew) are refused: they would create rollup days that have not happened. */
export const MAX_FUTURE_SKEW_MS = 60 * 60 * 1000;
/** At most this many line problems are reported; the rest are counted. */
export const MAX_REPORTED_PROBLEMS = 100;

export type UsageEventKind = "token_issued" | "api_decision";
export type UsageDecision = "allow" | "deny";

/** An event as stored: `eventId` is "<source>:<id>" (or "<source>:sha256:<hash of the canonical line>"). */
export type UsageEvent = {
  eventId: string;
  source: string;
  kind: UsageEventKind;
  occurredAt: Date;
  issuer: string | null;
  clientId: string | null;
  /** An inventory credential's key, when the event names the credential rather than its client id. */
  credentialKey: string | null;
  audience: string | null;
  scopes: string[];
  decision: UsageDecision | null;
  reason: string | null;
  expiresInSeconds: number | null;
};

export type LineProblem = { line: number; field: string; message: string };

const text = (max: number) =>
  z
    .string({ error: "must be a string" })
    .min(1, { error: "must not be empty" })
    .max(max, { error: `must be at most ${max} characters` })
    .superRefine((v, ctx) => {
      const problem = unstorableTextProblem(v);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
const time = z.iso.datetime({ offset: true, error: "must be an ISO 8601 date and time with a zone, e.g. 2026-12-01T10:00:00Z" });
const common = {
  id: text(200).optional(),
  time,
  issuer: text(2048).optional(),
  audience: text(2048).optional(),
};

const tokenIssued = z.object({
  ...common,
  type: z.literal("token_issued"),
  issuer: text(2048),
  client_id: text(256),
  scopes: z.array(text(256), { error: "must be an array of strings" }).max(200, { error: "must have at most 200 scopes" }).default([]),
  expires_in: z.number({ error: "must be a number of seconds" }).int({ error: "must be a whole number of seconds" }).min(0, { error: "must not be negative" }).max(315_360_000, { error: "must be at most ten years" }).optional(),
});

const apiDecision = z
  .object({
    ...common,
    type: z.literal("api_decision"),
    client_id: text(256).optional(),
    credential: text(256).optional(),
    audience: text(2048),
    scope: text(256),
    decision: z.enum(["allow", "deny"], { error: "must be allow or deny" }),
    reason: text(1000).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.client_id === undefined && v.credential === undefined) ctx.addIssue({ code: "custom", path: ["client_id"], message: "client_id or credential is required" });
  });

const typeField = z.enum(["token_issued", "api_decision"], { error: "must be token_issued or api_decision" });

/** The id a re-send repeats: the sender's, namespaced by source, else a hash of the line's canonical JSON. */
export function eventIdOf(source: string, id: string | undefined, raw: unknown): string {
  return id !== undefined ? `${source}:${id}` : `${source}:sha256:${createHash("sha256").update(canonicalJson(raw)).digest("hex")}`;
}

function problemsOf(error: z.ZodError, line: number): LineProblem[] {
  return error.issues.map((issue) => ({ line, field: issue.path.map(String).join(".") || "line", message: issue.message }));
}

/*
 * The fast path. zod (safeParse, the datetime regex, the refinement closures and their garbage) was
 * ~18% of the ingest benchmark's CPU; almost every line is a plain valid event. `fastEvent` checks
 * that common shape by hand and builds the very event the schemas would; the moment anything is
 * unusual — a field missing, null, of another type, out of range, a surrogate, a time in a rarer
 * ISO form, a future time — it answers undefined and the schema path decides, so every problem,
 * field name and message is the schemas' own. It may refuse what the schemas accept, never the
 * reverse (events.fast-path.test.ts holds it to that).
 */

/** A text(max) value with nothing to think about: 1…max UTF-16 units, no NUL, no surrogate at all (pairs go to zod too). */
function isPlainText(v: unknown, max: number): v is string {
  if (typeof v !== "string" || v.length === 0 || v.length > max) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 0 || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/** An optional text(max): absent (undefined, as zod reads it; null is a zod error) or plain text. */
const isOptionalPlainText = (v: unknown, max: number): v is string | undefined => v === undefined || isPlainText(v, max);

/** The two ASCII digits at `i` as a number, or -1 (zod's `\d` is ASCII only). */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * A subset of what `z.iso.datetime({ offset: true })` accepts. zod 4's regex: YYYY-MM-DD with the
 * Gregorian leap years, `T`, HH:MM:SS, an optional fraction of any length, `Z` or ±HH:MM with
 * HH ≤ 23. Here the fraction has 1–9 digits; anything else (lower-case t/z, ±HHMM, no seconds…)
 * is left to zod, which accepts or refuses it itself. The property test pins this to the zod installed.
 */
function isPlainInstant(s: string): boolean {
  const n = s.length;
  if (n < 20 || n > 35) return false;
  const century = twoDigits(s, 0);
  const yy = twoDigits(s, 2);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  if (century < 0 || yy < 0 || s.charCodeAt(4) !== 45 /* - */ || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 /* T */) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  // Every fourth year, but of the century years only every fourth (1900 is not, 2000 is).
  const leap = yy === 0 ? century % 4 === 0 : yy % 4 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  if (day > days) return false;
  const hour = twoDigits(s, 11);
  const minute = twoDigits(s, 14);
  const second = twoDigits(s, 17);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || s.charCodeAt(13) !== 58 /* : */ || s.charCodeAt(16) !== 58) return false;
  let i = 19;
  if (s.charCodeAt(i) === 46 /* . */) {
    i += 1;
    const from = i;
    while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i += 1;
    if (i === from || i - from > 9) return false;
  }
  const zone = s.charCodeAt(i);
  if (zone === 90 /* Z */) return i + 1 === n;
  if (zone !== 43 /* + */ && zone !== 45 /* - */) return false;
  if (i + 6 !== n || s.charCodeAt(i + 3) !== 58) return false;
  const offsetHour = twoDigits(s, i + 1);
  const offsetMinute = twoDigits(s, i + 4);
  return offsetHour >= 0 && offsetHour <= 23 && offsetMinute >= 0 && offsetMinute <= 59;
}

/** The scopes of a plain token_issued line, deduplicated in order (as `[...new Set(scopes)]`), or undefined. */
function plainScopes(v: unknown): string[] | undefined {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.length > 200) return undefined;
  const scopes: string[] = [];
  for (let i = 0; i < v.length; i++) {
    const scope: unknown = v[i];
    if (!isPlainText(scope, 256)) return undefined;
    if (!scopes.includes(scope)) scopes.push(scope);
  }
  return scopes;
}

/**
 * The event of a plain, valid line — exactly what the schema path would make of it — or undefined
 * when the line is anything else (the schema path then answers). Exported for its tests.
 */
export function fastEvent(raw: unknown, source: string, now: Date): UsageEvent | undefined {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  const { type, id, time, issuer, audience } = r;
  if (!isOptionalPlainText(id, 200) || typeof time !== "string" || !isPlainInstant(time)) return undefined;
  const occurredAt = new Date(time);
  // A future time (or, were it possible, an unparsable one) is the schema path's to refuse.
  if (!(occurredAt.getTime() <= now.getTime() + MAX_FUTURE_SKEW_MS)) return undefined;
  if (type === "token_issued") {
    const { client_id: clientId, expires_in: expiresIn } = r;
    if (!isPlainText(issuer, 2048) || !isPlainText(clientId, 256) || !isOptionalPlainText(audience, 2048)) return undefined;
    if (expiresIn !== undefined && !(typeof expiresIn === "number" && Number.isInteger(expiresIn) && expiresIn >= 0 && expiresIn <= 315_360_000)) return undefined;
    const scopes = plainScopes(r.scopes);
    if (scopes === undefined) return undefined;
    return { eventId: eventIdOf(source, id, raw), source, occurredAt, issuer, audience: audience ?? null, kind: "token_issued", clientId, credentialKey: null, scopes, decision: null, reason: null, expiresInSeconds: expiresIn ?? null };
  }
  if (type === "api_decision") {
    const { client_id: clientId, credential, scope, decision, reason } = r;
    if (!isOptionalPlainText(issuer, 2048) || !isPlainText(audience, 2048) || !isPlainText(scope, 256) || (decision !== "allow" && decision !== "deny")) return undefined;
    if (!isOptionalPlainText(clientId, 256) || !isOptionalPlainText(credential, 256) || (clientId === undefined && credential === undefined) || !isOptionalPlainText(reason, 1000)) return undefined;
    return { eventId: eventIdOf(source, id, raw), source, occurredAt, issuer: issuer ?? null, audience, kind: "api_decision", clientId: clientId ?? null, credentialKey: credential ?? null, scopes: [scope], decision, reason: reason ?? null, expiresInSeconds: null };
  }
  return undefined;
}

/** One parsed JSON value → an event or its problems (the line number is the caller's). */
export function normaliseEvent(raw: unknown, line: number, source: string, now: Date): { event: UsageEvent } | { problems: LineProblem[] } {
  const event = fastEvent(raw, source, now);
  return event !== undefined ? { event } : normaliseEventWithSchema(raw, line, source, now);
}

/**
 * `normaliseEvent` by the zod schemas alone: the authority, and the answer whenever the fast path
 * is unsure. Exported for the property test that holds the fast path to it.
 */
export function normaliseEventWithSchema(raw: unknown, line: number, source: string, now: Date): { event: UsageEvent } | { problems: LineProblem[] } {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return { problems: [{ line, field: "line", message: "must be a JSON object" }] };
  const type = typeField.safeParse((raw as Record<string, unknown>).type);
  if (!type.success) return { problems: [{ line, field: "type", message: type.error.issues[0]?.message ?? "is invalid" }] };
  const parsed = type.data === "token_issued" ? tokenIssued.safeParse(raw) : apiDecision.safeParse(raw);
  if (!parsed.success) {
    const problems = problemsOf(parsed.error, line);
    // zod skips the refinement when other fields fail: name the missing subject too, so one answer lists every problem.
    const r = raw as Record<string, unknown>;
    if (type.data === "api_decision" && r.client_id === undefined && r.credential === undefined && !problems.some((p) => p.field === "client_id")) {
      problems.push({ line, field: "client_id", message: "client_id or credential is required" });
    }
    return { problems };
  }
  const v = parsed.data;
  const occurredAt = new Date(v.time);
  if (occurredAt.getTime() > now.getTime() + MAX_FUTURE_SKEW_MS) return { problems: [{ line, field: "time", message: "must not be in the future" }] };
  const base = { eventId: eventIdOf(source, v.id, raw), source, occurredAt, issuer: v.issuer ?? null, audience: v.audience ?? null };
  if (v.type === "token_issued") {
    return { event: { ...base, kind: "token_issued", clientId: v.client_id, credentialKey: null, scopes: [...new Set(v.scopes)], decision: null, reason: null, expiresInSeconds: v.expires_in ?? null } };
  }
  return { event: { ...base, kind: "api_decision", clientId: v.client_id ?? null, credentialKey: v.credential ?? null, scopes: [v.scope], decision: v.decision, reason: v.reason ?? null, expiresInSeconds: null } };
}

/**
 * An NDJSON body → its events, or every problem by line number (1-based; blank lines skipped). The
 * same event id twice in one batch counts once (the first), as a re-send would.
 */
export function parseNdjson(body: string, source: string, now: Date): { events: UsageEvent[]; problems: LineProblem[]; problemCount: number } {
  const events: UsageEvent[] = [];
  const problems: LineProblem[] = [];
  let problemCount = 0;
  let line = 0;
  let start = 0;
  while (start <= body.length) {
    let end = body.indexOf("\n", start);
    if (end === -1) end = body.length;
    line += 1;
    const content = body.slice(start, end).trim();
    start = end + 1;
    if (content === "") continue;
    let raw: unknown;
    try {
      raw = JSON.parse(content);
    } catch {
      problemCount += 1;
      if (problems.length < MAX_REPORTED_PROBLEMS) problems.push({ line, field: "line", message: "is not valid JSON" });
      continue;
    }
    const result = normaliseEvent(raw, line, source, now);
    if ("event" in result) events.push(result.event);
    else {
      problemCount += result.problems.length;
      for (const p of result.problems) if (problems.length < MAX_REPORTED_PROBLEMS) problems.push(p);
    }
  }
  return { events, problems, problemCount };
}
