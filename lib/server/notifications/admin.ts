import "server-only";
import { and, count, desc, eq, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { dbReady } from "@/db";
import type { Db, Queryable } from "@/db/client";
import { jobRuns, notificationDeliveries, notifications, webhookEndpoints } from "@/db/schema";
import { env } from "@/lib/env";
import { AppError, invalidInput, notFound } from "@/lib/errors";
import { encodeCursor, isInstantText } from "@/lib/validation/common";
import type { DeliveriesQuery, FailureCausesQuery } from "@/lib/validation/notifications";
import { audited } from "@/lib/server/audited";
import { auditContext, type RequestContext } from "@/lib/server/context";
import { jobNames, jobs, type JobName } from "@/lib/server/scheduler/jobs";
import { runJob as runSchedulerJob, type JobRunOutcome } from "@/lib/server/scheduler/scheduler";
import { deliveryConfigFromEnv } from "@/lib/server/scheduler/start";
import { describeSmtpUrl } from "./email";
import { DEFAULT_SMTP_FROM } from "./config";

const encodeJsonCursor = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
function decodeJsonCursor(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return null;
  }
}

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

/**
 * The one retry write: failed deliveries matching `where` go back to the queue with a fresh set of
 * attempts, due now. Nothing else is touched. Returns how many.
 */
async function requeueFailed(tx: Queryable, where: SQL): Promise<number> {
  const d = notificationDeliveries;
  const now = new Date();
  const rows = await tx
    .update(d)
    .set({ status: "pending", attempts: 0, nextAttemptAt: now, updatedAt: now })
    .where(and(eq(d.status, "failed"), where))
    .returning({ id: d.id });
  return rows.length;
}

/** A failed delivery goes back to the queue with a fresh set of attempts. */
export async function retryDelivery(db: Db, ctx: RequestContext, id: string) {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const d = notificationDeliveries;
    const [row] = await tx.select({ status: d.status, channel: d.channel, attempts: d.attempts, notificationId: d.notificationId }).from(d).where(eq(d.id, id));
    if (!row) throw notFound("Delivery");
    if (row.status !== "failed") throw new AppError("INVALID_STATE", `Only failed deliveries can be retried; this one is ${row.status}`);
    await requeueFailed(tx, eq(d.id, id));
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

/** A delivery's cause: its last error, none recorded as the empty string (so it groups and compares). */
const causeOf = sql<string>`coalesce(${notificationDeliveries.lastError}, '')`;
const sentByUs = or(eq(notificationDeliveries.channel, "email"), eq(notificationDeliveries.channel, "webhook"));
const causeCursor = z.tuple([z.string().refine(isInstantText), z.enum(["email", "webhook"]), z.string()]);

/**
 * Failed e-mail and webhook deliveries grouped by cause (channel and last error): how many, to how many
 * targets, the latest failure and an example subject. Most recent failure first, keyset paged over
 * (latest failure, channel, cause); the WHERE reads the status index.
 */
export async function listFailureCauses(db: Queryable, query: FailureCausesQuery) {
  const d = notificationDeliveries;
  const decoded = query.cursor ? causeCursor.safeParse(decodeJsonCursor(query.cursor)) : undefined;
  if (decoded && !decoded.success) throw invalidInput({ cursor: ["is not a valid cursor for this list; start again from the first page"] });
  const after = decoded?.data;
  const lastAt = sql`max(${d.updatedAt})`;
  const rows = await db
    .select({
      channel: d.channel,
      cause: causeOf,
      deliveries: sql<number>`count(*)::int`,
      targets: sql<number>`count(distinct ${d.targetKey})::int`,
      // ISO with microseconds, in UTC: exact for the keyset, and parseable back as an instant.
      lastFailedAt: sql<string>`to_char(${lastAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      example: sql<string>`(array_agg(${notifications.subject} order by ${d.updatedAt} desc))[1]`,
    })
    .from(d)
    .innerJoin(notifications, eq(notifications.id, d.notificationId))
    .where(and(eq(d.status, "failed"), sentByUs))
    .groupBy(d.channel, causeOf)
    .having(after ? sql`(${lastAt}, ${d.channel}::text, ${causeOf}) < (${after[0]}::timestamptz, ${after[1]}, ${after[2]})` : undefined)
    .orderBy(desc(lastAt), desc(sql`${d.channel}::text`), desc(causeOf))
    .limit(query.limit + 1);
  const hasMore = rows.length > query.limit;
  const items = (hasMore ? rows.slice(0, query.limit) : rows).map((r) => ({ ...r, channel: r.channel === "email" ? ("email" as const) : ("webhook" as const), lastFailedAt: new Date(r.lastFailedAt) }));
  const last = hasMore ? rows[query.limit - 1] : undefined;
  return { items, nextCursor: last ? encodeJsonCursor([last.lastFailedAt, last.channel, last.cause]) : null };
}

/** "Retry all" of one cause: every failed delivery on that channel with that last error, back in the queue; one audit event. */
export async function retryFailedByCause(db: Db, ctx: RequestContext, input: { channel: "email" | "webhook"; cause: string }) {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const d = notificationDeliveries;
    const retried = await requeueFailed(tx, and(eq(d.channel, input.channel), sql`${causeOf} = ${input.cause}`) ?? sql`false`);
    if (retried === 0) throw new AppError("INVALID_STATE", "No failed delivery has this cause any more; the list may be out of date");
    await audit({ action: "notification.retried_by_cause", targetType: "notification_delivery", payload: { channel: input.channel, cause: input.cause.slice(0, 500), count: retried } });
    return { retried };
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
