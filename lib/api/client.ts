import type { z } from "zod";
import type { ErrorCode, FieldErrors } from "@/lib/errors";
import type { Endpoint, Output } from "./endpoint";

/**
 * The browser's one caller of /api/v1. Requests and responses are typed from the endpoint contracts
 * in lib/api (the same zod schemas route() enforces on the server), so a component cannot send a
 * body or read a field the contract does not have. Client-safe: type imports only, no server code.
 */

type Input<S> = S extends z.ZodType ? z.input<S> : never;

declare const unchecked: unique symbol;
/**
 * A form's fields as typed, sent for the server to check: its schema answers 422 per field, which
 * the form shows next to each control. Only `formFields()` makes one.
 */
export type FormFields = Record<string, FormDataEntryValue> & { readonly [unchecked]: true };

export function formFields(data: FormData): FormFields {
  // The brand exists only in types: it marks a body that the server, not the compiler, validates.
  return Object.fromEntries(data) as FormFields;
}

/**
 * A query by the contract's parameter names; each value as typed or as the text a URL or a filter
 * control holds (the wire is text either way, and the server's schema checks it).
 */
type QueryOf<Q> = { [K in keyof Q]?: Q[K] | string };

/** What a call of endpoint E needs: its path parameters, query and body, each only when the contract declares one. */
export type ApiRequest<E extends Endpoint> = (E["params"] extends z.ZodType ? { params: Input<E["params"]> } : { params?: undefined }) &
  (E["query"] extends z.ZodType ? { query?: QueryOf<Input<E["query"]>> } : { query?: undefined }) &
  (E["body"] extends z.ZodType ? { body: Input<E["body"]> | FormFields } : { body?: undefined }) & {
    signal?: AbortSignal;
    /** Where the API lives; the browser calls its own origin (relative paths). */
    origin?: string;
  };

/** True when every field of R is optional: the request argument may then be left out. */
type NothingRequired<R> = Partial<R> extends R ? true : false;

/** The body endpoint E answers with (dates as ISO strings, as the contract declares them). */
export type ApiResponse<E extends Endpoint> = Output<E["response"]>;
export type ApiBody<E extends Endpoint> = Input<E["body"]>;

/** The error envelope of DESIGN §8.1 as a typed error: code, message, field messages and the server's request id. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldErrors = {},
    readonly requestId: string | null = null,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const errorCodes: ReadonlySet<string> = new Set<ErrorCode>([
  "INVALID_REQUEST",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "INVALID_INPUT",
  "INVALID_STATE",
  "RATE_LIMITED",
  "INTERNAL",
  "UNAVAILABLE",
]);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isCode = (v: unknown): v is ErrorCode => typeof v === "string" && errorCodes.has(v);

function fieldsOf(details: Record<string, unknown>): FieldErrors {
  const out: FieldErrors = {};
  if (!isRecord(details.fields)) return out;
  for (const [field, messages] of Object.entries(details.fields)) {
    if (Array.isArray(messages)) out[field] = messages.filter((m): m is string => typeof m === "string");
  }
  return out;
}

/**
 * Reads a failed response's envelope without trusting it: a proxy's HTML page or an empty body
 * still becomes an ApiError with the status, never a parse error.
 */
export async function apiErrorOf(response: Response): Promise<ApiError> {
  const data: unknown = await response.json().catch(() => null);
  const error = isRecord(data) && isRecord(data.error) ? data.error : {};
  const details = isRecord(error.details) ? error.details : {};
  return new ApiError(
    response.status,
    isCode(error.code) ? error.code : response.status >= 500 ? "INTERNAL" : "INVALID_REQUEST",
    typeof error.message === "string" ? error.message : `Request failed (${response.status})`,
    fieldsOf(details),
    typeof error.requestId === "string" ? error.requestId : response.headers.get("x-request-id"),
    details,
  );
}

/** The contract's path with its {placeholders} filled in, each value encoded. */
export function pathOf(endpoint: Pick<Endpoint, "path">, params: Record<string, unknown> | undefined): string {
  return endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (typeof value !== "string" && typeof value !== "number") throw new Error(`Missing path parameter ${name} for ${endpoint.path}`);
    return encodeURIComponent(String(value));
  });
}

