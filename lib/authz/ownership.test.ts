import { describe, expect, it } from "vitest";
import { canCreateForTeam, canEditRecord, canEditTo, governanceOverride, type ActorFacts } from "./ownership";

const member: ActorFacts = { role: "member", personId: "p-me", teamIds: new Set(["t-mine"]) };
const loner: ActorFacts = { role: "member", personId: null, teamIds: new Set() };
const security: ActorFacts = { role: "security", personId: null, teamIds: new Set() };
const admin: ActorFacts = { role: "admin", personId: null, teamIds: new Set() };
const auditor: ActorFacts = { role: "auditor", personId: "p-me", teamIds: new Set(["t-mine"]) };

describe("[AUTHZ] ownership rules", () => {
  it.each([
    [member, "t-mine", true],
    [member, "t-other", false],
    [member, null, false],
    [security, "t-other", true],
    [admin, null, true],
    [auditor, "t-mine", false],
  ] as const)("create for team: %o %s → %s", (actor, team, allowed) => {
    expect(canCreateForTeam(actor, team)).toBe(allowed);
  });

  it.each([
    ["team member", member, { owningTeamId: "t-mine" }, true],
    ["owner", member, { owningTeamId: "t-other", ownerId: "p-me" }, true],
    ["backup owner", member, { owningTeamId: "t-other", backupOwnerId: "p-me" }, true],
    ["SDK owner", member, { owningTeamId: "t-other", sdkOwnerId: "p-me" }, true],
    ["stranger", member, { owningTeamId: "t-other", ownerId: "p-x" }, false],
    ["no person, no team", loner, { owningTeamId: null, ownerId: null }, false],
    ["security edits any", security, { owningTeamId: "t-other" }, true],
    ["auditor never", auditor, { owningTeamId: "t-mine", ownerId: "p-me" }, false],
  ] as const)("edit: %s", (_label, actor, record, allowed) => {
    expect(canEditRecord(actor, record)).toBe(allowed);
  });

  it("a member cannot move a record to a team they are not in, but an owner may keep its team", () => {
    expect(canEditTo(member, { owningTeamId: "t-mine" }, { owningTeamId: "t-other" })).toBe(false);
    expect(canEditTo(member, { owningTeamId: "t-other", ownerId: "p-me" }, { owningTeamId: "t-other", ownerId: "p-me" })).toBe(true);
    expect(canEditTo(member, { owningTeamId: "t-other", ownerId: "p-me" }, { owningTeamId: "t-mine" })).toBe(true);
    expect(canEditTo(security, { owningTeamId: "t-1" }, { owningTeamId: "t-2" })).toBe(true);
  });
});

describe("[AUTHZ] governance overrides (issue 12)", () => {
  it.each([
    ["admin", true, false],
    ["security", true, true],
    ["member", false, false],
    ["auditor", false, false],
  ] as const)("%s: override %s, weaken %s", (role, override, weaken) => {
    expect(governanceOverride.mayOverride(role)).toBe(override);
    expect(governanceOverride.mayWeaken(role)).toBe(weaken);
  });
});
