import { z } from "zod";
import { jobNames } from "@/lib/domain/vocabulary/notifications";
import { booleanParam, idField, instantCursorField, nameField } from "./common";

/** Inbox, webhooks, calendar feeds and delivery administration (DESIGN §8.3). Client-safe. */

const iso = z.string();

export const inboxQuery = z.object({
  unread: booleanParam.optional(),
  cursor: instantCursorField.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type InboxQuery = z.infer<typeof inboxQuery>;

export const inboxItemDto = z.object({
  id: z.uuid(),
  kind: z.string(),
  subject: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  credentialId: z.uuid().nullable(),
  createdAt: iso,
  readAt: iso.nullable(),
});
export type InboxItem = z.infer<typeof inboxItemDto>;

export const inboxPageDto = z.object({ items: z.array(inboxItemDto), nextCursor: z.string().nullable(), unreadCount: z.number().int() });
export const unreadCountDto = z.object({ count: z.number().int() });
export const markedReadDto = z.object({ updated: z.number().int() });

const webhookUrlField = z
  .string({ error: "is required" })
  .trim()
  .min(1, "is required")
  .max(2000, "must be at most 2000 characters")
  .refine((v) => /^https?:\/\//i.test(v), "must start with https:// or http://");

export const webhookInput = z.object({
  name: nameField,
  url: webhookUrlField,
  /** The team whose notifications it receives; null or absent: every notification (global). */
  teamId: idField.nullable().optional(),
});
export type WebhookInput = z.infer<typeof webhookInput>;

export const updateWebhookInput = z.object({
  name: nameField.optional(),
  url: webhookUrlField.optional(),
  teamId: idField.nullable().optional(),
  isActive: z.boolean({ error: "must be true or false" }).optional(),
});
export type UpdateWebhookInput = z.infer<typeof updateWebhookInput>;

export const webhookDto = z.object({
  id: z.uuid(),
  name: z.string(),
  url: z.string(),
  teamId: z.uuid().nullable(),
  teamName: z.string().nullable(),
  isActive: z.boolean(),
  createdAt: iso,
  updatedAt: iso,
});
export type WebhookRow = z.infer<typeof webhookDto>;

/** The signing key is derived, never stored: this response is the only place it appears. */
export const createdWebhookDto = webhookDto.extend({ signingKey: z.string() });

export const calendarFeedScopes = ["user", "team"] as const;

export const calendarFeedInput = z
  .object({
    scope: z.enum(calendarFeedScopes, { error: "must be user or team" }),
    teamId: idField.nullable().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.scope === "team" && !v.teamId) ctx.addIssue({ code: "custom", path: ["teamId"], message: "is required for a team feed" });
  });
export type CalendarFeedInput = z.infer<typeof calendarFeedInput>;

export const calendarFeedDto = z.object({
  id: z.uuid(),
  scope: z.enum(calendarFeedScopes),
  teamId: z.uuid().nullable(),
  teamName: z.string().nullable(),
  tokenHint: z.string(),
  createdAt: iso,
  revokedAt: iso.nullable(),
  lastFetchedAt: iso.nullable(),
});
export type CalendarFeedRow = z.infer<typeof calendarFeedDto>;

/** The token (inside `url`) is shown once; only its SHA-256 is stored. */
export const createdCalendarFeedDto = calendarFeedDto.extend({ token: z.string(), url: z.string() });

export const calendarTokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}(\.ics)?$/) });

export const deliveryStatuses = ["pending", "sent", "failed"] as const;
export const deliveryChannels = ["email", "webhook", "in_app"] as const;

export const deliveriesQuery = z.object({
  status: z.enum(deliveryStatuses).default("failed"),
  cursor: instantCursorField.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type DeliveriesQuery = z.infer<typeof deliveriesQuery>;

/** A page of failed deliveries grouped by cause: the channel and the last error, most recent failure first. */
export const failureCausesQuery = z.object({
  cursor: z.string().max(4096).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});
export type FailureCausesQuery = z.infer<typeof failureCausesQuery>;

/** Which failed deliveries "Retry all" puts back in the queue: one cause (an empty cause = no error recorded). */
export const retryCauseInput = z.object({
  channel: z.enum(["email", "webhook"], { error: "must be email or webhook" }),
  cause: z.string({ error: "is required" }).max(4000, "must be at most 4000 characters"),
});

export const failureCauseDto = z.object({
  channel: z.enum(["email", "webhook"]),
  cause: z.string(),
  deliveries: z.number().int(),
  targets: z.number().int(),
  lastFailedAt: iso,
  /** The subject of the most recent message that failed this way, as an example. */
  example: z.string(),
});
export type FailureCause = z.infer<typeof failureCauseDto>;
export const failureCausePageDto = z.object({ items: z.array(failureCauseDto), nextCursor: z.string().nullable() });
export const retriedByCauseDto = z.object({ retried: z.number().int() });

export const deliveryDto = z.object({
  id: z.uuid(),
  channel: z.enum(deliveryChannels),
  target: z.string(),
  status: z.enum(deliveryStatuses),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: iso,
  updatedAt: iso,
  kind: z.string(),
  subject: z.string(),
});
export type DeliveryRow = z.infer<typeof deliveryDto>;

export const jobNameParams = z.object({ name: z.enum(jobNames) });

export const jobRunDto = z.object({
  name: z.string(),
  description: z.string(),
  lastStartedAt: iso.nullable(),
  lastFinishedAt: iso.nullable(),
  lastResult: z.record(z.string(), z.unknown()).nullable(),
  lastError: z.string().nullable(),
});
export type JobRunRow = z.infer<typeof jobRunDto>;

export const notificationStatusDto = z.object({
  schedulerIntervalSeconds: z.number().int(),
  smtp: z.object({ configured: z.boolean(), server: z.string().nullable(), from: z.string() }),
  jobs: z.array(jobRunDto),
  counts: z.object({ pending: z.number().int(), failed: z.number().int() }),
});

export const jobOutcomeDto = z.object({
  status: z.enum(["ran", "skipped", "error"]),
  result: z.record(z.string(), z.unknown()).optional(),
  reason: z.string().optional(),
  error: z.string().optional(),
});
