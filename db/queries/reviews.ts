import "server-only";
import { and, asc, desc, eq, lt, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Queryable } from "@/db/client";
import { credentials, people, reviewCampaigns, reviews, reviewTasks, teams, users } from "@/db/schema";

/** Keyset cursor over (instant, id), newest first. */
export function encodeInstantCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id]), "utf8").toString("base64url");
}

export function decodeInstantCursor(cursor: string | undefined): { at: Date; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === "string" && typeof parsed[1] === "string") {
      const at = new Date(parsed[0]);
      if (!Number.isNaN(at.getTime()) && /^[0-9a-f-]{36}$/i.test(parsed[1])) return { at, id: parsed[1] };
    }
  } catch {
    // fall through: a bad cursor means the first page
  }
  return undefined;
}

/** Reviews of one credential, newest first (keyset over created at, id). */
export async function listReviewsOf(db: Queryable, credentialId: string, opts: { cursor?: string | undefined; limit: number }) {
  const cursor = decodeInstantCursor(opts.cursor);
  const rows = await db
    .select({
      id: reviews.id,
      credentialId: reviews.credentialId,
      decision: reviews.decision,
      notes: reviews.notes,
      reviewerId: reviews.reviewerId,
      reviewerName: sql<string | null>`coalesce(${users.name}, ${users.email})`,
      campaignId: reviews.campaignId,
      createdAt: reviews.createdAt,
    })
    .from(reviews)
    .leftJoin(users, eq(users.id, reviews.reviewerId))
    .where(
      and(
        eq(reviews.credentialId, credentialId),
        cursor ? or(lt(reviews.createdAt, cursor.at), and(eq(reviews.createdAt, cursor.at), lt(reviews.id, cursor.id))) : undefined,
      ),
    )
    .orderBy(desc(reviews.createdAt), desc(reviews.id))
    .limit(opts.limit + 1);
  const hasMore = rows.length > opts.limit;
  const items = (hasMore ? rows.slice(0, opts.limit) : rows).map(presentReview);
  const last = items.at(-1);
  return { items, nextCursor: hasMore && last ? encodeInstantCursor(last.createdAt, last.id) : null };
}

type ReviewRow = {
  id: string;
  credentialId: string;
  decision: "keep" | "reduce_scope" | "revoke";
  notes: string | null;
  reviewerId: string | null;
  reviewerName: string | null;
  campaignId: string | null;
  createdAt: Date;
};

export function presentReview(r: ReviewRow) {
  return {
    id: r.id,
    credentialId: r.credentialId,
    decision: r.decision,
    notes: r.notes,
    reviewer: { id: r.reviewerId, name: r.reviewerName ?? "Unknown" },
    campaignId: r.campaignId,
    createdAt: r.createdAt,
  };
}

export type ReviewItem = ReturnType<typeof presentReview>;

/** What the credential's review section shows besides the list: dates and the decommission record. */
export async function getReviewState(db: Queryable, credentialId: string) {
  const [row] = await db
    .select({
      id: credentials.id,
      name: credentials.name,
      status: credentials.status,
      lastReviewedAt: credentials.lastReviewedAt,
      reviewDueAt: credentials.reviewDueAt,
      dueSoonDays: credentials.dueSoonDays,
      ownerId: credentials.ownerId,
      backupOwnerId: credentials.backupOwnerId,
      decommissionedAt: credentials.decommissionedAt,
      decommissionReason: credentials.decommissionReason,
      disabledAtServerConfirmed: credentials.disabledAtServerConfirmed,
      decommissionedByName: sql<string | null>`coalesce(${users.name}, ${users.email})`,
      /** People an open campaign task asks to review it (owner or a stand-in, DESIGN §4.3). */
      taskAssigneeIds: sql<string[]>`coalesce((
        select json_agg(${reviewTasks.assigneePersonId}) from ${reviewTasks}
        inner join ${reviewCampaigns} on ${reviewCampaigns.id} = ${reviewTasks.campaignId}
        where ${reviewTasks.credentialId} = ${credentials.id} and ${reviewTasks.status} = 'open' and ${reviewCampaigns.status} = 'open'
          and ${reviewTasks.assigneePersonId} is not null), '[]'::json)`,
    })
    .from(credentials)
    .leftJoin(users, eq(users.id, credentials.decommissionedById))
    .where(eq(credentials.id, credentialId));
  return row;
}

/** Open review tasks of open campaigns assigned to a person (their "my review tasks"), soonest campaign due first. */
export async function listMyReviewTasks(db: Queryable, personId: string, limit = 50) {
  return db
    .select({
      id: reviewTasks.id,
      campaignId: reviewCampaigns.id,
      campaignName: reviewCampaigns.name,
      dueAt: reviewCampaigns.dueAt,
      credentialId: credentials.id,
      credentialName: credentials.name,
      environment: credentials.environment,
    })
    .from(reviewTasks)
    .innerJoin(reviewCampaigns, eq(reviewCampaigns.id, reviewTasks.campaignId))
    .innerJoin(credentials, eq(credentials.id, reviewTasks.credentialId))
    .where(and(eq(reviewTasks.assigneePersonId, personId), eq(reviewTasks.status, "open"), eq(reviewCampaigns.status, "open")))
    .orderBy(asc(reviewCampaigns.dueAt), asc(credentials.name), asc(reviewTasks.id))
    .limit(limit);
}

const owner = alias(people, "overdue_owner");

/** Active credentials whose review is overdue, most overdue first, and how many there are. */
export async function listReviewsOverdue(db: Queryable, now: Date, limit = 20) {
  const where = and(eq(credentials.status, "active"), lt(credentials.reviewDueAt, now));
  const [items, [count]] = await Promise.all([
    db
      .select({
        id: credentials.id,
        name: credentials.name,
        environment: credentials.environment,
        reviewDueAt: credentials.reviewDueAt,
        lastReviewedAt: credentials.lastReviewedAt,
        ownerName: owner.name,
        teamName: teams.name,
      })
      .from(credentials)
      .leftJoin(owner, eq(owner.id, credentials.ownerId))
      .leftJoin(teams, eq(teams.id, credentials.owningTeamId))
      .where(where)
      .orderBy(asc(credentials.reviewDueAt), asc(credentials.id))
      .limit(limit),
    db.select({ n: sql<number>`count(*)::int` }).from(credentials).where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}
