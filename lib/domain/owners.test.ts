import { describe, expect, it } from "vitest";
import { backupOwnerClash, isBackupSameAsOwner, reassignRoles } from "./owners";

describe("[OWNERS] owner and backup owner are two people", () => {
  it.each([
    ["p1", "p1", true],
    ["p1", "p2", false],
    ["p1", null, false],
    [null, null, false],
    [undefined, undefined, false],
    ["", "", false],
  ])("owner %s, backup %s → same person: %s", (owner, backup, same) => {
    expect(isBackupSameAsOwner(owner, backup)).toBe(same);
  });

  it("names the field the change touched: the backup owner unless only the owner was given", () => {
    expect(backupOwnerClash({ ownerId: "p1", backupOwnerId: "p1" }, { backupOwnerId: "p1" })).toEqual({ backupOwnerId: [expect.stringMatching(/different person/)] });
    expect(backupOwnerClash({ ownerId: "p1", backupOwnerId: "p1" }, { ownerId: "p1" })).toEqual({ ownerId: [expect.stringMatching(/different person/)] });
    expect(backupOwnerClash({ ownerId: "p1", backupOwnerId: "p1" }, { ownerId: "p1", backupOwnerId: "p1" })).toHaveProperty("backupOwnerId");
    expect(backupOwnerClash({ ownerId: "p1", backupOwnerId: "p2" }, { ownerId: "p1" })).toBeNull();
  });
});

describe("[OWNERS] bulk reassignment of one credential", () => {
  const row = { owner: "leaver", backupOwner: "heir", sdkOwner: null, rotationOwner: "leaver", revocationOwner: null };

  it("moves the chosen roles the leaver holds, nothing else", () => {
    expect(reassignRoles({ ...row, backupOwner: "other" }, "leaver", "heir", ["owner"])).toEqual({
      next: { ...row, backupOwner: "other", owner: "heir" },
      backupVacated: false,
    });
  });

  it("the new holder already backs it up: they become owner and the backup owner is left for a new person", () => {
    expect(reassignRoles(row, "leaver", "heir", ["owner", "rotationOwner"])).toEqual({
      next: { ...row, owner: "heir", backupOwner: null, rotationOwner: "heir" },
      backupVacated: true,
    });
  });

  it("the new holder already owns it: they stay owner and the leaver's backup slot is left for a new person", () => {
    expect(reassignRoles({ ...row, owner: "heir", backupOwner: "leaver" }, "leaver", "heir", ["backupOwner"])).toEqual({
      next: { ...row, owner: "heir", backupOwner: null },
      backupVacated: true,
    });
  });

  it("a leaver who held both roles hands the credential over with an empty backup slot", () => {
    expect(reassignRoles({ ...row, owner: "leaver", backupOwner: "leaver" }, "leaver", "heir", ["owner", "backupOwner"]).next).toMatchObject({ owner: "heir", backupOwner: null });
  });

  it("a role not chosen stays with the leaver even when it clashes with nothing", () => {
    expect(reassignRoles({ ...row, backupOwner: "leaver" }, "leaver", "heir", ["owner"])).toEqual({
      next: { ...row, owner: "heir", backupOwner: "leaver" },
      backupVacated: false,
    });
  });
});
