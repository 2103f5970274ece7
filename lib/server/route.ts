import "server-only";
import type { z } from "zod";
import { getDb } from "@/db";
import { asDb, type Db } from "@/db/client";
import { can } from "@/lib/authz/permissions";
import type { Endpoint, Output } from "@/lib/api/endpoint";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { recordAuditEvent } from "./audited";
import { auditContext, type Actor, type RequestContext } from "./context";
import { isCrossSiteRequest, SAFE_METHODS } from "./csrf";
import { errorResponse, fieldErrorsOf, json, readJson, unstorableFieldsOf, uniqueViolation } from "./http";
import { clientIp } from "./client-address";
import { clientRequestIdOf, publicOrigin, requestIdOf } from "./request-meta";
import { currentActor } from "./session";
import { authenticateBearer } from "./api-tokens";
import { tokenScopeRefusal } from "@/lib/domain/api-tokens";
import { idempotencyKeyOf, requestHash, runIdempotent } from "./idempotency";
import { databaseUnavailable } from "./db-unavailable";
import { describeError, logText } from "./log";

/** The token of an `Authorization: Bearer …` header, or null. */
function bearerOf(headers: Headers): string | null {
  const value = headers.get("authorization");
  if (!value) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return m?.[1] ?? "";
}

const MAX_BODY_BYTES = 256 * 1024;

type Args<E extends Endpoint> = {
  db: Db;
  ctx: RequestContext;
  actor: E["access"] extends "public" ? Actor | null : Actor;
  params: Output<E["params"]>;
  query: Output<E["query"]>;
  body: Output<E["body"]>;
  request: Request;
};

