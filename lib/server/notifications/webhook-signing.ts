import "server-only";
import { createHmac } from "node:crypto";

/**
 * Webhook signatures. Each endpoint's signing key is derived, never stored:
 * key = HMAC-SHA256(instance secret, "steward/webhook/v1:" + endpoint id), base64url. It is shown
 * once when the endpoint is created. Changing AUTH_SECRET changes every key.
 *
 * Each request carries `X-Steward-Signature: sha256=<hex HMAC-SHA256(key, raw body)>` and
 * `X-Steward-Timestamp` (seconds); the body repeats the timestamp, so receivers can refuse replays
 * from the signed content alone.
 */
export function webhookSigningKey(instanceSecret: string, webhookId: string): string {
  return createHmac("sha256", instanceSecret).update(`steward/webhook/v1:${webhookId}`, "utf8").digest("base64url");
}

export function webhookSignature(signingKey: string, rawBody: string): string {
  return `sha256=${createHmac("sha256", signingKey).update(rawBody, "utf8").digest("hex")}`;
}
