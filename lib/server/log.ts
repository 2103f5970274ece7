import "server-only";
/**
 * Server log hygiene (issue 13 item 10). Error messages echo request data: a failed query's
 * parameters, a value PostgreSQL could not parse, a name. Every logged text is one line (CR, LF and
 * other control characters escaped, so a request cannot forge a log line), and a failed query's
 * parameters are dropped (they may carry request values).
 *
 * Plain Node module (no next/*, no server-only), so the scheduler harness can load it.
 */

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/g;

/** Text made safe for one log line: control characters as escapes (`\n`, `\r`, `\u001b`). */
export function logText(text: string): string {
  return text.replace(CONTROL, (c) => (c === "\n" ? "\\n" : c === "\r" ? "\\r" : c === "\t" ? "\\t" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
}

/** drizzle's DrizzleQueryError message is "Failed query: <sql>\nparams: <values>": keep the SQL only. */
const withoutParams = (message: string) => message.replace(/\nparams:[\s\S]*$/, "");

function oneError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return `${error.name}: ${withoutParams(error.message)}${typeof code === "string" ? ` [${code}]` : ""}`;
}

/**
 * An error for the log, on one line: name, message (query parameters dropped), its cause (the
 * driver's error under drizzle's), and with `frames` that many stack frames. Bounded length.
 */
export function describeError(error: unknown, frames = 0): string {
  const parts = [oneError(error)];
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause !== undefined) parts.push(`cause: ${oneError(cause)}`);
  if (frames > 0 && error instanceof Error && error.stack) {
    parts.push(...error.stack.split("\n").filter((l) => /^\s+at /.test(l)).slice(0, frames).map((l) => l.trim()));
  }
  return logText(parts.join(" | ")).slice(0, 4000);
}
