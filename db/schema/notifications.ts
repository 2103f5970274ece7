import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { id, timestamps, tstz } from "./columns";
import { people, teams } from "./org";
import { users } from "./users";
import { credentials } from "./inventory";

export const notificationChannelEnum = pgEnum("notification_channel", ["email", "webhook", "in_app"]);
export const deliveryStatusEnum = pgEnum("delivery_status", ["pending", "sent", "failed"]);
export const calendarFeedScopeEnum = pgEnum("calendar_feed_scope", ["user", "team"]);

/**
 * The outbox (DESIGN §8.3): one row per message, written in the same transaction as the event
 * that causes it. `dedupe_key` is unique, so however many replicas sweep, a message exists once.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: id(),
    dedupeKey: text("dedupe_key").notNull(),
    kind: text("kind").notNull(),
    subject: text("subject").notNull(),
    /** Plain text; also the Slack-compatible `text` of webhook payloads. */
    body: text("body").notNull(),
    /** App-relative link to what the message is about, e.g. /inventory/<id>. */
    link: text("link"),
    credentialId: uuid("credential_id").references(() => credentials.id),
    /** The team whose webhooks receive it (global webhooks receive everything). */
    teamId: uuid("team_id").references(() => teams.id),
    payload: jsonb("payload").notNull().default(sql`'{}'::jsonb`),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("notifications_dedupe_key").on(t.dedupeKey),
    index("notifications_created_idx").on(t.createdAt, t.id),
    index("notifications_credential_idx").on(t.credentialId),
  ],
);

/**
 * One delivery of a message over one channel to one target. A sender claims pending rows with
 * `FOR UPDATE SKIP LOCKED`; failures back off through `next_attempt_at` until `failed`.
 * In-app deliveries are the inbox: they are `sent` when written and carry `read_at`.
 */
export const notificationDeliveries = pgTable(
  "notification_deliveries",
  {
    id: id(),
    notificationId: uuid("notification_id")
      .notNull()
      .references(() => notifications.id),
    channel: notificationChannelEnum("channel").notNull(),
    /** Stable identity of the target within the message (user id, e-mail address, webhook id). */
    targetKey: text("target_key").notNull(),
    recipientUserId: uuid("recipient_user_id").references(() => users.id),
    recipientPersonId: uuid("recipient_person_id").references(() => people.id),
    email: text("email"),
    webhookId: uuid("webhook_id").references(() => webhookEndpoints.id),
    status: deliveryStatusEnum("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: tstz("next_attempt_at").notNull().defaultNow(),
    lastError: text("last_error"),
    sentAt: tstz("sent_at"),
    readAt: tstz("read_at"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("notification_deliveries_target_key").on(t.notificationId, t.channel, t.targetKey),
    index("notification_deliveries_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("notification_deliveries_inbox_idx").on(t.recipientUserId, t.createdAt, t.id).where(sql`${t.channel} = 'in_app'`),
    index("notification_deliveries_unread_idx").on(t.recipientUserId).where(sql`${t.channel} = 'in_app' and ${t.readAt} is null`),
    index("notification_deliveries_status_idx").on(t.status, t.channel, t.updatedAt),
  ],
);

/**
 * Webhook receivers: per team or global (team null). The signing key is derived from the instance
 * secret and the endpoint id (HMAC), shown once at creation, and never stored.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: id(),
    name: text("name").notNull(),
    url: text("url").notNull(),
    teamId: uuid("team_id").references(() => teams.id),
    isActive: boolean("is_active").notNull().default(true),
    createdById: uuid("created_by_id").references(() => users.id),
    ...timestamps,
  },
  (t) => [index("webhook_endpoints_team_idx").on(t.teamId, t.isActive), index("webhook_endpoints_name_idx").on(t.name, t.id)],
);

/** ICS feeds at unguessable URLs (DESIGN §8.3). Only a SHA-256 of the token is stored. */
export const calendarFeeds = pgTable(
  "calendar_feeds",
  {
    id: id(),
    scope: calendarFeedScopeEnum("scope").notNull(),
    userId: uuid("user_id").references(() => users.id),
    teamId: uuid("team_id").references(() => teams.id),
    tokenHash: text("token_hash").notNull(),
    /** The token's last characters, to tell feeds apart in the UI. */
    tokenHint: text("token_hint").notNull(),
    createdById: uuid("created_by_id").references(() => users.id),
    revokedAt: tstz("revoked_at"),
    lastFetchedAt: tstz("last_fetched_at"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("calendar_feeds_token_hash_key").on(t.tokenHash),
    index("calendar_feeds_user_idx").on(t.userId),
    index("calendar_feeds_team_idx").on(t.teamId),
  ],
);

/** Periodic work's last run, shown on the notifications settings page. */
export const jobRuns = pgTable("job_runs", {
  name: text("name").primaryKey(),
  lastStartedAt: tstz("last_started_at"),
  lastFinishedAt: tstz("last_finished_at"),
  lastResult: jsonb("last_result"),
  lastError: text("last_error"),
  ...timestamps,
});