/** Query values as the server reads them: arrays repeat the key; undefined, null and blank (a filter not set) are left out. */
export function queryString(query: Record<string, unknown> | undefined): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v === undefined || v === null || v === "") continue;
      search.append(key, typeof v === "string" ? v : String(v as number | boolean));
    }
  }
  const s = search.toString();
  return s ? `?${s}` : "";
}

function urlOf(endpoint: Endpoint, request: { params?: unknown; query?: unknown; origin?: string | undefined }): string {
  const params = isRecord(request.params) ? request.params : undefined;
  const query = isRecord(request.query) ? request.query : undefined;
  return `${request.origin ?? ""}${pathOf(endpoint, params)}${queryString(query)}`;
}

/** Calls one endpoint of its contract; resolves to the declared response, rejects with ApiError (or a network TypeError). */
export function apiCall<E extends Endpoint>(endpoint: E, ...[request]: NothingRequired<ApiRequest<E>> extends true ? [ApiRequest<E>?] : [ApiRequest<E>]): Promise<ApiResponse<E>> {
  return send(endpoint, request ?? {});
}

/** A request whose shape the caller's own signature has already typed (useApiForm's submit). */
export type UntypedRequest = { params?: unknown; query?: unknown; body?: unknown; signal?: AbortSignal | undefined; origin?: string | undefined };

/** apiCall for a caller that types the request itself, e.g. a hook generic over the endpoint. */
export async function send<E extends Endpoint>(endpoint: E, r: UntypedRequest): Promise<ApiResponse<E>> {
  const hasBody = r.body !== undefined;
  const response = await fetch(urlOf(endpoint, r), {
    method: endpoint.method,
    headers: hasBody ? { "Content-Type": "application/json" } : undefined,
    body: hasBody ? JSON.stringify(r.body) : undefined,
    credentials: "same-origin",
    signal: r.signal,
  });
  if (!response.ok) throw await apiErrorOf(response);
  if (response.status === 204 || endpoint.response === undefined) return undefined as ApiResponse<E>;
  // The one place a body meets its type: route() sent it through this contract's response schema.
  return (await response.json()) as ApiResponse<E>;
}

/**
 * Sends a raw body (a file) to an endpoint whose contract declares no JSON body, and hands back the
 * successful response for the caller to read (the inventory import streams NDJSON); a failure is
 * the same ApiError as apiCall's.
 */
export async function apiUpload<E extends Endpoint>(endpoint: E, request: Omit<ApiRequest<E>, "body"> & { file: Blob; contentType: string }): Promise<Response> {
  const response = await fetch(urlOf(endpoint, request), {
    method: endpoint.method,
    headers: { "Content-Type": request.contentType },
    body: request.file,
    credentials: "same-origin",
    signal: request.signal,
  });
  if (!response.ok || !response.body) throw await apiErrorOf(response);
  return response;
}

/** Where a download stands: waiting for the server to start answering, or receiving (bytes so far). */
export type DownloadProgress = { phase: "preparing" } | { phase: "downloading"; bytes: number };

/**
 * Downloads a streamed file answer (the auditor exports) with its progress: `preparing` until the
 * server starts answering, then `downloading` with the bytes received. Resolves to the file and the
 * name the server gave it (Content-Disposition); a failure is the same ApiError as apiCall's.
 */
export async function apiDownload<E extends Endpoint>(endpoint: E, request: ApiRequest<E> & { onProgress: (p: DownloadProgress) => void }): Promise<{ file: Blob; filename: string | null }> {
  request.onProgress({ phase: "preparing" });
  const response = await fetch(urlOf(endpoint, request), { method: endpoint.method, credentials: "same-origin", signal: request.signal });
  if (!response.ok || !response.body) throw await apiErrorOf(response);
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let bytes = 0;
  request.onProgress({ phase: "downloading", bytes });
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    bytes += value.byteLength;
    request.onProgress({ phase: "downloading", bytes });
  }
  const disposition = response.headers.get("content-disposition") ?? "";
  const filename = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? null;
  return { file: new Blob(chunks, { type: response.headers.get("content-type") ?? "application/octet-stream" }), filename };
}
