import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, asc, desc, eq, gt, or, sql, type SQL } from "drizzle-orm";
import type { Db, Queryable } from "@/db/client";
import { calendarFeeds, credentials, people, teamMembers, teams, users } from "@/db/schema";
import { can } from "@/lib/authz/permissions";
import { calendarFooter, calendarHeader, dueEvent } from "@/lib/domain/ics";
import { forbidden, invalidInput, notFound } from "@/lib/errors";
import type { CalendarFeedInput } from "@/lib/validation/notifications";
import { audited } from "@/lib/server/audited";
import { auditContext, type Actor, type RequestContext } from "@/lib/server/context";

/**
 * Calendar feeds (DESIGN §8.3): ICS at an unguessable URL. The token is 32 random bytes
 * (base64url), shown once; only its SHA-256 is stored, so a database reader cannot subscribe.
 * The feed answers as long as it is not revoked and its creator is an active user.
 */
export const hashFeedToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

/** The most credentials one feed lists (two events each at most); calendars are not inventories. */
export const FEED_MAX_CREDENTIALS = 10_000;
const FEED_BATCH = 500;

const columns = {
  id: calendarFeeds.id,
  scope: calendarFeeds.scope,
  teamId: calendarFeeds.teamId,
  teamName: teams.name,
  tokenHint: calendarFeeds.tokenHint,
  createdAt: calendarFeeds.createdAt,
  revokedAt: calendarFeeds.revokedAt,
  lastFetchedAt: calendarFeeds.lastFetchedAt,
  userId: calendarFeeds.userId,
  createdById: calendarFeeds.createdById,
};

export function listMyCalendarFeeds(db: Queryable, userId: string) {
  return db
    .select(columns)
    .from(calendarFeeds)
    .leftJoin(teams, eq(teams.id, calendarFeeds.teamId))
    .where(or(eq(calendarFeeds.createdById, userId), eq(calendarFeeds.userId, userId)))
    .orderBy(desc(calendarFeeds.createdAt), desc(calendarFeeds.id))
    .limit(200);
}

async function getFeed(db: Queryable, id: string) {
  const [row] = await db.select(columns).from(calendarFeeds).leftJoin(teams, eq(teams.id, calendarFeeds.teamId)).where(eq(calendarFeeds.id, id));
  return row ?? null;
}

async function isTeamMember(db: Queryable, teamId: string, email: string): Promise<boolean> {
  const [row] = await db
    .select({ personId: teamMembers.personId })
    .from(teamMembers)
    .innerJoin(people, eq(people.id, teamMembers.personId))
    .where(and(eq(teamMembers.teamId, teamId), eq(people.email, email)))
    .limit(1);
  return Boolean(row);
}

export async function createCalendarFeed(db: Db, ctx: RequestContext & { actor: Actor }, input: CalendarFeedInput) {
  const actor = ctx.actor;
  return audited(db, auditContext(ctx), async (tx, audit) => {
    let teamId: string | null = null;
    if (input.scope === "team") {
      teamId = input.teamId ?? null;
      if (!teamId) throw invalidInput({ teamId: ["is required for a team feed"] });
      const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId));
      if (!team) throw invalidInput({ teamId: ["is not a known team"] });
      // Team feeds: the team's members, or those who oversee every team.
      const oversees = can(actor.role, "ownership:manage");
      if (!oversees && !(await isTeamMember(tx, teamId, actor.email))) throw forbidden("Only members of the team, security and admins can subscribe to a team's calendar");
    }
    const token = randomBytes(32).toString("base64url");
    const [row] = await tx
      .insert(calendarFeeds)
      .values({ scope: input.scope, userId: input.scope === "user" ? actor.userId : null, teamId, tokenHash: hashFeedToken(token), tokenHint: token.slice(-4), createdById: actor.userId })
      .returning({ id: calendarFeeds.id });
    if (!row) throw new Error("insert returned no row");
    await audit({ action: "calendar_feed.created", targetType: "calendar_feed", targetId: row.id, payload: { scope: input.scope, teamId } });
    const feed = await getFeed(tx, row.id);
    if (!feed) throw notFound("Calendar feed");
    return { ...feed, token, url: `${ctx.origin}/api/v1/calendar/${token}` };
  });
}

