import { NextResponse, type NextRequest } from "next/server";
import { buildCsp, strictTransportSecurity } from "@/lib/csp";
import { clientRequestIdFrom } from "@/lib/domain/request-id";
import { isCrossSiteRequest, isGuardedByProxy } from "@/lib/server/csrf";
import { publicOrigin } from "@/lib/server/request-meta";

/**
 * Runs before every page and API request: a per-request CSP nonce, a request id for logs and
 * audit events, and the security headers. No authorization here: that happens on the server
 * for each request, in the route wrapper and page guards. The one refusal here is CSRF for server
 * actions (see isGuardedByProxy), which have no wrapper of their own that every action must pass.
 */
function oidcOrigin(): string[] {
  // eslint-disable-next-line no-restricted-syntax -- proxy runs before lib/env is loaded; only reads a URL's origin
  const issuer = process.env.OIDC_ISSUER;
  if (!issuer) return [];
  try {
    return [new URL(issuer).origin];
  } catch {
    return [];
  }
}

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  // The server's own id, always: a client's id, kept apart, cannot collide with or stand in for
  // another request's in the logs and the audit trail.
  const requestId = crypto.randomUUID();
  const clientRequestId = clientRequestIdFrom(request.headers.get("x-request-id"));
  // eslint-disable-next-line no-restricted-syntax -- see above
  const csp = buildCsp({ nonce, isDev: process.env.NODE_ENV === "development", formActionOrigins: oidcOrigin() });

  const securityHeaders: Record<string, string> = {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "X-Request-Id": requestId,
    ...(clientRequestId ? { "X-Client-Request-Id": clientRequestId } : {}),
  };
  // eslint-disable-next-line no-restricted-syntax -- see above
  const hsts = strictTransportSecurity(publicOrigin(request.headers, process.env.AUTH_URL));
  if (hsts) securityHeaders["Strict-Transport-Security"] = hsts;

  // eslint-disable-next-line no-restricted-syntax -- see above
  if (isGuardedByProxy(request.method, request.nextUrl.pathname) && isCrossSiteRequest(request.headers, publicOrigin(request.headers, process.env.AUTH_URL))) {
    return NextResponse.json(
      { error: { code: "FORBIDDEN", message: "Cross-origin request refused", requestId } },
      { status: 403, headers: { ...securityHeaders, "Cache-Control": "no-store" } },
    );
  }

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("x-request-id", requestId);
  if (clientRequestId) requestHeaders.set("x-client-request-id", clientRequestId);
  else requestHeaders.delete("x-client-request-id");
  requestHeaders.set("x-pathname", request.nextUrl.pathname);
  // Next reads the nonce for its own scripts from the request's CSP header.
  requestHeaders.set("Content-Security-Policy", csp);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(securityHeaders)) response.headers.set(name, value);
  if (request.cookies.getAll().some((c) => c.name.includes("authjs.session-token"))) {
    response.headers.set("Cache-Control", "no-store");
  }
  return response;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|icon.svg).*)" }],
};
