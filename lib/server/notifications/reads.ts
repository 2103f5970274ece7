import "server-only";
import { asc } from "drizzle-orm";
import { teams } from "@/db/schema";
import type { Actor } from "../context";
import { readerDb } from "../reads";
import { AppError } from "@/lib/errors";
import { failureCausesQuery } from "@/lib/validation/notifications";
import { listDeliveries, listFailureCauses, notificationStatus } from "./admin";
import { calendarTeamOptions, listMyCalendarFeeds } from "./calendar-feeds";
import { listInbox, unreadCount } from "./inbox";
import { listWebhooks } from "./webhooks";

/**
 * Reads behind the inbox and the notification and calendar settings pages: each checks the viewer's
 * role first; the inbox and calendar feeds are the viewer's own.
 */
const WEBHOOK_TEAM_CHOICES = 500;

export async function readInbox(actor: Actor, query: Parameters<typeof listInbox>[2]) {
  const db = await readerDb(actor, "inbox:read");
  const [page, unread] = await Promise.all([listInbox(db, actor.userId, query), unreadCount(db, actor.userId)]);
  return { page, unread };
}

/**
 * Channel status, webhooks, a page of failure causes, a page of deliveries and the webhook form's team
 * choices (notification:manage). A stale or edited cause cursor shows the first page of causes.
 */
export async function readNotificationSettings(actor: Actor, deliveries: Parameters<typeof listDeliveries>[1], causeCursor: string | undefined) {
  const db = await readerDb(actor, "notification:manage");
  const causes = (cursor: string | undefined) => listFailureCauses(db, failureCausesQuery.parse(cursor ? { cursor } : {}));
  const [status, hooks, page, teamOptions, causePage] = await Promise.all([
    notificationStatus(db),
    listWebhooks(db),
    listDeliveries(db, deliveries),
    db.select({ id: teams.id, name: teams.name }).from(teams).orderBy(asc(teams.name)).limit(WEBHOOK_TEAM_CHOICES),
    causes(causeCursor).catch((e: unknown) => {
      if (e instanceof AppError && e.code === "INVALID_INPUT") return causes(undefined);
      throw e;
    }),
  ]);
  return { status, hooks, deliveries: page, teamOptions, causes: causePage };
}

/** The viewer's calendar feeds and the teams they may subscribe to. */
export async function readCalendarSettings(actor: Actor) {
  const db = await readerDb(actor, "calendar:manage");
  const [feeds, teamChoices] = await Promise.all([listMyCalendarFeeds(db, actor.userId), calendarTeamOptions(db, actor)]);
  return { feeds, teams: teamChoices };
}
