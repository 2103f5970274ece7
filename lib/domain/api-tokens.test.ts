import { describe, expect, it } from "vitest";
import { formatToken, parseToken, tokenAllows, tokenExpiryProblem, tokenState } from "./api-tokens";

const now = new Date("2026-06-01T00:00:00Z");
const day = 86_400_000;

describe("[TOKENS] format", () => {
  it("round-trips the public id; anything else is not a token", () => {
    const token = formatToken("AbCdEf123456", "x".repeat(43));
    expect(token.startsWith("stw_AbCdEf123456_")).toBe(true);
    expect(parseToken(token)).toEqual({ publicId: "AbCdEf123456" });
    for (const bad of ["", "stw_", "stw_short_" + "x".repeat(43), `stw_AbCdEf123456_${"x".repeat(42)}`, `xyz_AbCdEf123456_${"x".repeat(43)}`, `${token} `]) expect(parseToken(bad), bad).toBeNull();
  });
});

const usable = { userActive: true, credentialStatus: "active", secretStatus: "active" };

describe("[TOKENS] expiry and state", () => {
  it("an expiry is required to be in the future and at most 365 days away (exactly 365 is allowed)", () => {
    expect(tokenExpiryProblem(new Date(now.getTime() + 365 * day), now)).toBeNull();
    expect(tokenExpiryProblem(new Date(now.getTime() + 365 * day + 1), now)).toMatch(/at most 365/);
    expect(tokenExpiryProblem(now, now)).toMatch(/future/);
    expect(tokenExpiryProblem(new Date("nope"), now)).toMatch(/date/);
  });

  it("revoked wins over expired; expiry is exclusive of the instant itself", () => {
    expect(tokenState({ revokedAt: null, expiresAt: new Date(now.getTime() + 1), ...usable }, now)).toBe("active");
    expect(tokenState({ revokedAt: null, expiresAt: now, ...usable }, now)).toBe("expired");
    expect(tokenState({ revokedAt: now, expiresAt: new Date(now.getTime() - day), ...usable }, now)).toBe("revoked");
  });

  it("a token whose user, record or secret is not active is disabled, not active (issue 13 item 9)", () => {
    const later = new Date(now.getTime() + day);
    for (const standing of [
      { ...usable, userActive: false },
      { ...usable, credentialStatus: "suspended" },
      { ...usable, credentialStatus: "decommissioned" },
      { ...usable, credentialStatus: null },
      { ...usable, secretStatus: "revoked" },
      { ...usable, secretStatus: "superseded" },
      { ...usable, secretStatus: "leaked" },
    ]) {
      expect(tokenState({ revokedAt: null, expiresAt: later, ...standing }, now)).toBe("disabled");
    }
    expect(tokenState({ revokedAt: now, expiresAt: later, ...usable, secretStatus: "revoked" }, now)).toBe("revoked");
  });

  it("a read-only token reads and never writes", () => {
    expect(tokenAllows({ readOnly: true }, "GET")).toBe(true);
    for (const m of ["POST", "PATCH", "PUT", "DELETE"]) expect(tokenAllows({ readOnly: true }, m)).toBe(false);
    expect(tokenAllows({ readOnly: false }, "POST")).toBe(true);
  });
});
