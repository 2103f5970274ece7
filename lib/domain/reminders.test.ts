import { describe, expect, it } from "vitest";
import {
  escalationLevel,
  latestReminderSlot,
  normaliseOffsets,
  reminderAudience,
  reminderDedupeKey,
  reminderHorizonDays,
  reminderMessage,
} from "./reminders";

const DAY = 86_400_000;
const due = new Date("2026-03-01T12:00:00.000Z");
const at = (days: number, ms = 0) => new Date(due.getTime() + days * DAY + ms);
const offsets = [30, 7, 1];

describe("[REMINDERS] latest slot", () => {
  it.each([
    // [days from due, extra ms, expected slot, level]
    [-31, 0, null, 0],
    [-30, -1, null, 0],
    [-30, 0, "before-30d", 0],
    [-29, 0, "before-30d", 0],
    [-7, -1, "before-30d", 0],
    [-7, 0, "before-7d", 0],
    [-1, -1, "before-7d", 0],
    [-1, 0, "before-1d", 0],
    [0, -1, "before-1d", 0],
    [0, 0, "due", 0],
    [6, DAY - 1, "due", 0],
    [7, 0, "overdue-7d", 1],
    [13, DAY - 1, "overdue-7d", 1],
    [14, 0, "overdue-14d", 2],
    [20, 0, "overdue-14d", 2],
    [21, 0, "overdue-21d", 2],
    [364, 0, "overdue-364d", 2],
  ] as const)("at due %+d days %+d ms → %s (level %d)", (days, ms, slot, level) => {
    const result = latestReminderSlot(due, offsets, at(days, ms));
    if (slot === null) {
      expect(result).toBeNull();
      return;
    }
    expect(result).toMatchObject({ slot, level });
    // The slot opened at or before now, and is the latest such: the slot's own instant yields it.
    expect(result?.at.getTime()).toBeLessThanOrEqual(at(days, ms).getTime());
    expect(latestReminderSlot(due, offsets, result?.at ?? due)?.slot).toBe(slot);
  });

  it("a scheduler that was down sends only the latest passed slot, not the ones it missed", () => {
    // Down from 40 days before due until 10 days after: 30d, 7d, 1d, due and 7d-overdue all passed.
    expect(latestReminderSlot(due, offsets, at(10))).toMatchObject({ slot: "overdue-7d", dayOffset: 7, level: 1 });
  });

  it("uses the policy's own offsets; unsorted, duplicate, zero and negative offsets are cleaned", () => {
    expect(normaliseOffsets([1, 14, 14, 0, -3, 2.5])).toEqual([14, 1]);
    expect(latestReminderSlot(due, [1, 14, 14, 0], at(-10))).toMatchObject({ slot: "before-14d", dayOffset: -14 });
    expect(latestReminderSlot(due, [1, 14], at(-20))).toBeNull();
  });

  it("defaults to 30, 7 and 1 days when the policy has none recorded", () => {
    expect(normaliseOffsets(null)).toEqual([30, 7, 1]);
    expect(latestReminderSlot(due, undefined, at(-8))).toMatchObject({ slot: "before-30d" });
  });

  it("a policy without offsets still reminds on the due day and weekly while overdue", () => {
    expect(latestReminderSlot(due, [], at(-1))).toBeNull();
    expect(latestReminderSlot(due, [], at(0))).toMatchObject({ slot: "due" });
    expect(latestReminderSlot(due, [], at(8))).toMatchObject({ slot: "overdue-7d" });
  });

  it("the horizon is the largest offset", () => {
    expect(reminderHorizonDays([7, 60, 1])).toBe(60);
    expect(reminderHorizonDays([])).toBe(0);
    expect(reminderHorizonDays(null)).toBe(30);
  });
});

describe("[REMINDERS] escalation", () => {
  it.each([
    [0, 0],
    [6, 0],
    [7, 1],
    [13, 1],
    [14, 2],
    [100, 2],
  ] as const)("%d days overdue → level %d", (days, level) => {
    expect(escalationLevel(days)).toBe(level);
  });

  it("owner always; backup owner from level 1; team and security from level 2", () => {
    expect(reminderAudience(0)).toEqual({ owner: true, backupOwner: false, team: false, security: false });
    expect(reminderAudience(1)).toEqual({ owner: true, backupOwner: true, team: false, security: false });
    expect(reminderAudience(2)).toEqual({ owner: true, backupOwner: true, team: true, security: true });
  });
});

describe("[REMINDERS] dedupe keys", () => {
  it("name the kind, credential, due instant and slot", () => {
    expect(reminderDedupeKey("rotation", "c1", due, "before-7d")).toBe("reminder:rotation:c1:2026-03-01T12:00:00.000Z:before-7d");
  });

  it("a changed due date starts a fresh series; the same slot of the same due date repeats the key", () => {
    const a = reminderDedupeKey("review", "c1", due, "due");
    expect(reminderDedupeKey("review", "c1", new Date(due), "due")).toBe(a);
    expect(reminderDedupeKey("review", "c1", at(90), "due")).not.toBe(a);
    expect(reminderDedupeKey("rotation", "c1", due, "due")).not.toBe(a);
  });
});

describe("[REMINDERS] message", () => {
  it("counts days from now: ahead, today, overdue", () => {
    expect(reminderMessage({ kind: "rotation", credentialName: "CRM", dueAt: due, now: at(-6, -1), level: 0 }).subject).toBe("Rotation of CRM is due in 7 days (2026-03-01)");
    expect(reminderMessage({ kind: "rotation", credentialName: "CRM", dueAt: due, now: at(-1), level: 0 }).subject).toBe("Rotation of CRM is due in 1 day (2026-03-01)");
    expect(reminderMessage({ kind: "review", credentialName: "CRM", dueAt: due, now: at(0, 5), level: 0 }).subject).toBe("Review of CRM is due today (2026-03-01)");
    const overdue = reminderMessage({ kind: "review", credentialName: "CRM", dueAt: due, now: at(15), level: 2 });
    expect(overdue.subject).toBe("Review of CRM is 15 days overdue (was due 2026-03-01)");
    expect(overdue.body).toContain("Escalated to the owning team and the security team");
    expect(reminderMessage({ kind: "review", credentialName: "CRM", dueAt: due, now: at(8), level: 1 }).body).toMatch(/^Escalated to the backup owner\. Record a review/);
    expect(reminderMessage({ kind: "rotation", credentialName: "CRM", dueAt: due, now: at(-3), level: 0 }).body).toBe("Request a rotation from the credential's Lifecycle tab.");
  });
});
