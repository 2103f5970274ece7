import { describe, expect, it } from "vitest";
import { stableKey } from "./details";

describe("[POSTURE] finding details compared by value", () => {
  it("ignores key order at every depth, as jsonb returns it", () => {
    const fresh = { inactive: [{ personId: "p1", role: "owner", name: "Amara Chen" }] };
    const stored = { inactive: [{ name: "Amara Chen", role: "owner", personId: "p1" }] };
    expect(stableKey(stored)).toBe(stableKey(fresh));
  });

  it("treats lists of names or ids as sets, other lists in order", () => {
    expect(stableKey({ otherCredentialIds: ["b", "a"] })).toBe(stableKey({ otherCredentialIds: ["a", "b"] }));
    expect(stableKey({ windows: [2, 1] })).not.toBe(stableKey({ windows: [1, 2] }));
  });

  it("leaves out what moves with the clock alone, and undefined keys", () => {
    expect(stableKey({ daysLate: 3, dueAt: "2026-01-01" })).toBe(stableKey({ daysLate: 4, dueAt: "2026-01-01", note: undefined }));
  });

  it("sees a real change", () => {
    expect(stableKey({ inactive: [{ personId: "p1", role: "owner" }] })).not.toBe(stableKey({ inactive: [{ personId: "p1", role: "backupOwner" }] }));
    expect(stableKey(null)).toBe(stableKey({}));
  });
});
