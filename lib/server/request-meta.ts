import "server-only";
import { randomUUID } from "node:crypto";
import { clientRequestIdFrom } from "@/lib/domain/request-id";

const REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;

export function requestIdOf(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

/** The client's own request id, as the proxy passed it on (checked again: the proxy may be bypassed in tests and tools). */
export function clientRequestIdOf(headers: Headers): string | null {
  return clientRequestIdFrom(headers.get("x-client-request-id"));
}

/** The deployment's public origin as the browser sees it. */
export function publicOrigin(headers: Headers, configured: string | undefined): string {
  if (configured) return new URL(configured).origin;
  const host = headers.get("x-forwarded-host") ?? headers.get("host") ?? "localhost:3000";
  const proto = headers.get("x-forwarded-proto") ?? "http";
  return `${proto.split(",")[0]?.trim() ?? "http"}://${host}`;
}
