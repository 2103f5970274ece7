import { describe, expect, it } from "vitest";
import { exceptionState, expiryProblem, filterMatches } from "./exceptions";

const now = new Date("2026-06-01T12:00:00.000Z");
const DAY = 86_400_000;

describe("[EXCEPTIONS] expiry at most 365 days (DESIGN §5.3)", () => {
  it.each([
    ["exactly 365 days", now.getTime() + 365 * DAY, null],
    ["365 days and a second", now.getTime() + 365 * DAY + 1000, "must be at most 365 days away"],
    ["a second from now", now.getTime() + 1000, null],
    ["now", now.getTime(), "must be in the future"],
    ["yesterday", now.getTime() - DAY, "must be in the future"],
  ])("%s", (_label, at, expected) => {
    expect(expiryProblem(new Date(at), now)).toBe(expected);
  });

  it("states: revoked wins, then expired at the instant of expiry", () => {
    expect(exceptionState({ expiresAt: new Date(now.getTime() + 1), revokedAt: null }, now)).toBe("active");
    expect(exceptionState({ expiresAt: now, revokedAt: null }, now)).toBe("expired");
    expect(exceptionState({ expiresAt: new Date(now.getTime() + DAY), revokedAt: now }, now)).toBe("revoked");
  });

  it("a filter matches on every field it names", () => {
    expect(filterMatches({ teamId: "t1" }, { owningTeamId: "t1", environment: "staging" })).toBe(true);
    expect(filterMatches({ teamId: "t1", environment: "production" }, { owningTeamId: "t1", environment: "staging" })).toBe(false);
    expect(filterMatches({ environment: "staging" }, { owningTeamId: null, environment: "staging" })).toBe(true);
  });
});
