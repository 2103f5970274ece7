import "server-only";
import { and, count, desc, eq, or, sql } from "drizzle-orm";
import { dbReady } from "@/db";
import type { Db, Queryable } from "@/db/client";
import { jobRuns, notificationDeliveries, notifications, webhookEndpoints } from "@/db/schema";
import { env } from "@/lib/env";
import { AppError, invalidInput, notFound } from "@/lib/errors";
import { encodeCursor } from "@/lib/validation/common";
import type { DeliveriesQuery } from "@/lib/validation/notifications";
import { audited } from "@/lib/server/audited";
import { auditContext, type RequestContext } from "@/lib/server/context";
import { jobNames, jobs, type JobName } from "@/lib/server/scheduler/jobs";
import { runJob as runSchedulerJob, type JobRunOutcome } from "@/lib/server/scheduler/scheduler";
import { deliveryConfigFromEnv } from "@/lib/server/scheduler/start";
import { describeSmtpUrl } from "./email";
import { DEFAULT_SMTP_FROM } from "./config";

/** Administration of delivery (Settings → Notifications): status, failed deliveries, retry, run a job now. */

const deliveryColumns = {
  id: notificationDeliveries.id,
  channel: notificationDeliveries.channel,
  email: notificationDeliveries.email,
  webhookName: webhookEndpoints.name,
  targetKey: notificationDeliveries.targetKey,
  status: notificationDeliveries.status,
  attempts: notificationDeliveries.attempts,
  lastError: notificationDeliveries.lastError,
  nextAttemptAt: notificationDeliveries.nextAttemptAt,
  updatedAt: notificationDeliveries.updatedAt,
  kind: notifications.kind,
  subject: notifications.subject,
};

type DeliveryRowRaw = { [K in keyof typeof deliveryColumns]: unknown } & {
  id: string;
  channel: "email" | "webhook" | "in_app";
  email: string | null;
  webhookName: string | null;
  targetKey: string;
  status: "pending" | "sent" | "failed";
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  updatedAt: Date;
  kind: string;
  subject: string;
};

function present(r: DeliveryRowRaw) {
  const target = r.channel === "email" ? (r.email ?? r.targetKey) : r.channel === "webhook" ? (r.webhookName ?? r.targetKey) : r.targetKey;
  return { id: r.id, channel: r.channel, target, status: r.status, attempts: r.attempts, lastError: r.lastError, nextAttemptAt: r.nextAttemptAt, updatedAt: r.updatedAt, kind: r.kind, subject: r.subject };
}

/** Deliveries by status, most recently changed first; keyset over (updated_at, id) on the status index. */
export async function listDeliveries(db: Queryable, query: DeliveriesQuery) {
  const d = notificationDeliveries;
  const conditions = [eq(d.status, query.status), or(eq(d.channel, "email"), eq(d.channel, "webhook"))];
  // (updated_at as PostgreSQL text, id): exact to the microsecond.
  if (query.cursor) conditions.push(sql`(${d.updatedAt}, ${d.id}) < (${query.cursor.name}::timestamptz, ${query.cursor.id}::uuid)`);
  const rows = await db
    .select({ ...deliveryColumns, cursorAt: sql<string>`${d.updatedAt}::text` })
    .from(d)
    .innerJoin(notifications, eq(notifications.id, d.notificationId))
    .leftJoin(webhookEndpoints, eq(webhookEndpoints.id, d.webhookId))
    .where(and(...conditions))
    .orderBy(desc(d.updatedAt), desc(d.id))
    .limit(query.limit + 1);
  const hasMore = rows.length > query.limit;
  const items = hasMore ? rows.slice(0, query.limit) : rows;
  const last = items.at(-1);
  return { items: items.map((r) => present(r as DeliveryRowRaw)), nextCursor: hasMore && last ? encodeCursor({ name: last.cursorAt, id: last.id }) : null };
}

/** A failed delivery goes back to the queue with a fresh set of attempts. Nothing else is touched. */
export async function retryDelivery(db: Db, ctx: RequestContext, id: string) {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const d = notificationDeliveries;
    const [row] = await tx.select({ status: d.status, channel: d.channel, attempts: d.attempts, notificationId: d.notificationId }).from(d).where(eq(d.id, id));
    if (!row) throw notFound("Delivery");
    if (row.status !== "failed") throw new AppError("INVALID_STATE", `Only failed deliveries can be retried; this one is ${row.status}`);
    const now = new Date();
    await tx.update(d).set({ status: "pending", attempts: 0, nextAttemptAt: now, updatedAt: now }).where(eq(d.id, id));
    await audit({ action: "notification.retried", targetType: "notification_delivery", targetId: id, payload: { channel: row.channel, previousAttempts: row.attempts, notificationId: row.notificationId } });
    const [after] = await tx
      .select(deliveryColumns)
      .from(d)
      .innerJoin(notifications, eq(notifications.id, d.notificationId))
      .leftJoin(webhookEndpoints, eq(webhookEndpoints.id, d.webhookId))
      .where(eq(d.id, id));
    if (!after) throw notFound("Delivery");
    return present(after);
  });
}

export async function notificationStatus(db: Queryable) {
  const e = env();
  const runs = new Map((await db.select().from(jobRuns)).map((r) => [r.name, r]));
  const counts = await db
    .select({ status: notificationDeliveries.status, n: count() })
    .from(notificationDeliveries)
    .where(or(eq(notificationDeliveries.status, "pending"), eq(notificationDeliveries.status, "failed")))
    .groupBy(notificationDeliveries.status);
  const countOf = (s: string) => counts.find((c) => c.status === s)?.n ?? 0;
  return {
    schedulerIntervalSeconds: e.SCHEDULER_INTERVAL_SECONDS,
    smtp: { configured: Boolean(e.SMTP_URL), server: e.SMTP_URL ? describeSmtpUrl(e.SMTP_URL) : null, from: e.SMTP_FROM ?? DEFAULT_SMTP_FROM },
    jobs: jobNames.map((name) => {
      const r = runs.get(name);
      return {
        name,
        description: jobs[name].description,
        lastStartedAt: r?.lastStartedAt ?? null,
        lastFinishedAt: r?.lastFinishedAt ?? null,
        lastResult: (r?.lastResult as Record<string, unknown> | null | undefined) ?? null,
        lastError: r?.lastError ?? null,
      };
    }),
    counts: { pending: countOf("pending"), failed: countOf("failed") },
  };
}

/** Runs a job now, in this request (admins: "Run now"; e2e). Audited as the admin's action. */
export async function runJobNow(ctx: RequestContext, name: JobName): Promise<JobRunOutcome> {
  if (!(jobNames as readonly string[]).includes(name)) throw invalidInput({ name: ["is not a job"] });
  const { db, driver } = await dbReady();
  const outcome = await runSchedulerJob({ db, driver }, name, { delivery: deliveryConfigFromEnv(), now: new Date() });
  await audited(db, auditContext(ctx), (_tx, audit) => audit({ action: "scheduler.job_run", targetType: "job", payload: { name, status: outcome.status } }));
  return outcome;
}
