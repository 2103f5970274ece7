import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { calendarFooter, calendarHeader, dueEvent, escapeText, eventUid, foldLine } from "./ics";

const utf8 = new TextEncoder();

describe("[ICS] RFC 5545 text", () => {
  it("escapes backslash, semicolon, comma and newlines", () => {
    expect(escapeText("a\\b;c,d\ne\r\nf")).toBe("a\\\\b\\;c\\,d\\ne\\nf");
  });

  it("folds lines longer than 75 octets without splitting a UTF-8 character", () => {
    const line = `SUMMARY:${"é".repeat(100)}`;
    const folded = foldLine(line);
    const parts = folded.split("\r\n");
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(utf8.encode(part).length).toBeLessThanOrEqual(75);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join("")).toBe(line);
    expect(foldLine("SHORT:line")).toBe("SHORT:line");
  });

  it("an all-day event on the due date's UTC day, with a UID stable per credential, kind and due instant", () => {
    const dueAt = new Date("2026-03-01T23:30:00Z");
    const event = { credentialId: "c1", credentialName: "CRM, prod; \"main\"", kind: "rotation" as const, dueAt, url: "https://steward.example.test/inventory/c1" };
    const text = calendarHeader("Steward — mine") + dueEvent(event, new Date("2026-02-01T00:00:00Z")) + calendarFooter();
    const vevent = new ICAL.Component(ICAL.parse(text) as unknown[]).getFirstSubcomponent("vevent");
    if (!vevent) throw new Error("no event");
    const parsed = new ICAL.Event(vevent);
    expect(parsed.summary).toBe('Rotation due: CRM, prod; "main"');
    expect(parsed.startDate.isDate).toBe(true);
    expect(parsed.startDate.toString()).toBe("2026-03-01");
    expect(parsed.endDate.toString()).toBe("2026-03-02");
    expect(parsed.uid).toBe(eventUid(event));
    expect(eventUid({ ...event, dueAt: new Date("2026-06-01T00:00:00Z") })).not.toBe(parsed.uid);
    expect(eventUid({ ...event, kind: "review" })).not.toBe(parsed.uid);
    expect(text.split("\r\n").every((l) => utf8.encode(l).length <= 75)).toBe(true);
  });
});