export async function revokeCalendarFeed(db: Db, ctx: RequestContext & { actor: Actor }, id: string) {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const feed = await getFeed(tx, id);
    if (!feed) throw notFound("Calendar feed");
    const mine = feed.createdById === ctx.actor.userId || feed.userId === ctx.actor.userId;
    if (!mine && ctx.actor.role !== "admin") throw forbidden("Only the feed's owner or an admin can revoke it");
    if (feed.revokedAt) return feed;
    const now = new Date();
    await tx.update(calendarFeeds).set({ revokedAt: now, updatedAt: now }).where(eq(calendarFeeds.id, id));
    await audit({ action: "calendar_feed.revoked", targetType: "calendar_feed", targetId: id, payload: { scope: feed.scope, teamId: feed.teamId } });
    return { ...feed, revokedAt: now };
  });
}

type ResolvedFeed = { id: string; name: string; filter: SQL };

/** The feed behind a token, or null (unknown, revoked, or its creator no longer active). */
export async function resolveFeed(db: Queryable, token: string): Promise<ResolvedFeed | null> {
  const [feed] = await db
    .select({ id: calendarFeeds.id, scope: calendarFeeds.scope, teamId: calendarFeeds.teamId, teamName: teams.name, revokedAt: calendarFeeds.revokedAt, ownerEmail: users.email, ownerName: users.name, creatorActive: users.isActive })
    .from(calendarFeeds)
    .leftJoin(teams, eq(teams.id, calendarFeeds.teamId))
    .innerJoin(users, eq(users.id, calendarFeeds.createdById))
    .where(eq(calendarFeeds.tokenHash, hashFeedToken(token)));
  if (!feed || feed.revokedAt || !feed.creatorActive) return null;
  if (feed.scope === "team") {
    if (!feed.teamId) return null;
    return { id: feed.id, name: `Steward — ${feed.teamName ?? "team"} due dates`, filter: eq(credentials.owningTeamId, feed.teamId) };
  }
  const [person] = await db.select({ id: people.id }).from(people).where(eq(people.email, feed.ownerEmail));
  // A user without a person record owns nothing: an empty, valid calendar.
  const mine = person ? or(eq(credentials.ownerId, person.id), eq(credentials.backupOwnerId, person.id)) : undefined;
  return { id: feed.id, name: `Steward — ${feed.ownerName}'s due dates`, filter: mine ?? sql`false` };
}

/** The ICS body, streamed in keyset batches of credentials (memory stays flat). */
export function calendarStream(db: Queryable, feed: ResolvedFeed, origin: string, now: Date = new Date()): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: string | null = null;
  let emitted = 0;
  let phase: "header" | "events" | "done" = "header";
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (phase === "header") {
        phase = "events";
        controller.enqueue(encoder.encode(calendarHeader(feed.name)));
        return;
      }
      if (phase === "done") return;
      const limit = Math.min(FEED_BATCH, FEED_MAX_CREDENTIALS - emitted);
      const rows =
        limit > 0
          ? await db
              .select({ id: credentials.id, name: credentials.name, rotationDueAt: credentials.rotationDueAt, reviewDueAt: credentials.reviewDueAt })
              .from(credentials)
              .where(and(feed.filter, eq(credentials.status, "active"), after ? gt(credentials.id, after) : undefined))
              .orderBy(asc(credentials.id))
              .limit(limit)
          : [];
      let text = "";
      for (const c of rows) {
        const url = `${origin}/inventory/${c.id}`;
        if (c.rotationDueAt) text += dueEvent({ credentialId: c.id, credentialName: c.name, kind: "rotation", dueAt: c.rotationDueAt, url }, now);
        if (c.reviewDueAt) text += dueEvent({ credentialId: c.id, credentialName: c.name, kind: "review", dueAt: c.reviewDueAt, url }, now);
      }
      emitted += rows.length;
      after = rows.at(-1)?.id ?? after;
      if (rows.length < limit || limit === 0 || emitted >= FEED_MAX_CREDENTIALS) {
        phase = "done";
        controller.enqueue(encoder.encode(text + calendarFooter()));
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(text));
    },
  });
}

export async function touchFeed(db: Db, id: string): Promise<void> {
  await db.update(calendarFeeds).set({ lastFetchedAt: new Date() }).where(eq(calendarFeeds.id, id));
}

/** Teams a user may subscribe to: their own, or every team (bounded) for those who oversee all teams. */
export async function calendarTeamOptions(db: Queryable, actor: Actor): Promise<{ id: string; name: string }[]> {
  if (can(actor.role, "ownership:manage")) return db.select({ id: teams.id, name: teams.name }).from(teams).orderBy(asc(teams.name), asc(teams.id)).limit(500);
  return db
    .select({ id: teams.id, name: teams.name })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .innerJoin(people, eq(people.id, teamMembers.personId))
    .where(eq(people.email, actor.email))
    .orderBy(asc(teams.name), asc(teams.id))
    .limit(500);
}