/** What a handler may return for a response schema: Dates stand in for ISO strings (serialised on the way out). */
type Wire<T> = T extends string ? string | Date : T extends (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;

type RouteContext = { params: Promise<Record<string, string | string[]>> };

function parse<S extends z.ZodType | undefined>(schema: S, input: unknown, where: string): Output<S> {
  if (!schema) return undefined as Output<S>;
  const unstorable = unstorableFieldsOf(input);
  if (Object.keys(unstorable).length > 0) {
    throw new AppError("INVALID_INPUT", `Invalid ${where}: ${Object.keys(unstorable).join(", ")} cannot be stored`, { fields: unstorable });
  }
  const result = schema.safeParse(input);
  if (!result.success) {
    const fields = fieldErrorsOf(result.error);
    const summary = Object.entries(fields)
      .map(([field, messages]) => `${field} ${messages.join(", ")}`)
      .join("; ");
    throw new AppError("INVALID_INPUT", `Invalid ${where}: ${summary}`, { fields });
  }
  return result.data as Output<S>;
}

/**
 * The one road for every /api/v1 request: CSRF (session writes) → session or API token → permission
 * (denials audited) → zod parse → handler (inside its Idempotency-Key's transaction when a write
 * carries one) → response through the declared schema. Errors become the DESIGN §8.1
 * envelope; unknown errors are logged with the request id and never shown.
 */
export function route<E extends Endpoint>(spec: E, handler: (args: Args<E>) => Promise<Wire<Output<E["response"]>> | Response>) {
  return async (request: Request, routeContext: RouteContext): Promise<Response> => {
    const requestId = requestIdOf(request.headers);
    // The client's own id (lib/domain/request-id) sits beside the server's in the log and the audit log.
    const clientRequestId = clientRequestIdOf(request.headers);
    const logId = `request=${requestId}${clientRequestId ? ` client-request=${clientRequestId}` : ""}`;
    try {
      const origin = publicOrigin(request.headers, env().AUTH_URL);
      const bearer = bearerOf(request.headers);
      // Cookies ride along on cross-site requests; an Authorization header never does, so only
      // session-authenticated writes need the same-origin check.
      if (!bearer && !SAFE_METHODS.has(request.method) && isCrossSiteRequest(request.headers, origin)) {
        throw new AppError("FORBIDDEN", "Cross-origin request refused");
      }
      const db = await getDb();
      const meta = { method: request.method, path: new URL(request.url).pathname, requestId, clientRequestId, ip: clientIp(request.headers) };
      // A bad token is 401, except on public endpoints (health, readiness), which ignore it.
      const token = bearer ? await authenticateBearer(db, bearer, meta).catch((error: unknown) => {
        if (spec.access === "public") return null;
        throw error;
      }) : null;
      const actor = token ? token.actor : bearer ? null : spec.access === "public" ? await currentActor().catch(() => null) : await currentActor();
      const ctx: RequestContext = { requestId, clientRequestId, ip: meta.ip, origin, actor, ...(token ? { via: token.via } : {}) };
      if (spec.access !== "public") {
        if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in first");
        const refusal = !token
          ? null
          : spec.sessionOnly
            ? "API tokens cannot manage API tokens: sign in to do that"
            : (tokenScopeRefusal(token.scope, spec.tokenScope ?? "api") ?? (!token.allows(request.method) ? "This API token is read-only" : null));
        const missing = spec.access !== "signed-in" && !can(actor.role, spec.access.permission) ? spec.access.permission : null;
        if (refusal || missing) {
          await recordAuditEvent(db, auditContext(ctx), {
            action: "authz.denied",
            payload: { ...(missing ? { permission: missing } : { reason: refusal }), method: request.method, path: meta.path },
          });
          throw new AppError("FORBIDDEN", refusal ?? "You do not have permission to do that");
        }
      }
      const url = new URL(request.url);
      // A malformed id names nothing that exists: 404, like an unknown one.
      const rawParams = await routeContext.params;
      if (spec.params && !spec.params.safeParse(rawParams).success) throw new AppError("NOT_FOUND", "Not found");
      const params = parse(spec.params, rawParams, "path parameters");
      const query = parse(spec.query, queryObject(url.searchParams), "query parameters");
      const rawBody = spec.body ? await readJson(request, MAX_BODY_BYTES) : undefined;
      const body = parse(spec.body, rawBody, "body");
      const status = spec.successStatus ?? 200;
      const args = { ctx, actor, params, query, body, request };
      /** Dates → ISO strings, then through the declared schema: only declared fields leave the server. */
      const serialise = (result: unknown) => {
        const plain: unknown = result === undefined ? undefined : JSON.parse(JSON.stringify(result));
        return spec.response ? spec.response.parse(plain) : plain;
      };
      const key = SAFE_METHODS.has(request.method) || spec.repeatable || !actor ? null : idempotencyKeyOf(request.headers);
      try {
        if (!key || !actor) {
          const result = await handler({ ...args, db } as Args<E>);
          return result instanceof Response ? result : json(serialise(result), status);
        }
        // The handler runs inside the key's transaction (its own transactions become savepoints).
        const outcome = await runIdempotent(db, { userId: actor.userId, key, hash: requestHash(request.method, `${url.pathname}${url.search}`, rawBody) }, async (tx) => {
          const result = await handler({ ...args, db: asDb(tx) } as Args<E>);
          if (result instanceof Response) return { response: result, stored: { status: result.status, body: null } };
          const out = serialise(result);
          return { response: json(out, status), stored: { status, body: spec.secretResponse ? null : (out ?? {}) } };
        });
        if (outcome.kind === "fresh") return outcome.response;
        return json(outcome.stored.body, outcome.stored.status, { "Idempotent-Replayed": "true" });
      } catch (error) {
        // A record-level denial (DESIGN §2) is audited like a role denial; the handler's transaction has rolled back.
        if (error instanceof AppError && error.code === "FORBIDDEN") {
          await recordAuditEvent(db, auditContext(ctx), {
            action: "authz.denied",
            payload: { reason: error.message, method: request.method, path: meta.path },
          });
        }
        throw error;
      }
    } catch (error) {
      if (error instanceof AppError) {
        return errorResponse(error, requestId);
      }
      const conflict = uniqueViolation(error);
      if (conflict) return errorResponse(conflict, requestId);
      // The database is down or restarting: 503 with Retry-After, which a client may retry (with its Idempotency-Key).
      const outage = databaseUnavailable(error);
      if (outage) {
        console.error(`[api] ${request.method} ${logText(new URL(request.url).pathname)} ${logText(logId)} database unavailable: ${describeError(error)}`);
        return errorResponse(outage, requestId);
      }
      // The path only, never the query string (it carries filters, cursors: request data).
      console.error(`[api] ${request.method} ${logText(new URL(request.url).pathname)} ${logText(logId)} failed: ${describeError(error, 5)}`);
      return errorResponse(new AppError("INTERNAL", "Something went wrong; the request id is in the server log"), requestId);
    }
  };
}

/** Query parameters as an object; a repeated key (`frameworks=a&frameworks=b`, as a form's checkboxes send) becomes an array. */
function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length > 1 ? all : (all[0] ?? "");
  }
  return out;
}
