import { describe, expect, it } from "vitest";
import { describeFinding, findingAge, findingFix, orphanedRolesOf, ruleLabel } from "./finding-summary";

describe("[FINDINGS] findings in words", () => {
  it("names each departed person once with every role they held", () => {
    const details = {
      inactive: [
        { role: "owner", personId: "p1", name: "Ann Lee" },
        { role: "sdkOwner", personId: "p1", name: "Ann Lee" },
        { role: "backupOwner", personId: "p2", name: "Bo Chen" },
      ],
    };
    expect(describeFinding("owner-missing", details)).toBe("Ann Lee (owner and SDK owner) and Bo Chen (backup owner) have left the organisation; reassign ownership.");
    expect(describeFinding("owner-missing", { inactive: [{ role: "owner", personId: "p1", name: "Ann Lee" }] })).toBe("Ann Lee (owner) has left the organisation; reassign ownership.");
  });

  it("survives details of an unexpected shape", () => {
    expect(describeFinding("owner-missing", null)).toBe("A person accountable for this credential has left the organisation; reassign ownership.");
    expect(describeFinding("owner-missing", { noOwner: true, inactive: [] })).toBe("Nobody owns this credential.");
    expect(orphanedRolesOf({ inactive: [{ role: 1 }, "x", { role: "owner", personId: "p" }] })).toEqual([{ role: "owner", personId: "p", name: "someone" }]);
    expect(describeFinding("secret-leaked", {})).toBe("A secret of this credential was reported leaked and is not yet rotated away.");
    expect(describeFinding("secret-leaked", { leakedAt: "2026-01-02T03:04:05.000Z" })).toBe("A secret of this credential was reported leaked on 2026-01-02 and is not yet rotated away.");
    expect(describeFinding("review_revoke_pending", { message: "Decommission it." })).toBe("Decommission it.");
    expect(describeFinding("some_rule", {})).toBe("some rule");
    expect(ruleLabel("owner-missing")).toBe("Owner missing or gone");
    expect(findingFix("owner-missing")).toMatch(/owner/);
    expect(findingFix("review_revoke_pending")).toBeNull();
  });

  it("says how long a finding has been open", () => {
    const now = new Date("2026-06-20T12:00:00Z");
    expect(findingAge(new Date("2026-06-20T01:00:00Z"), now)).toBe("open less than a day");
    expect(findingAge(new Date("2026-06-19T12:00:00Z"), now)).toBe("open 1 day");
    expect(findingAge(new Date("2026-06-08T11:00:00Z"), now)).toBe("open 12 days");
  });
});
