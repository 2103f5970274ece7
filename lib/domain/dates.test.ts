import { describe, expect, it } from "vitest";
import { absoluteTime, relativeTime } from "./dates";

const now = new Date("2026-12-07T12:00:00.000Z");
const at = (iso: string) => new Date(iso);

describe("[UI] one date format: relative, absolute on hover", () => {
  it.each([
    ["2026-12-07T11:59:30.000Z", "just now"],
    ["2026-12-07T11:55:00.000Z", "5 minutes ago"],
    ["2026-12-07T09:00:00.000Z", "3 hours ago"],
    ["2026-12-06T11:00:00.000Z", "yesterday"],
    ["2026-12-02T12:00:00.000Z", "5 days ago"],
    ["2026-12-07T12:10:00.000Z", "in 10 minutes"],
    ["2026-12-10T12:00:00.000Z", "in 3 days"],
    ["2026-09-07T12:00:00.000Z", "3 months ago"],
    ["2024-12-01T12:00:00.000Z", "2 years ago"],
  ])("%s reads %s", (iso, words) => {
    expect(relativeTime(at(iso), now)).toBe(words);
  });

  it("calendar dates count whole days, whatever the hour", () => {
    expect(relativeTime(at("2026-12-07T00:00:00.000Z"), now, false)).toBe("today");
    expect(relativeTime(at("2026-12-08T00:00:00.000Z"), now, false)).toBe("tomorrow");
    expect(relativeTime(at("2026-12-01T00:00:00.000Z"), now, false)).toBe("6 days ago");
    expect(relativeTime(at("2027-03-07T00:00:00.000Z"), now, false)).toBe("in 3 months");
  });

  it("the absolute form is in UTC, with the zone named when it has a time", () => {
    expect(absoluteTime(at("2026-12-07T14:05:00.000Z"))).toBe("7 Dec 2026, 14:05 UTC");
    expect(absoluteTime(at("2026-12-07T14:05:00.000Z"), false)).toBe("7 Dec 2026");
  });
});
