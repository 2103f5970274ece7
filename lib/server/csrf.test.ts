import { describe, expect, it } from "vitest";
import { isCrossSiteRequest, isGuardedByProxy, SAFE_METHODS } from "./csrf";

const ORIGIN = "https://steward.example.test";

describe("[SECURITY] CSRF origin check", () => {
  it.each<[string, Record<string, string>, boolean]>([
    ["same Origin", { origin: ORIGIN }, false],
    ["foreign Origin", { origin: "https://evil.example.test" }, true],
    ["same host on another scheme", { origin: "http://steward.example.test" }, true],
    ["same host on another port", { origin: "https://steward.example.test:8443" }, true],
    ["Origin: null (sandboxed or opaque)", { origin: "null" }, true],
    ["same Origin wins over a cross-site fetch-metadata header", { origin: ORIGIN, "sec-fetch-site": "cross-site" }, false],
    ["no Origin, Sec-Fetch-Site same-origin", { "sec-fetch-site": "same-origin" }, false],
    ["no Origin, Sec-Fetch-Site none (typed URL)", { "sec-fetch-site": "none" }, false],
    ["no Origin, Sec-Fetch-Site cross-site", { "sec-fetch-site": "cross-site" }, true],
    ["no Origin, Sec-Fetch-Site same-site (sibling subdomain)", { "sec-fetch-site": "same-site" }, true],
    ["no Origin, no fetch metadata, with cookies", { cookie: "authjs.session-token=x" }, true],
    ["no Origin, no fetch metadata, no cookies (API client)", {}, false],
    ["no Origin, no fetch metadata, bearer token", { authorization: "Bearer x" }, false],
  ])("%s → cross-site=%s", (_name, headers, expected) => {
    expect(isCrossSiteRequest(new Headers(headers), ORIGIN)).toBe(expected);
  });

  it("treats only GET, HEAD and OPTIONS as safe", () => {
    expect([...SAFE_METHODS].sort()).toEqual(["GET", "HEAD", "OPTIONS"]);
  });

  it.each<[string, string, boolean]>([
    ["POST", "/login", true],
    ["POST", "/", true],
    ["PUT", "/inventory/x", true],
    ["DELETE", "/settings/tokens", true],
    ["GET", "/login", false],
    ["HEAD", "/", false],
    ["POST", "/api/v1/teams", false],
    ["POST", "/api/auth/callback/oidc", false],
  ])("the proxy guards %s %s: %s", (method, pathname, expected) => {
    expect(isGuardedByProxy(method, pathname)).toBe(expected);
  });
});
