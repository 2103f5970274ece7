/**
 * A client's own request id (its `X-Request-Id`, DESIGN §7): kept beside the server's own id in
 * logs and the audit log, never in its place. Up to 128 visible ASCII characters — no spaces or
 * control characters (so no CR/LF), which keeps it one token in a log line. Anything else is
 * dropped, not stored: the id is a convenience for correlating with the client's logs.
 */
export const CLIENT_REQUEST_ID_MAX = 128;
const VISIBLE_ASCII = new RegExp(`^[\\x21-\\x7e]{1,${CLIENT_REQUEST_ID_MAX}}$`);

export function clientRequestIdFrom(raw: string | null | undefined): string | null {
  return raw && VISIBLE_ASCII.test(raw) ? raw : null;
}
