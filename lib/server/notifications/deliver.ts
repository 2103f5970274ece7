import "server-only";
/**
 * Delivery of the outbox (DESIGN §8.3, §9 scale-out): e-mail and webhook deliveries are claimed,
 * sent and marked by any number of processes sharing one PostgreSQL.
 *
 * Exactly-once, and its one honest gap:
 * 1. CLAIM — one statement takes up to `batchSize` due rows with `FOR UPDATE SKIP LOCKED`, counts the
 *    attempt and pushes `next_attempt_at` out by a lease. Two processes never claim the same row:
 *    the row lock serialises them and the lease hides a claimed row until it expires.
 * 2. SEND — outside any transaction (no row lock is held while talking to the network).
 * 3. MARK — `sent` (or back to `pending` with backoff, or `failed` after `maxAttempts`), fenced on the
 *    attempt count of our claim: if our lease expired and another process re-claimed the row, our
 *    late mark changes nothing.
 * A send starts only while it can still finish inside the lease: with its channel's timeout and a
 * margin for the MARK left before the lease ends (else the row is handed back at once, its attempt
 * uncounted). So a slow process never sends a row another process may already have re-claimed.
 * A process killed between CLAIM and SEND leaves rows whose lease expires; another process then
 * sends them (nothing is lost). A process killed between SEND and MARK — a window of one UPDATE —
 * leaves a message the receiver has already got; it is sent again after the lease. For external
 * channels that window is at-least-once; receivers can drop repeats by the dedupe key carried in
 * every message (`X-Steward-Notification-Key`, the webhook body's `dedupeKey`).
 *
 * In-app deliveries are written `sent` by the outbox itself and never pass through here.
 * Plain module (no next/*, no server-only): the exactly-once test runs it in child processes.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { notificationDeliveries, notifications, webhookEndpoints } from "@/db/schema";
import { slackEscape } from "@/lib/domain/slack";
import { backoffMs, type DeliveryConfig } from "./config";
import { sendEmail } from "./email";
import { postWebhook } from "./webhook-send";
import { webhookSignature, webhookSigningKey } from "./webhook-signing";

export type DeliveryHooks = {
  /** Called just before each send (tests use it to stop a process mid-batch). */
  beforeSend?: (deliveryId: string) => void | Promise<void>;
};

export type DeliveryOutcome = { claimed: number; sent: number; retried: number; failed: number; deferred: number };

type Claimed = { id: string; attempts: number; leaseUntil: Date };

/** Time kept free at the end of a lease for marking the row after its send. */
export function markMarginMs(leaseMs: number): number {
  return Math.min(2_000, Math.floor(leaseMs / 4));
}

/** Whether a send on `channel` started at `at` is sure to end (by its timeout) before the lease does. */
export function canSendWithinLease(channel: string, leaseUntil: Date, config: Pick<DeliveryConfig, "leaseMs" | "smtpTimeoutMs" | "webhookTimeoutMs">, at: number = Date.now()): boolean {
  const timeout = channel === "email" ? config.smtpTimeoutMs : channel === "webhook" ? config.webhookTimeoutMs : 0;
  return at + timeout + markMarginMs(config.leaseMs) <= leaseUntil.getTime();
}

/** Claims a batch: one statement, so the claim and the lease are atomic. */
export async function claimDeliveries(db: Db, now: Date, config: Pick<DeliveryConfig, "batchSize" | "leaseMs">): Promise<Claimed[]> {
  // The lease runs from the real clock at the moment of the claim (never from an earlier tick start,
  // which would hand out leases that have already expired); `now` may be ahead of it in tests.
  const leaseUntil = new Date(Math.max(now.getTime(), Date.now()) + config.leaseMs);
  const result = await db.execute(sql`
    update notification_deliveries d
       set attempts = d.attempts + 1, next_attempt_at = ${leaseUntil.toISOString()}::timestamptz, updated_at = ${now.toISOString()}::timestamptz
     where d.id in (
       select id from notification_deliveries
        where status = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz
        order by next_attempt_at, id
        limit ${config.batchSize}
        for update skip locked
     )
    returning d.id, d.attempts`);
  return rowsOf<{ id: string; attempts: number | string }>(result).map((r) => ({ id: r.id, attempts: Number(r.attempts), leaseUntil }));
}

