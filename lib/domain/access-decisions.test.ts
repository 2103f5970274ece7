import { describe, expect, it } from "vitest";
import {
  decideRefusal,
  grantReviewDueAt,
  hasGrantExpired,
  initialGrantStatus,
  isGrantReviewDue,
  isScopeReduction,
  revokeRefusal,
  reviewRefusal,
  type DecisionActor,
} from "./access-decisions";

const DAY = 86_400_000;
const NOW = new Date("2026-06-01T00:00:00Z");
const member = (teams: string[], userId = "u-member"): DecisionActor => ({ role: "member", userId, teamIds: new Set(teams) });
const security: DecisionActor = { role: "security", userId: "u-sec", teamIds: new Set() };
const auditor: DecisionActor = { role: "auditor", userId: "u-aud", teamIds: new Set(["team-b"]) };
const request = { status: "requested" as const, apiTeamId: "team-b", requestedById: "u-requester" };

describe("[ACCESS] access decision rules", () => {
  it("a grant to another team's API is a request; same team or an unowned API is approved at creation", () => {
    expect(initialGrantStatus("team-a", "team-b")).toBe("requested");
    expect(initialGrantStatus(null, "team-b")).toBe("requested");
    expect(initialGrantStatus("team-a", "team-a")).toBe("approved");
    expect(initialGrantStatus("team-a", null)).toBe("approved");
  });

  it("re-review cadence follows the API's sensitivity", () => {
    expect(grantReviewDueAt("critical", NOW).getTime() - NOW.getTime()).toBe(90 * DAY);
    expect(grantReviewDueAt("high", NOW).getTime() - NOW.getTime()).toBe(180 * DAY);
    expect(grantReviewDueAt("moderate", NOW).getTime() - NOW.getTime()).toBe(365 * DAY);
    expect(grantReviewDueAt("low", NOW).getTime() - NOW.getTime()).toBe(365 * DAY);
  });

  it("due within 30 days counts as due; an approved grant expires the instant after its date", () => {
    expect(isGrantReviewDue(new Date(NOW.getTime() + 30 * DAY), NOW)).toBe(true);
    expect(isGrantReviewDue(new Date(NOW.getTime() + 30 * DAY + 1), NOW)).toBe(false);
    expect(isGrantReviewDue(null, NOW)).toBe(false);
    expect(hasGrantExpired("approved", NOW, NOW)).toBe(false);
    expect(hasGrantExpired("approved", new Date(NOW.getTime() - 1), NOW)).toBe(true);
    expect(hasGrantExpired("requested", new Date(NOW.getTime() - 1), NOW)).toBe(false);
    expect(hasGrantExpired("approved", null, NOW)).toBe(false);
  });

  it("[ACCESS] requester cannot approve; another team cannot; the API's team and security can; auditors never", () => {
    expect(decideRefusal(member(["team-b"], "u-requester"), request)).toBe("own-request");
    expect(decideRefusal({ ...security, userId: "u-requester" }, request)).toBe("own-request");
    expect(decideRefusal(member(["team-a"]), request)).toBe("not-api-owner");
    expect(decideRefusal(member(["team-b"]), request)).toBeNull();
    expect(decideRefusal(security, request)).toBeNull();
    expect(decideRefusal(auditor, request)).toBe("not-api-owner");
    expect(decideRefusal(member(["team-b"]), { ...request, status: "approved" })).toBe("wrong-status");
  });

  it("reviews are the API's side; revoking is also the credential's side", () => {
    const approved = { ...request, status: "approved" as const };
    expect(reviewRefusal(member(["team-b"]), approved)).toBeNull();
    expect(reviewRefusal(member(["team-a"]), approved)).toBe("not-api-owner");
    expect(reviewRefusal(member(["team-b"]), request)).toBe("wrong-status");
    expect(revokeRefusal(member(["team-a"]), approved, true)).toBeNull();
    expect(revokeRefusal(member(["team-a"]), approved, false)).toBe("not-api-owner");
    expect(revokeRefusal(member(["team-b"]), { ...approved, status: "rejected" }, false)).toBe("wrong-status");
  });

  it("a reduction keeps a strict subset", () => {
    expect(isScopeReduction(["a", "b"], ["a"])).toBe(true);
    expect(isScopeReduction(["a", "b"], [])).toBe(true);
    expect(isScopeReduction(["a", "b"], ["a", "b"])).toBe(false);
    expect(isScopeReduction(["a", "b"], ["c"])).toBe(false);
  });
});
