import { ingestResultDto } from "@/lib/validation/usage";
import { endpoint } from "./endpoint";

const tag = "Usage evidence";
const ingest = { permission: "usage:ingest" } as const;

/**
 * Usage ingest (DESIGN §8.7, docs/usage-events.md): the raw body is the batch. API tokens must be
 * ingest tokens (and an ingest token can call nothing else); a re-sent event is a no-op by its id,
 * so the endpoints are repeatable without an Idempotency-Key.
 */
export const usageEndpoints = {
  ingestUsageEvents: endpoint({
    operationId: "ingestUsageEvents",
    method: "POST",
    path: "/api/v1/events",
    summary:
      "Post usage events as NDJSON (application/x-ndjson, Content-Encoding: gzip accepted, at most 10 MB after decompression): token_issued and api_decision lines. Unknown fields are ignored; any bad line refuses the whole batch with 422 and details.lines = [{ line, field, message }]; re-sent events (same id) are counted as duplicates and change nothing",
    tag,
    access: ingest,
    tokenScope: "ingest",
    repeatable: true,
    response: ingestResultDto,
  }),
  ingestOpaDecisions: endpoint({
    operationId: "ingestOpaDecisions",
    method: "POST",
    path: "/api/v1/events/opa",
    summary:
      "Post Open Policy Agent decision logs as its decision_logs plugin sends them (a JSON array, usually gzip): each decision becomes an api_decision event by the documented mapping (event id opa:<decision_id>); all-or-nothing per request like /api/v1/events",
    tag,
    access: ingest,
    tokenScope: "ingest",
    repeatable: true,
    response: ingestResultDto,
  }),
} satisfies Record<string, ReturnType<typeof endpoint>>;