/** Hands a claimed row back unsent: due again at once, the claim's attempt not counted (fenced like a mark). */
async function release(db: Db, claim: Claimed, now: Date): Promise<void> {
  await db
    .update(notificationDeliveries)
    .set({ attempts: claim.attempts - 1, nextAttemptAt: now, updatedAt: now })
    .where(and(eq(notificationDeliveries.id, claim.id), eq(notificationDeliveries.attempts, claim.attempts), eq(notificationDeliveries.status, "pending")));
}

type Work = {
  id: string;
  channel: "email" | "webhook" | "in_app";
  email: string | null;
  webhookId: string | null;
  webhookUrl: string | null;
  webhookActive: boolean | null;
  notificationId: string;
  dedupeKey: string;
  kind: string;
  subject: string;
  body: string;
  link: string | null;
  credentialId: string | null;
  teamId: string | null;
  payload: unknown;
  createdAt: Date;
};

async function loadWork(db: Db, ids: string[]): Promise<Work[]> {
  if (ids.length === 0) return [];
  return db
    .select({
      id: notificationDeliveries.id,
      channel: notificationDeliveries.channel,
      email: notificationDeliveries.email,
      webhookId: notificationDeliveries.webhookId,
      webhookUrl: webhookEndpoints.url,
      webhookActive: webhookEndpoints.isActive,
      notificationId: notifications.id,
      dedupeKey: notifications.dedupeKey,
      kind: notifications.kind,
      subject: notifications.subject,
      body: notifications.body,
      link: notifications.link,
      credentialId: notifications.credentialId,
      teamId: notifications.teamId,
      payload: notifications.payload,
      createdAt: notifications.createdAt,
    })
    .from(notificationDeliveries)
    .innerJoin(notifications, eq(notifications.id, notificationDeliveries.notificationId))
    .leftJoin(webhookEndpoints, eq(webhookEndpoints.id, notificationDeliveries.webhookId))
    .where(inArray(notificationDeliveries.id, ids));
}

const absolute = (origin: string, link: string | null) => (link ? new URL(link, origin).toString() : null);

/** The webhook body: Slack-compatible `text` first (escaped: names are member-chosen), then the structured fields. */
export function webhookBody(work: Work, appOrigin: string, sentAt: Date): string {
  const link = absolute(appOrigin, work.link);
  return JSON.stringify({
    text: slackEscape(link ? `${work.subject}\n${link}` : work.subject),
    kind: work.kind,
    subject: work.subject,
    body: work.body,
    link,
    credentialId: work.credentialId,
    teamId: work.teamId,
    notificationId: work.notificationId,
    dedupeKey: work.dedupeKey,
    createdAt: work.createdAt.toISOString(),
    timestamp: Math.floor(sentAt.getTime() / 1000),
    payload: work.payload ?? {},
  });
}

export function emailText(work: Pick<Work, "subject" | "body" | "link">, appOrigin: string): string {
  const link = absolute(appOrigin, work.link);
  return [`${work.subject}.`, "", work.body, "", ...(link ? [`Open in Steward: ${link}`, ""] : []), "— Steward (an automatic message; replies are not read)"].join("\n");
}

type SendResult = { ok: true } | { ok: false; error: string; permanent: boolean };

async function send(work: Work, config: DeliveryConfig): Promise<SendResult> {
  if (work.channel === "email") {
    if (!work.email) return { ok: false, error: "no e-mail address", permanent: true };
    if (!config.smtpUrl) return { ok: false, error: "SMTP_URL not set: e-mail is not configured", permanent: true };
    const r = await sendEmail(config.smtpUrl, config.smtpFrom, { to: work.email, subject: `[Steward] ${work.subject}`, text: emailText(work, config.appOrigin), dedupeKey: work.dedupeKey }, config.smtpTimeoutMs);
    return r.ok ? r : { ...r, permanent: false };
  }
  if (work.channel === "webhook") {
    if (!work.webhookId || !work.webhookUrl) return { ok: false, error: "webhook endpoint not found", permanent: true };
    if (!work.webhookActive) return { ok: false, error: "webhook endpoint deactivated", permanent: true };
    const sentAt = new Date();
    const body = webhookBody(work, config.appOrigin, sentAt);
    const key = webhookSigningKey(config.webhookSecret, work.webhookId);
    const r = await postWebhook(
      work.webhookUrl,
      body,
      { "x-steward-signature": webhookSignature(key, body), "x-steward-timestamp": String(Math.floor(sentAt.getTime() / 1000)), "x-steward-notification-key": work.dedupeKey },
      { allowPrivateAddresses: config.allowPrivateAddresses, timeoutMs: config.webhookTimeoutMs },
    );
    return r.ok ? { ok: true } : { ok: false, error: r.error, permanent: false };
  }
  return { ok: true };
}

