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

/** One parsed JSON value → an event or its problems (the line number is the caller's). */
export function normaliseEvent(raw: unknown, line: number, source: string, now: Date): { event: UsageEvent } | { problems: LineProblem[] } {
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
