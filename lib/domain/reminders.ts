/**
 * Reminder slots (DESIGN §8.3), pure. For one due instant (a credential's rotation or review due):
 * - one slot per policy offset before it (`before-<n>d`, at due − n days),
 * - one on the due instant (`due`),
 * - one every 7 days while overdue (`overdue-<7k>d`, at due + 7k days).
 * Escalation: from 7 days overdue the backup owner is added; from 14 days the owning team's members
 * and every `security` user too. Once escalated, later weekly reminders keep the wider audience.
 *
 * Only the LATEST slot that has passed is ever sent: a scheduler that was down for three weeks sends
 * one reminder about where things stand now, not a burst of stale ones. The dedupe key names the due
 * instant and the slot, so the same slot is never sent twice and a changed due date (a rotation, a
 * review, a new policy) starts a fresh series.
 *
 * Days are exact multiples of 86 400 000 ms, like lib/domain/due-dates.ts: no time zone can move a slot.
 */

export const reminderKinds = ["rotation", "review"] as const;
export type ReminderKind = (typeof reminderKinds)[number];

/** 0: the owner; 1: + the backup owner; 2: + the owning team's members and `security`. */
export type EscalationLevel = 0 | 1 | 2;

export type ReminderSlot = {
  /** Stable name within one due date's series: `before-30d`, `due`, `overdue-14d`. */
  slot: string;
  /** When the slot opens. */
  at: Date;
  /** Whole days from the due instant to the slot: negative before, 0 on the due instant. */
  dayOffset: number;
  level: EscalationLevel;
};

export const DEFAULT_REMINDER_OFFSETS_DAYS: readonly number[] = [30, 7, 1];
export const OVERDUE_REPEAT_DAYS = 7;
export const ESCALATE_BACKUP_AFTER_DAYS = 7;
export const ESCALATE_TEAM_AFTER_DAYS = 14;

const msPerDay = 86_400_000;

/** Offsets a policy may hold, cleaned: whole days above zero (0 is the due slot itself), each once, largest first. */
export function normaliseOffsets(offsetsDays: readonly number[] | null | undefined): number[] {
  const source = offsetsDays ?? DEFAULT_REMINDER_OFFSETS_DAYS;
  return [...new Set(source.filter((d) => Number.isInteger(d) && d > 0))].sort((a, b) => b - a);
}

export function escalationLevel(daysOverdue: number): EscalationLevel {
  if (daysOverdue >= ESCALATE_TEAM_AFTER_DAYS) return 2;
  if (daysOverdue >= ESCALATE_BACKUP_AFTER_DAYS) return 1;
  return 0;
}

/**
 * The latest slot whose time has come (at ≤ now), or null when the first reminder is still ahead.
 * Exactly at a slot's instant the slot is open.
 */
export function latestReminderSlot(dueAt: Date, offsetsDays: readonly number[] | null | undefined, now: Date): ReminderSlot | null {
  const due = dueAt.getTime();
  const t = now.getTime();
  if (t >= due) {
    const weeks = Math.floor((t - due) / (OVERDUE_REPEAT_DAYS * msPerDay));
    if (weeks === 0) return { slot: "due", at: new Date(due), dayOffset: 0, level: 0 };
    const days = weeks * OVERDUE_REPEAT_DAYS;
    return { slot: `overdue-${days}d`, at: new Date(due + days * msPerDay), dayOffset: days, level: escalationLevel(days) };
  }
  // Before the due instant: the smallest offset whose slot has opened is the latest one.
  let latest: ReminderSlot | null = null;
  for (const days of normaliseOffsets(offsetsDays)) {
    const at = due - days * msPerDay;
    if (at <= t) latest = { slot: `before-${days}d`, at: new Date(at), dayOffset: -days, level: 0 };
  }
  return latest;
}

/** How far ahead of now a due date can be and still have an open slot: the largest offset. */
export function reminderHorizonDays(offsetsDays: readonly number[] | null | undefined): number {
  return Math.max(0, ...normaliseOffsets(offsetsDays));
}

export function reminderDedupeKey(kind: ReminderKind, credentialId: string, dueAt: Date, slot: string): string {
  return `reminder:${kind}:${credentialId}:${dueAt.toISOString()}:${slot}`;
}

export type ReminderAudience = { owner: boolean; backupOwner: boolean; team: boolean; security: boolean };

export function reminderAudience(level: EscalationLevel): ReminderAudience {
  return { owner: true, backupOwner: level >= 1, team: level >= 2, security: level >= 2 };
}

const dateOnly = (d: Date) => d.toISOString().slice(0, 10);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * Subject and plain-text body of a reminder. The wording follows `now` (a late sweep says how
 * things stand when it runs), whole days rounded towards "more urgent".
 */
export function reminderMessage(input: { kind: ReminderKind; credentialName: string; dueAt: Date; now: Date; level: EscalationLevel }): { subject: string; body: string } {
  const { kind, credentialName, dueAt, now, level } = input;
  const what = kind === "rotation" ? "Rotation" : "Review";
  const diff = dueAt.getTime() - now.getTime();
  let state: string;
  if (diff > 0) {
    const days = Math.ceil(diff / msPerDay);
    state = `is due in ${plural(days, "day")} (${dateOnly(dueAt)})`;
  } else {
    const days = Math.floor(-diff / msPerDay);
    state = days === 0 ? `is due today (${dateOnly(dueAt)})` : `is ${plural(days, "day")} overdue (was due ${dateOnly(dueAt)})`;
  }
  const subject = `${what} of ${credentialName} ${state}`;
  const action = kind === "rotation" ? "Request a rotation from the credential's Lifecycle tab." : "Record a review (keep, reduce scope or revoke) from the credential's Lifecycle tab.";
  const escalation =
    level === 2
      ? "Escalated to the owning team and the security team. "
      : level === 1
        ? "Escalated to the backup owner. "
        : "";
  // The body adds to the subject rather than repeating it (inboxes and e-mail show both).
  return { subject, body: `${escalation}${action}` };
}