/** Marks one claimed delivery; fenced on the claim's attempt count. Returns what it became. */
async function mark(db: Db, claim: Claimed, result: SendResult, config: DeliveryConfig, tickNow: Date): Promise<"sent" | "retried" | "failed" | "lost-lease"> {
  const fence = and(eq(notificationDeliveries.id, claim.id), eq(notificationDeliveries.attempts, claim.attempts), eq(notificationDeliveries.status, "pending"));
  const now = new Date();
  if (result.ok) {
    const rows = await db.update(notificationDeliveries).set({ status: "sent", sentAt: now, lastError: null, updatedAt: now }).where(fence).returning({ id: notificationDeliveries.id });
    return rows.length > 0 ? "sent" : "lost-lease";
  }
  const giveUp = result.permanent || claim.attempts >= config.maxAttempts;
  const rows = await db
    .update(notificationDeliveries)
    .set({
      status: giveUp ? "failed" : "pending",
      lastError: `${result.error.slice(0, 500)}${giveUp && !result.permanent ? ` (gave up after ${claim.attempts} attempts)` : ""}`,
      // Backoff counts from the tick's clock, so a test can step time forward deterministically.
      nextAttemptAt: giveUp ? now : new Date(tickNow.getTime() + backoffMs(claim.attempts, config)),
      updatedAt: now,
    })
    .where(fence)
    .returning({ id: notificationDeliveries.id });
  if (rows.length === 0) return "lost-lease";
  return giveUp ? "failed" : "retried";
}

/** One batch: claim, send concurrently, mark. */
export async function deliverBatch(db: Db, config: DeliveryConfig, now: Date, hooks: DeliveryHooks = {}): Promise<DeliveryOutcome> {
  const claimed = await claimDeliveries(db, now, config);
  const outcome: DeliveryOutcome = { claimed: claimed.length, sent: 0, retried: 0, failed: 0, deferred: 0 };
  if (claimed.length === 0) return outcome;
  const work = new Map((await loadWork(db, claimed.map((c) => c.id))).map((w) => [w.id, w]));
  await Promise.all(
    claimed.map(async (claim) => {
      const item = work.get(claim.id);
      if (!item) return;
      if (!canSendWithinLease(item.channel, claim.leaseUntil, config)) {
        await release(db, claim, now);
        outcome.deferred++;
        return;
      }
      await hooks.beforeSend?.(claim.id);
      let result: SendResult;
      try {
        result = await send(item, config);
      } catch (error) {
        result = { ok: false, error: error instanceof Error ? error.message : String(error), permanent: false };
      }
      const state = await mark(db, claim, result, config, now);
      if (state === "sent") outcome.sent++;
      else if (state === "retried") outcome.retried++;
      else if (state === "failed") outcome.failed++;
    }),
  );
  return outcome;
}

/** Batches until nothing due is left (or `maxBatches`, so one tick stays bounded). */
export async function deliverPending(db: Db, config: DeliveryConfig, now: Date = new Date(), opts: { maxBatches?: number; hooks?: DeliveryHooks } = {}): Promise<DeliveryOutcome> {
  const total: DeliveryOutcome = { claimed: 0, sent: 0, retried: 0, failed: 0, deferred: 0 };
  const maxBatches = opts.maxBatches ?? 50;
  for (let i = 0; i < maxBatches; i++) {
    const r = await deliverBatch(db, config, now, opts.hooks);
    total.claimed += r.claimed;
    total.sent += r.sent;
    total.retried += r.retried;
    total.failed += r.failed;
    total.deferred += r.deferred;
    if (r.claimed < config.batchSize) break;
  }
  return total;
}
