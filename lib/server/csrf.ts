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
