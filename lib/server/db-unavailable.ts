import "server-only";
import { AppError } from "@/lib/errors";

/** Seconds a client should wait before retrying while the database is unreachable (503 Retry-After). */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** Node socket errors meaning the database server cannot be reached or went away mid-query. */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "ECONNABORTED"]);
/** postgres.js's own codes for a connection that could not be opened or was lost. */
const DRIVER_CODES = new Set(["CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED"]);
/**
 * SQLSTATEs of a server that is shutting down, starting up, in recovery or full: class 08
 * (connection exception) plus admin/crash shutdown, "cannot connect now" and too many connections.
 */
const SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);

function isUnavailable(e: { code?: unknown; errno?: unknown; address?: unknown; port?: unknown; syscall?: unknown }): boolean {
  const code = typeof e.code === "string" ? e.code : typeof e.errno === "string" ? e.errno : undefined;
  if (!code) return false;
  // A socket error counts only when it comes from a socket call (connect, read, write: the driver's
  // connection): a client that hangs up mid-request raises a bare ECONNRESET ("aborted"), not an outage.
  if (NETWORK_CODES.has(code)) return e.syscall !== undefined || e.address !== undefined || e.port !== undefined;
  return DRIVER_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code);
}

/**
 * A database outage (refused or lost connection, server shutting down or recovering) behind an error,
 * however the driver and drizzle wrapped it (`cause` chains, AggregateError for several addresses),
 * as a 503 the caller can retry; undefined for every other error. Query errors (constraint, syntax,
 * a trigger's exception) are not outages and stay what they are.
 */
export function databaseUnavailable(error: unknown): AppError | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const e = queue.shift();
    if (!e || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    if (isUnavailable(e)) {
      return new AppError("UNAVAILABLE", "The database is not reachable; retry shortly");
    }
    queue.push((e as { cause?: unknown }).cause);
    const inner = (e as { errors?: unknown }).errors;
    if (Array.isArray(inner)) queue.push(...(inner as unknown[]));
  }
  return undefined;
}
