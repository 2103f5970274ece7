import "server-only";
/**
 * CSRF for route handlers (DESIGN §9). A state-changing request must come from our own origin
 * when a browser sends it. Browsers always send Origin on non-GET fetches and form posts, so a
 * cross-origin Origin, or a missing Origin on a request that carries cookies or browser fetch
 * metadata, is refused. Non-browser clients (no cookies) are authenticated by other means.
 */
export function isCrossSiteRequest(headers: Headers, expectedOrigin: string): boolean {
  const origin = headers.get("origin");
  if (origin !== null) return origin !== expectedOrigin;
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite !== null) return fetchSite !== "same-origin" && fetchSite !== "none";
  return headers.get("cookie") !== null;
}

export const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Which requests the proxy guards itself: state-changing requests outside /api/, i.e. server
 * actions (a POST to a page with a Next-Action header, or a no-JavaScript form post naming the
 * action in its body). Next's own check lets an Origin-less action through and answers a foreign
 * one with a 500; the proxy refuses both with a 403 before the action runs. /api/v1 is checked by
 * the route wrapper (which exempts bearer tokens); /api/auth is Auth.js, which checks its own CSRF
 * token (and must accept the identity provider's cross-site form_post callback).
 */
export function isGuardedByProxy(method: string, pathname: string): boolean {
  return !SAFE_METHODS.has(method) && !pathname.startsWith("/api/");
}
