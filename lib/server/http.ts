import "server-only";
import { z } from "zod";
import { AppError, errorStatus, type ErrorBody, type FieldErrors } from "@/lib/errors";
import { unstorableTextProblem } from "@/lib/validation/common";
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from "./db-unavailable";

/** Zod issues → { "field.path": ["message"] }, the shape forms render next to inputs. */
export function fieldErrorsOf(error: z.ZodError, prefix?: string): FieldErrors {
  // No prototype: a field path such as "constructor" must not find Object.prototype's.
  const fields: FieldErrors = Object.create(null) as FieldErrors;
  for (const issue of error.issues) {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join(".") || "body";
    (fields[path] ??= []).push(issue.message);
  }
  // A plain object again (React serialises only those); a "__proto__" key stays an own key.
  return { ...fields };
}

/**
 * Fields PostgreSQL cannot store, keyed like fieldErrorsOf: text with a NUL character (U+0000),
 * which text columns refuse, or a lone surrogate, which jsonb (the audit payload) refuses. Either
 * would fail the write as a 500; no field of Steward's means anything with one, so it is refused up
 * front (422) for bodies, query strings and forms alike.
 */
export function unstorableFieldsOf(value: unknown, prefix = ""): FieldErrors {
  const fields: FieldErrors = Object.create(null) as FieldErrors;
  const add = (path: string, message: string) => {
    (fields[path] ??= []).push(message);
  };
  const visit = (v: unknown, path: string, depth: number) => {
    if (typeof v === "string") {
      const problem = unstorableTextProblem(v);
      if (problem) add(path || "body", problem);
      return;
    }
    // Deeper than any schema goes: zod reports the shape; this walk need not follow junk down.
    if (!v || typeof v !== "object" || depth > 32) return;
    for (const [key, item] of Object.entries(v)) {
      const child = path ? `${path}.${key}` : key;
      const problem = unstorableTextProblem(key);
      if (problem) add(child, problem);
      visit(item, child, depth + 1);
    }
  };
  visit(value, prefix, 0);
  return { ...fields };
}

/**
 * A request body as UTF-8 text, read chunk by chunk against the cap: a declared length over it
 * is refused unread, and a body without one (chunked) is cut off as soon as it passes the cap
 * rather than buffered whole. Fewer bytes than declared means something on the way cut the body:
 * refused, so a truncated file never passes for the whole of it.
 */
export async function readBodyText(request: Request, maxBytes: number, tooLarge: () => AppError): Promise<string> {
  return utf8Text(await readBodyBytes(request, maxBytes, tooLarge));
}

/** A body's bytes as text; bytes that are not UTF-8 are refused, never replaced. */
export function utf8Text(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("INVALID_REQUEST", "The body is not UTF-8 text");
  }
}

/**
 * The body's bytes as sent, read chunk by chunk and cut off past `maxBytes` (a declared
 * Content-Length over the cap is refused before reading); a body shorter than it declared is refused.
 */
export async function readBodyBytes(request: Request, maxBytes: number, tooLarge: () => AppError): Promise<Buffer> {
  const declared = request.headers.get("content-length");
  if (Number(declared ?? "0") > maxBytes) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  if (declared !== null && size !== Number(declared)) throw new AppError("INVALID_REQUEST", "The body arrived incomplete; send it again");
  return Buffer.concat(chunks);
}

/** A JSON body under the cap; an empty one is `{}`. */
export async function readJson(request: Request, maxBytes: number): Promise<unknown> {
  const text = await readBodyText(request, maxBytes, () => new AppError("PAYLOAD_TOO_LARGE", `Request body must be at most ${maxBytes} bytes`));
  if (text.trim() === "") return {};
  if (!(request.headers.get("content-type") ?? "").includes("application/json")) throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json");
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("INVALID_REQUEST", "The body is not valid JSON");
  }
}

export const securityHeaders: Record<string, string> = {
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
};

export function json(body: unknown, status = 200, extra?: Record<string, string>): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", ...securityHeaders, ...extra },
  });
}

/** The error envelope; a 503 always says when to come back (Retry-After), so clients back off instead of hammering. */
export function errorResponse(error: AppError, requestId: string, extra?: Record<string, string>): Response {
  const body: ErrorBody = {
    error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}), requestId },
  };
  const retry: Record<string, string> = error.code === "UNAVAILABLE" ? { "Retry-After": String(UNAVAILABLE_RETRY_AFTER_SECONDS) } : {};
  return json(body, errorStatus[error.code], { ...retry, ...extra });
}

const UNIQUE_FIELDS: Record<string, string> = {
  users_email_key: "email",
  people_email_key: "email",
  teams_name_key: "name",
  teams_key_key: "key",
  authorization_servers_key_key: "key",
  authorization_servers_issuer_key: "issuerUrl",
  apis_key_key: "key",
  apis_audience_key: "audience",
  api_scopes_api_name_key: "scopes",
  applications_key_key: "key",
  credentials_key_key: "key",
  credentials_server_client_key: "clientId",
  rotation_policies_key_key: "key",
  rotation_policies_name_key: "name",
};

/** A unique-constraint violation that slipped past a service's own check (a race) → 409 naming the field. */
export function uniqueViolation(error: unknown): AppError | undefined {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const { code, constraint, constraint_name } = e as { code?: string; constraint?: string; constraint_name?: string };
    if (code === "23505") {
      const field = UNIQUE_FIELDS[constraint ?? constraint_name ?? ""];
      return new AppError("CONFLICT", "This record already exists", field ? { fields: { [field]: ["is already taken"] } } : undefined);
    }
  }
  return undefined;
}
