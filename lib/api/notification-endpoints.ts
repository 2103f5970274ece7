import { z } from "zod";
import { idParams } from "@/lib/validation/common";
import {
  calendarFeedDto,
  calendarFeedInput,
  calendarTokenParams,
  createdCalendarFeedDto,
  createdWebhookDto,
  deliveriesQuery,
  deliveryDto,
  inboxPageDto,
  inboxQuery,
  jobNameParams,
  jobOutcomeDto,
  markedReadDto,
  notificationStatusDto,
  unreadCountDto,
  updateWebhookInput,
  webhookDto,
  webhookInput,
  failureCausePageDto,
  failureCausesQuery,
  retriedByCauseDto,
  retryCauseInput,
} from "@/lib/validation/notifications";
import { endpoint } from "./endpoint";

const inbox = { permission: "inbox:read" } as const;
const manage = { permission: "notification:manage" } as const;
const calendar = { permission: "calendar:manage" } as const;

/** Notifications: inbox, webhooks, calendar feeds (DESIGN §8.3). */
export const notificationEndpoints = {
  listInbox: endpoint({ operationId: "listInbox", method: "GET", path: "/api/v1/inbox", summary: "My in-app notifications, newest first (keyset cursor), with the unread count", tag: "Notifications", access: inbox, query: inboxQuery, response: inboxPageDto }),
  getUnreadCount: endpoint({ operationId: "getUnreadCount", method: "GET", path: "/api/v1/inbox/unread-count", summary: "How many of my in-app notifications are unread", tag: "Notifications", access: inbox, response: unreadCountDto }),
  markInboxRead: endpoint({ operationId: "markInboxRead", method: "POST", path: "/api/v1/inbox/{id}/read", summary: "Mark one of my notifications read", tag: "Notifications", access: inbox, params: idParams, response: markedReadDto }),
  markAllInboxRead: endpoint({ operationId: "markAllInboxRead", method: "POST", path: "/api/v1/inbox/read-all", summary: "Mark all my notifications read", tag: "Notifications", access: inbox, response: markedReadDto }),

  listWebhooks: endpoint({ operationId: "listWebhooks", method: "GET", path: "/api/v1/webhooks", summary: "Webhook endpoints (global and per team)", tag: "Notifications", access: manage, response: z.object({ items: z.array(webhookDto) }) }),
  createWebhook: endpoint({ operationId: "createWebhook", method: "POST", path: "/api/v1/webhooks", summary: "Add a webhook endpoint; the answer holds its signing key, shown this once. URLs on blocked addresses are refused (422 naming url)", tag: "Notifications", access: manage, secretResponse: true, body: webhookInput, response: createdWebhookDto, successStatus: 201 }),
  updateWebhook: endpoint({ operationId: "updateWebhook", method: "PATCH", path: "/api/v1/webhooks/{id}", summary: "Rename, re-point or deactivate a webhook endpoint (endpoints are never deleted)", tag: "Notifications", access: manage, params: idParams, body: updateWebhookInput, response: webhookDto }),

  listCalendarFeeds: endpoint({ operationId: "listCalendarFeeds", method: "GET", path: "/api/v1/calendar-feeds", summary: "My calendar feeds", tag: "Notifications", access: calendar, response: z.object({ items: z.array(calendarFeedDto) }) }),
  createCalendarFeed: endpoint({ operationId: "createCalendarFeed", method: "POST", path: "/api/v1/calendar-feeds", summary: "Create an ICS feed of my (scope=user) or a team's (scope=team) due rotations and reviews; the URL is shown once", tag: "Notifications", access: calendar, secretResponse: true, body: calendarFeedInput, response: createdCalendarFeedDto, successStatus: 201 }),
  revokeCalendarFeed: endpoint({ operationId: "revokeCalendarFeed", method: "POST", path: "/api/v1/calendar-feeds/{id}/revoke", summary: "Revoke a calendar feed: its URL answers 404 from now on", tag: "Notifications", access: calendar, params: idParams, response: calendarFeedDto }),
  getCalendar: endpoint({ operationId: "getCalendar", method: "GET", path: "/api/v1/calendar/{token}", summary: "A calendar feed (text/calendar, RFC 5545) by its secret token; unknown or revoked → 404", tag: "Notifications", access: "public", params: calendarTokenParams }),

  getNotificationStatus: endpoint({ operationId: "getNotificationStatus", method: "GET", path: "/api/v1/notifications/status", summary: "Scheduler jobs' last runs, SMTP status and delivery counts", tag: "Notifications", access: manage, response: notificationStatusDto }),
  listDeliveries: endpoint({ operationId: "listDeliveries", method: "GET", path: "/api/v1/notifications/deliveries", summary: "E-mail and webhook deliveries by status (default failed), most recent first", tag: "Notifications", access: manage, query: deliveriesQuery, response: z.object({ items: z.array(deliveryDto), nextCursor: z.string().nullable() }) }),
  listFailureCauses: endpoint({ operationId: "listFailureCauses", method: "GET", path: "/api/v1/notifications/failure-causes", summary: "Failed e-mail and webhook deliveries grouped by cause (channel and last error), most recent failure first (keyset cursor)", tag: "Notifications", access: manage, query: failureCausesQuery, response: failureCausePageDto }),
  retryFailedByCause: endpoint({ operationId: "retryFailedByCause", method: "POST", path: "/api/v1/notifications/failure-causes/retry", summary: "Retry all: put every failed delivery of one cause (channel and last error) back in the queue with fresh attempts; one audit event with the count", tag: "Notifications", access: manage, body: retryCauseInput, response: retriedByCauseDto }),
  retryDelivery: endpoint({ operationId: "retryDelivery", method: "POST", path: "/api/v1/notifications/deliveries/{id}/retry", summary: "Put a failed delivery back in the queue with fresh attempts", tag: "Notifications", access: manage, params: idParams, response: deliveryDto }),
  runJob: endpoint({ operationId: "runSchedulerJob", method: "POST", path: "/api/v1/notifications/jobs/{name}/run", summary: "Run a scheduler job now (reminders, rotation-expiry, deliveries, …)", tag: "Notifications", access: manage, repeatable: true, params: jobNameParams, response: jobOutcomeDto }),
} satisfies Record<string, ReturnType<typeof endpoint>>;
