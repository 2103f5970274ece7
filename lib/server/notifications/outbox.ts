import "server-only";
import { and, eq, inArray, or } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { notificationDeliveries, notifications, people, users, webhookEndpoints } from "@/db/schema";
import type { Role } from "@/lib/authz/permissions";

/**
 * The outbox (DESIGN §8.3). Callers enqueue inside the transaction of the event that causes the
 * message; the scheduler delivers later. The dedupe key makes enqueueing idempotent: a second
 * enqueue with the same key (another replica, a retried sweep) does nothing.
 */
export type NotificationRecipients = {
  /** People (owners, backup owners): e-mail to their address, in-app to the user with that address. */
  personIds?: readonly string[];
  /** Users directly (requesters): in-app and e-mail. */
  userIds?: readonly string[];
  /** Every active user holding one of these roles (e.g. `security` for escalations). */
  roles?: readonly Role[];
};

export type NewNotification = {
  dedupeKey: string;
  kind: string;
  subject: string;
  body: string;
  link?: string | null;
  credentialId?: string | null;
  /** The team whose webhooks receive it; global webhooks receive every message. */
  teamId?: string | null;
  payload?: Record<string, unknown>;
  recipients: NotificationRecipients;
  /** Also post to webhooks (global and the team's). Default true. */
  webhooks?: boolean;
};

/** Enqueues one message and its deliveries. Returns the notification id, or null when the dedupe key already existed. */
export async function enqueueNotification(tx: Tx, message: NewNotification): Promise<string | null> {
  const [id] = await enqueueNotifications(tx, [message]);
  return id ?? null;
}

/** Messages per round of statements: bounded parameters whatever the batch. */
const CHUNK = 250;

/**
 * Enqueues many messages with a handful of statements per chunk (sweeps, campaigns): one INSERT for
 * the messages, one lookup each for people, users and webhooks, one INSERT for the deliveries.
 * Returns, per message and in order, its new id or null where the dedupe key already existed.
 */
export async function enqueueNotifications(tx: Tx, messages: readonly NewNotification[]): Promise<(string | null)[]> {
  const ids: (string | null)[] = [];
  for (let i = 0; i < messages.length; i += CHUNK) ids.push(...(await enqueueChunk(tx, messages.slice(i, i + CHUNK))));
  return ids;
}

async function enqueueChunk(tx: Tx, messages: readonly NewNotification[]): Promise<(string | null)[]> {
  if (messages.length === 0) return [];
  const inserted = await tx
    .insert(notifications)
    .values(
      messages.map((m) => ({
        dedupeKey: m.dedupeKey,
        kind: m.kind,
        subject: m.subject,
        body: m.body,
        link: m.link ?? null,
        credentialId: m.credentialId ?? null,
        teamId: m.teamId ?? null,
        payload: m.payload ?? {},
      })),
    )
    .onConflictDoNothing({ target: notifications.dedupeKey })
    .returning({ id: notifications.id, dedupeKey: notifications.dedupeKey });
  const idOf = new Map(inserted.map((r) => [r.dedupeKey, r.id]));
  const fresh = messages.flatMap((m) => {
    const id = idOf.get(m.dedupeKey);
    return id ? [{ id, message: m }] : [];
  });
  if (fresh.length === 0) return messages.map(() => null);

  const personIds = new Set(fresh.flatMap((f) => f.message.recipients.personIds ?? []));
  const userIds = new Set(fresh.flatMap((f) => f.message.recipients.userIds ?? []));
  const roles = new Set(fresh.flatMap((f) => f.message.recipients.roles ?? []));
  const [personRows, userRows, hooks] = await Promise.all([
    personIds.size > 0
      ? tx
          .select({ personId: people.id, email: people.email, userId: users.id, userActive: users.isActive })
          .from(people)
          .leftJoin(users, eq(users.email, people.email))
          .where(and(inArray(people.id, [...personIds]), eq(people.isActive, true)))
      : [],
    userIds.size > 0 || roles.size > 0
      ? tx
          .select({ userId: users.id, email: users.email, role: users.role })
          .from(users)
          .where(and(eq(users.isActive, true), or(...(userIds.size > 0 ? [inArray(users.id, [...userIds])] : []), ...(roles.size > 0 ? [inArray(users.role, [...roles])] : []))))
      : [],
    fresh.some((f) => f.message.webhooks !== false)
      ? tx.select({ id: webhookEndpoints.id, teamId: webhookEndpoints.teamId }).from(webhookEndpoints).where(eq(webhookEndpoints.isActive, true))
      : [],
  ]);
  const peopleById = new Map<string, (typeof personRows)[number][]>();
  for (const r of personRows) peopleById.set(r.personId, [...(peopleById.get(r.personId) ?? []), r]);

  const now = new Date();
  const deliveries: (typeof notificationDeliveries.$inferInsert)[] = [];
  for (const { id, message } of fresh) {
    const { personIds: toPeople = [], userIds: toUsers = [], roles: toRoles = [] } = message.recipients;
    const emails = new Map<string, { personId: string | null }>();
    const inApp = new Set<string>();
    for (const personId of toPeople) {
      for (const r of peopleById.get(personId) ?? []) {
        emails.set(r.email, { personId: r.personId });
        if (r.userId && r.userActive) inApp.add(r.userId);
      }
    }
    for (const r of userRows) {
      if (!toUsers.includes(r.userId) && !toRoles.includes(r.role)) continue;
      inApp.add(r.userId);
      if (!emails.has(r.email)) emails.set(r.email, { personId: null });
    }
    for (const userId of inApp) {
      deliveries.push({ notificationId: id, channel: "in_app", targetKey: userId, recipientUserId: userId, status: "sent", sentAt: now });
    }
    for (const [email, { personId }] of emails) {
      deliveries.push({ notificationId: id, channel: "email", targetKey: email, email, recipientPersonId: personId });
    }
    if (message.webhooks !== false) {
      // Global webhooks receive every message; a team's receive that team's.
      for (const h of hooks) {
        if (h.teamId === null || (message.teamId && h.teamId === message.teamId)) {
          deliveries.push({ notificationId: id, channel: "webhook", targetKey: h.id, webhookId: h.id });
        }
      }
    }
  }
  for (let i = 0; i < deliveries.length; i += 500) {
    await tx.insert(notificationDeliveries).values(deliveries.slice(i, i + 500)).onConflictDoNothing();
  }
  return messages.map((m) => idOf.get(m.dedupeKey) ?? null);
}
