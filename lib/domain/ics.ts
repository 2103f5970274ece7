/**
 * iCalendar (RFC 5545) text for the calendar feeds of DESIGN §8.3, pure. A feed is written in
 * pieces (header, events, footer) so it can be streamed batch by batch.
 *
 * Each due date is an all-day VEVENT on its UTC date. The UID is stable per credential, kind and
 * due instant: a calendar client updates the same event on refresh, and a new due date (after a
 * rotation or review) is a new event while the old one disappears from the feed.
 */
export type DueEvent = {
  credentialId: string;
  credentialName: string;
  kind: "rotation" | "review";
  dueAt: Date;
  /** Absolute link to the credential page. */
  url: string;
};

const CRLF = "\r\n";
const utf8 = new TextEncoder();

/** RFC 5545 §3.3.11 TEXT escaping. */
export function escapeText(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n|\r|\n/g, "\\n");
}

/** RFC 5545 §3.1: lines longer than 75 octets are folded (CRLF + one space), never inside a UTF-8 sequence. */
export function foldLine(line: string): string {
  if (utf8.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let current = "";
  let currentBytes = 0;
  let limit = 75;
  for (const ch of line) {
    const size = utf8.encode(ch).length;
    if (currentBytes + size > limit) {
      parts.push(current);
      current = "";
      currentBytes = 0;
      limit = 74; // continuation lines start with a space
    }
    current += ch;
    currentBytes += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

const lines = (items: string[]) => items.map((l) => foldLine(l) + CRLF).join("");

const basicDate = (d: Date) => d.toISOString().slice(0, 10).replace(/-/g, "");
const basicDateTime = (d: Date) => `${d.toISOString().slice(0, 19).replace(/[-:]/g, "")}Z`;

export function calendarHeader(name: string): string {
  return lines([
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Steward//Credential due dates//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(name)}`,
    "X-PUBLISHED-TTL:PT1H",
  ]);
}

export function calendarFooter(): string {
  return lines(["END:VCALENDAR"]);
}

export function eventUid(event: Pick<DueEvent, "credentialId" | "kind" | "dueAt">): string {
  return `${event.kind}-${event.credentialId}-${basicDateTime(event.dueAt)}@steward`;
}

export function dueEvent(event: DueEvent, stamp: Date): string {
  const start = new Date(Date.UTC(event.dueAt.getUTCFullYear(), event.dueAt.getUTCMonth(), event.dueAt.getUTCDate()));
  const end = new Date(start.getTime() + 86_400_000);
  const what = event.kind === "rotation" ? "Rotation due" : "Review due";
  return lines([
    "BEGIN:VEVENT",
    `UID:${eventUid(event)}`,
    `DTSTAMP:${basicDateTime(stamp)}`,
    `DTSTART;VALUE=DATE:${basicDate(start)}`,
    `DTEND;VALUE=DATE:${basicDate(end)}`,
    `SUMMARY:${escapeText(`${what}: ${event.credentialName}`)}`,
    `DESCRIPTION:${escapeText(`${what} for ${event.credentialName} at ${event.dueAt.toISOString()}. ${event.url}`)}`,
    `URL:${event.url}`,
    `CATEGORIES:${event.kind === "rotation" ? "ROTATION" : "REVIEW"}`,
    "TRANSP:TRANSPARENT",
    "END:VEVENT",
  ]);
}
