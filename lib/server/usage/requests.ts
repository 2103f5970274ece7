import "server-only";
import { after } from "next/server";
import type { Db } from "@/db/client";
import { parseNdjson, type LineProblem } from "@/lib/domain/usage/events";
import { OPA_SOURCE, parseOpaDecisions } from "@/lib/domain/usage/opa";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/server/context";
import { describeError } from "@/lib/server/log";
import { sweepQueuedPosture } from "@/lib/server/posture/sweep";
import { readUsageBody } from "./body";
import { ingestUsageEvents } from "./ingest";

/** Events posted to /api/v1/events are namespaced "steward:<id>". */
export const NDJSON_SOURCE = "steward";
const NDJSON_TYPES = ["application/x-ndjson", "application/jsonl", "application/json-lines", "application/jsonlines"] as const;

/** 422 naming every bad line (up to the report cap) — and nothing written. */
function refuse(problems: readonly LineProblem[], total: number): never {
  const first = problems[0];
  const more = total > problems.length ? ` (${total - problems.length} more not listed)` : "";
  throw new AppError("INVALID_INPUT", `${total === 1 ? "One line is" : `${total} problems are`} invalid; nothing was stored${first ? `: line ${first.line} ${first.field} ${first.message}` : ""}${more}`, {
    lines: problems,
  });
}

export async function ingestNdjson(db: Db, ctx: RequestContext, request: Request, now: Date = new Date()) {
  const text = await readUsageBody(request, NDJSON_TYPES);
  const { events, problems, problemCount } = parseNdjson(text, NDJSON_SOURCE, now);
  if (problemCount > 0) refuse(problems, problemCount);
  return ingestUsageEvents(db, ctx, NDJSON_SOURCE, events, now);
}

export async function ingestOpa(db: Db, ctx: RequestContext, request: Request, now: Date = new Date()) {
  const text = await readUsageBody(request, ["application/json"]);
  let body: unknown;
  try {
    body = text.trim() === "" ? [] : JSON.parse(text);
  } catch {
    throw new AppError("INVALID_REQUEST", "The body is not valid JSON");
  }
  const { events, problems } = parseOpaDecisions(body, now);
  if (problems.length > 0) refuse(problems.slice(0, 100), problems.length);
  return ingestUsageEvents(db, ctx, OPA_SOURCE, events, now);
}

/**
 * Once the response is sent, the rules run for the credentials the request queued (design §8.7), so
 * usage findings appear within moments; the scheduled sweep stays the backstop if this process stops
 * first. Called outside a request (the handler invoked directly, as the integration tests do), there
 * is no "after the response": the queue is left to the sweep, as the tests of the queue expect.
 */
export function refreshQueuedAfterResponse<T extends { accepted: number }>(db: Db, result: T): T {
  if (result.accepted === 0) return result;
  const refresh = () =>
    sweepQueuedPosture(db).then(
      () => undefined,
      (error: unknown) => console.error(`[steward] usage posture refresh failed: ${describeError(error)}`),
    );
  try {
    after(refresh);
  } catch (error) {
    if (!(error instanceof Error && /outside a request scope/i.test(error.message))) throw error;
  }
  return result;
}
