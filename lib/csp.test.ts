import { describe, expect, it } from "vitest";
import { buildCsp, strictTransportSecurity } from "./csp";

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(";").map((d) => {
      const [name = "", ...values] = d.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe("[SECURITY] Content-Security-Policy", () => {
  const prod = directives(buildCsp({ nonce: "abc123", isDev: false }));

  it("allows scripts only by nonce (with strict-dynamic), not inline or eval in production", () => {
    expect(prod.get("script-src")).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(prod.get("script-src")).not.toContain("'unsafe-inline'");
    expect(prod.get("script-src")).not.toContain("'unsafe-eval'");
  });

  it("forbids plugins, base-tag hijacking and framing", () => {
    expect(prod.get("object-src")).toEqual(["'none'"]);
    expect(prod.get("base-uri")).toEqual(["'none'"]);
    expect(prod.get("frame-ancestors")).toEqual(["'none'"]);
    expect(prod.get("default-src")).toEqual(["'self'"]);
  });

  it("uses the nonce it is given", () => {
    const csp = buildCsp({ nonce: "Zm9vYmFy", isDev: false });
    expect(csp).toContain("'nonce-Zm9vYmFy'");
    expect(csp).not.toContain("abc123");
  });

  it("adds eval and websockets only in development", () => {
    const dev = directives(buildCsp({ nonce: "n", isDev: true }));
    expect(dev.get("script-src")).toContain("'unsafe-eval'");
    expect(dev.get("connect-src")).toContain("ws:");
    expect(prod.get("connect-src")).toEqual(["'self'"]);
  });

  it("lets forms post to the identity provider only when given", () => {
    expect(prod.get("form-action")).toEqual(["'self'"]);
    const sso = directives(buildCsp({ nonce: "n", isDev: false, formActionOrigins: ["https://idp.example.test"] }));
    expect(sso.get("form-action")).toEqual(["'self'", "https://idp.example.test"]);
  });
});

describe("[SECURITY] Strict-Transport-Security (issue 13 item 14)", () => {
  it("is sent for an https origin, for a year, subdomains included", () => {
    expect(strictTransportSecurity("https://steward.example.com")).toBe("max-age=31536000; includeSubDomains");
  });
  it("is not sent over plain http (a browser would ignore it, and a local http install must keep working)", () => {
    expect(strictTransportSecurity("http://localhost:3000")).toBeNull();
  });
});
