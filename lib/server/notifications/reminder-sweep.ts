import "server-only";
/**
 * The reminder sweep (DESIGN §8.3): walks credentials whose rotation or review due date is within
 * reminder range — by the due-date indexes, in keyset batches, never the whole table in memory —
 * and enqueues the latest open reminder slot of each (lib/domain/reminders.ts). Dedupe keys make
 * a repeated sweep, or two replicas sweeping at once, enqueue each reminder once.
 */
import { and, asc, eq, inArray, isNotNull, lte, sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { credentials, notifications, people, rotationPolicies, teamMembers } from "@/db/schema";
import {
  DEFAULT_REMINDER_OFFSETS_DAYS,
  latestReminderSlot,
  reminderAudience,
  reminderDedupeKey,
  reminderHorizonDays,
  reminderKinds,
  reminderMessage,
  type ReminderKind,
  type ReminderSlot,
} from "@/lib/domain/reminders";
import { enqueueNotifications } from "./outbox";

export type SweepOutcome = { scanned: number; enqueued: number };

const DAY = 86_400_000;

/** The furthest ahead any policy (or the default) reminds. */
async function horizonDays(db: Db): Promise<number> {
  const [row] = rowsOf<{ days: number | string | null }>(await db.execute(sql`select max(o) as days from rotation_policies, unnest(reminder_offsets_days) as o`));
  return Math.max(reminderHorizonDays(DEFAULT_REMINDER_OFFSETS_DAYS), Number(row?.days ?? 0));
}

type Candidate = {
  id: string;
  name: string;
  ownerId: string | null;
  backupOwnerId: string | null;
  owningTeamId: string | null;
  dueAt: Date;
  slot: ReminderSlot;
  key: string;
};

export async function sweepReminders(db: Db, now: Date = new Date(), opts: { batchSize?: number } = {}): Promise<SweepOutcome> {
  const batchSize = opts.batchSize ?? 500;
  const horizon = new Date(now.getTime() + (await horizonDays(db)) * DAY);
  const outcome: SweepOutcome = { scanned: 0, enqueued: 0 };
  for (const kind of reminderKinds) {
    const column = kind === "rotation" ? credentials.rotationDueAt : credentials.reviewDueAt;
    // The cursor keeps the due instant as PostgreSQL's own text: a JS Date would drop the microseconds
    // and a page boundary inside one millisecond would repeat forever.
    let after: { due: string; id: string } | null = null;
    for (;;) {
      const conditions: (SQL | undefined)[] = [eq(credentials.status, "active"), isNotNull(column), lte(column, horizon)];
      if (after) conditions.push(sql`(${column}, ${credentials.id}) > (${after.due}::timestamptz, ${after.id}::uuid)`);
      const rows = await db
        .select({
          id: credentials.id,
          name: credentials.name,
          ownerId: credentials.ownerId,
          backupOwnerId: credentials.backupOwnerId,
          owningTeamId: credentials.owningTeamId,
          dueAt: column,
          dueText: sql<string>`${column}::text`,
          offsets: rotationPolicies.reminderOffsetsDays,
        })
        .from(credentials)
        .leftJoin(rotationPolicies, eq(rotationPolicies.id, credentials.effectivePolicyId))
        .where(and(...conditions))
        .orderBy(asc(column), asc(credentials.id))
        .limit(batchSize);
      outcome.scanned += rows.length;
      const candidates: Candidate[] = [];
      for (const r of rows) {
        if (!r.dueAt) continue;
        const slot = latestReminderSlot(r.dueAt, r.offsets, now);
        if (!slot) continue;
        candidates.push({ ...r, dueAt: r.dueAt, slot, key: reminderDedupeKey(kind, r.id, r.dueAt, slot.slot) });
      }
      outcome.enqueued += await enqueueMissing(db, kind, candidates, now);
      const last = rows.at(-1);
      if (!last || rows.length < batchSize) break;
      after = { due: last.dueText, id: last.id };
    }
  }
  return outcome;
}

/** One lookup for the keys already sent, one for team members, then one transaction that enqueues the batch's new reminders together. */
async function enqueueMissing(db: Db, kind: ReminderKind, candidates: Candidate[], now: Date): Promise<number> {
  if (candidates.length === 0) return 0;
  const existing = new Set(
    (await db.select({ key: notifications.dedupeKey }).from(notifications).where(inArray(notifications.dedupeKey, candidates.map((c) => c.key)))).map((r) => r.key),
  );
  const todo = candidates.filter((c) => !existing.has(c.key));
  if (todo.length === 0) return 0;

  const teamIds = [...new Set(todo.filter((c) => c.slot.level === 2 || !c.ownerId).flatMap((c) => (c.owningTeamId ? [c.owningTeamId] : [])))];
  const members = new Map<string, string[]>();
  if (teamIds.length > 0) {
    const rows = await db
      .select({ teamId: teamMembers.teamId, personId: teamMembers.personId })
      .from(teamMembers)
      .innerJoin(people, eq(people.id, teamMembers.personId))
      .where(and(inArray(teamMembers.teamId, teamIds), eq(people.isActive, true)));
    for (const r of rows) members.set(r.teamId, [...(members.get(r.teamId) ?? []), r.personId]);
  }

  const messages = todo.map((c) => {
    const audience = reminderAudience(c.slot.level);
    const personIds = new Set<string>();
    if (audience.owner && c.ownerId) personIds.add(c.ownerId);
    if (audience.backupOwner && c.backupOwnerId) personIds.add(c.backupOwnerId);
    const teamPeople = c.owningTeamId ? (members.get(c.owningTeamId) ?? []) : [];
    if (audience.team) for (const p of teamPeople) personIds.add(p);
    let roles: "security"[] = audience.security ? ["security"] : [];
    // Nobody accountable (an orphaned credential): the backup owner, else the team, else security.
    if (personIds.size === 0) {
      if (c.backupOwnerId) personIds.add(c.backupOwnerId);
      else if (teamPeople.length > 0) for (const p of teamPeople) personIds.add(p);
      else roles = ["security"];
    }
    const message = reminderMessage({ kind, credentialName: c.name, dueAt: c.dueAt, now, level: c.slot.level });
    return {
      dedupeKey: c.key,
      kind: `reminder.${kind}`,
      subject: message.subject,
      body: message.body,
      link: `/inventory/${c.id}`,
      credentialId: c.id,
      teamId: c.owningTeamId,
      payload: { reminder: kind, dueAt: c.dueAt.toISOString(), slot: c.slot.slot, escalationLevel: c.slot.level },
      recipients: { personIds: [...personIds], roles },
    };
  });
  const ids = await db.transaction((tx) => enqueueNotifications(tx, messages));
  const enqueued = ids.filter((id) => id !== null).length;
  return enqueued;
}
