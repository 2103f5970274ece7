import { NextResponse, type NextRequest } from "next/server";
import { buildCsp } from "@/lib/csp";

/**
 * Runs before every page and API request: a per-request CSP nonce, a request id for logs and
 * audit events, and the security headers. No authorization here: that happens on the server
 * for each request, in the route wrapper and page guards.
 */
const REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;

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
  const given = request.headers.get("x-request-id");
  const requestId = given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
  // eslint-disable-next-line no-restricted-syntax -- see above
  const csp = buildCsp({ nonce, isDev: process.env.NODE_ENV === "development", formActionOrigins: oidcOrigin() });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("x-request-id", requestId);
  requestHeaders.set("x-pathname", request.nextUrl.pathname);
  // Next reads the nonce for its own scripts from the request's CSP header.
  requestHeaders.set("Content-Security-Policy", csp);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  response.headers.set("X-Content-Type-Options", "nosniff");
  response.headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  response.headers.set("X-Frame-Options", "DENY");
  response.headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  response.headers.set("X-Request-Id", requestId);
  if (request.cookies.getAll().some((c) => c.name.includes("authjs.session-token"))) {
    response.headers.set("Cache-Control", "no-store");
  }
  return response;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|icon.svg).*)" }],
};
