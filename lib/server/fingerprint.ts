import "server-only";
import { createHmac } from "node:crypto";
import { instanceSecrets } from "./instance-secrets";

/**
 * DESIGN §3.4: HMAC-SHA256(deployment pepper, value) as hex. The value lives only in this call;
 * callers must not keep, log or return it.
 */
export function fingerprintOf(value: string, pepper: string = instanceSecrets().fingerprintPepper): string {
  return createHmac("sha256", pepper).update(value, "utf8").digest("hex");
}
