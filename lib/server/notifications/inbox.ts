import "server-only";
import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db, Queryable } from "@/db/client";
import { notificationDeliveries, notifications } from "@/db/schema";
import { notFound } from "@/lib/errors";
import { encodeCursor } from "@/lib/validation/common";
import type { InboxQuery } from "@/lib/validation/notifications";
import { audited } from "@/lib/server/audited";
import { auditContext, type Actor, type RequestContext } from "@/lib/server/context";

/** The in-app inbox (DESIGN §8.3): in_app deliveries addressed to the user, newest first. */
export async function listInbox(db: Queryable, userId: string, query: InboxQuery) {
  const d = notificationDeliveries;
  const conditions = [eq(d.recipientUserId, userId), eq(d.channel, "in_app")];
  if (query.unread) conditions.push(isNull(d.readAt));
  // The cursor carries (created_at as PostgreSQL text, id): exact to the microsecond.
  if (query.cursor) conditions.push(sql`(${d.createdAt}, ${d.id}) < (${query.cursor.name}::timestamptz, ${query.cursor.id}::uuid)`);
  const rows = await db
    .select({
      id: d.id,
      kind: notifications.kind,
      subject: notifications.subject,
      body: notifications.body,
      link: notifications.link,
      credentialId: notifications.credentialId,
      createdAt: d.createdAt,
      readAt: d.readAt,
      cursorAt: sql<string>`${d.createdAt}::text`,
    })
    .from(d)
    .innerJoin(notifications, eq(notifications.id, d.notificationId))
    .where(and(...conditions))
    .orderBy(desc(d.createdAt), desc(d.id))
    .limit(query.limit + 1);
  const hasMore = rows.length > query.limit;
  const page = hasMore ? rows.slice(0, query.limit) : rows;
  const last = page.at(-1);
  return { items: page.map(({ cursorAt: _cursorAt, ...item }) => item), nextCursor: hasMore && last ? encodeCursor({ name: last.cursorAt, id: last.id }) : null };
}

export async function unreadCount(db: Queryable, userId: string): Promise<number> {
  const d = notificationDeliveries;
  const [row] = await db
    .select({ n: count() })
    .from(d)
    .where(and(eq(d.recipientUserId, userId), eq(d.channel, "in_app"), isNull(d.readAt)));
  return row?.n ?? 0;
}

/** Marks one of the actor's messages read. Someone else's message is "not found" (its existence is not theirs to know). */
export async function markRead(db: Db, ctx: RequestContext & { actor: Actor }, deliveryId: string): Promise<number> {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const d = notificationDeliveries;
    const [row] = await tx
      .select({ id: d.id, readAt: d.readAt, notificationId: d.notificationId })
      .from(d)
      .where(and(eq(d.id, deliveryId), eq(d.recipientUserId, ctx.actor.userId), eq(d.channel, "in_app")));
    if (!row) throw notFound("Notification");
    if (row.readAt) return 0;
    await tx.update(d).set({ readAt: new Date(), updatedAt: new Date() }).where(eq(d.id, deliveryId));
    await audit({ action: "notification.read", targetType: "notification", targetId: row.notificationId, payload: { deliveryIds: [deliveryId], count: 1 } });
    return 1;
  });
}

/** Marks every unread message of the actor read: one statement, one audit event for the request. */
export async function markAllRead(db: Db, ctx: RequestContext & { actor: Actor }): Promise<number> {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const d = notificationDeliveries;
    const now = new Date();
    const result = await tx
      .update(d)
      .set({ readAt: now, updatedAt: now })
      .where(and(eq(d.recipientUserId, ctx.actor.userId), eq(d.channel, "in_app"), isNull(d.readAt)))
      .returning({ id: d.id });
    if (result.length === 0) return 0;
    await audit({ action: "notification.read", targetType: "user", targetId: ctx.actor.userId, payload: { all: true, count: result.length } });
    return result.length;
  });
}
