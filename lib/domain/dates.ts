/*
 * The one date format of the UI (issue 16 item 6): a relative phrase ("3 days ago", "in 2 hours")
 * with the absolute instant, in UTC, on hover. Pure, so the server and every browser agree, and the
 * shared <DateTime> component (components/ui/date-time) is the only place that renders it.
 */

const absoluteDate = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
const absoluteDateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "7 Dec 2026, 14:05 UTC", or "7 Dec 2026" for a calendar date. */
export function absoluteTime(at: Date, withTime = true): string {
  return withTime ? `${absoluteDateTime.format(at)} UTC` : absoluteDate.format(at);
}

/**
 * How far `at` is from `now` in words: "just now" inside a minute, then minutes, hours, days, and
 * past a month months and years. Calendar dates (`withTime` false) count whole days, so a due date
 * reads "today", "tomorrow" or "in 5 days" however late in the day it is.
 */
export function relativeTime(at: Date, now: Date, withTime = true): string {
  if (!withTime) {
    const days = Math.round((utcDay(at) - utcDay(now)) / DAY);
    return Math.abs(days) < 30 ? relative.format(days, "day") : relativeLarge(days);
  }
  const diff = at.getTime() - now.getTime();
  const abs = Math.abs(diff);
  if (abs < MINUTE) return "just now";
  if (abs < HOUR) return relative.format(Math.trunc(diff / MINUTE), "minute");
  if (abs < DAY) return relative.format(Math.trunc(diff / HOUR), "hour");
  const days = Math.trunc(diff / DAY);
  return Math.abs(days) < 30 ? relative.format(days, "day") : relativeLarge(days);
}

function relativeLarge(days: number): string {
  return Math.abs(days) < 365 ? relative.format(Math.trunc(days / 30), "month") : relative.format(Math.trunc(days / 365), "year");
}

function utcDay(d: Date): number {
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}
