import { randomUUID } from "node:crypto";
import ICAL from "ical.js";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { notificationDeliveries, notifications, users, webhookEndpoints } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import type { Role } from "@/lib/authz/permissions";
import { listDeliveries, retryDelivery } from "@/lib/server/notifications/admin";
import { calendarStream, createCalendarFeed, resolveFeed, revokeCalendarFeed } from "@/lib/server/notifications/calendar-feeds";
import { deliveryDefaults, type DeliveryConfig } from "@/lib/server/notifications/config";
import { deliverPending } from "@/lib/server/notifications/deliver";
import { listInbox, markAllRead, markRead, unreadCount } from "@/lib/server/notifications/inbox";
import { enqueueNotification } from "@/lib/server/notifications/outbox";
import { sweepReminders } from "@/lib/server/notifications/reminder-sweep";
import { webhookSigningKey } from "@/lib/server/notifications/webhook-signing";
import { createWebhook } from "@/lib/server/notifications/webhooks";
import { contextAs } from "../support/context";
import { drivers, rowsOf } from "../support/db";
import { auditEventsAfter, lastAuditSeq, rejectionOf } from "../support/audit";
import { countRows, DAY, daysAfter, expectAppError, suiteDatabase, unique } from "../support/inventory";
import { closedPort, startTestSmtp, type TestSmtp } from "../support/smtp";
import { startWebhookReceiver, verifySignature, type WebhookReceiver } from "../support/webhook-receiver";

const ORIGIN = "https://steward.example.test";

function decodeCursor(cursor: string | null): { name: string; id: string } {
  if (!cursor) throw new Error("no cursor");
  const [name, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];
  return { name, id };
}
const SECRET = process.env.AUTH_SECRET ?? "";

/** Private addresses allowed for the duration of `work` (the receivers listen on loopback). */
async function withPrivateAddresses<T>(work: () => Promise<T>): Promise<T> {
  process.env.DISCOVERY_ALLOW_PRIVATE_ADDRESSES = "true";
  resetEnvCache();
  try {
    return await work();
  } finally {
    delete process.env.DISCOVERY_ALLOW_PRIVATE_ADDRESSES;
    resetEnvCache();
  }
}

describe.each(drivers)("[NOTIFY] notifications on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: true });
  let db: Db;
  let smtp: TestSmtp;
  let receiver: WebhookReceiver;
  let config: DeliveryConfig;

  beforeAll(async () => {
    db = handle.db;
    smtp = await startTestSmtp();
    receiver = await startWebhookReceiver();
    config = { ...deliveryDefaults, smtpUrl: smtp.url, appOrigin: ORIGIN, webhookSecret: SECRET, allowPrivateAddresses: true, maxAttempts: 3 };
  });
  afterAll(async () => {
    await smtp.close();
    await receiver.close();
  });
  afterEach(async () => {
    // Each test sweeps with its own clock: earlier tests' webhooks must not receive later ones.
    await db.update(webhookEndpoints).set({ isActive: false });
    smtp.messages.length = 0;
    receiver.received.length = 0;
  });

  /** A user who signs in as `role`, linked (by e-mail) to a person. */
  async function userFor(role: Role, person?: { email: string; name: string }) {
    const email = person?.email ?? `${unique("user").toLowerCase()}@example.test`;
    const [row] = await db.insert(users).values({ email, name: person?.name ?? email, role }).returning({ id: users.id });
    if (!row) throw new Error("no user");
    return { id: row.id, ctx: contextAs(role, { userId: row.id, email }) };
  }

  /** A credential whose rotation falls due 10 days from now (secret issued 170 days ago, 180-day policy). */
  async function dueCredential(people: { ownerId?: string; backupOwnerId?: string; owningTeamId?: string } = {}) {
    const { credential: cred } = await fx.credential({ environment: "production", ...people });
    await fx.secret(cred.id, { issuedAt: daysAfter(new Date(), -170).toISOString() });
    const [row] = rowsOfDue(await db.execute(sql`select rotation_due_at from credentials where id = ${cred.id}`));
    if (!row?.rotation_due_at) throw new Error("no rotation due date");
    return { id: cred.id, name: cred.name, rotationDueAt: new Date(row.rotation_due_at) };
  }
  const rowsOfDue = (r: unknown) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { rotation_due_at: string | Date | null }[];

  async function deliveriesOf(credentialId: string) {
    return db
      .select({ key: notifications.dedupeKey, channel: notificationDeliveries.channel, target: notificationDeliveries.targetKey, status: notificationDeliveries.status })
      .from(notificationDeliveries)
      .innerJoin(notifications, eq(notifications.id, notificationDeliveries.notificationId))
      .where(eq(notifications.credentialId, credentialId));
  }

  it("[NOTIFY] the sweep enqueues only the latest open slot, once; escalates to backup at 7 and team + security at 14 days overdue", async () => {
    const owner = await fx.person();
    const backup = await fx.person();
    const member = await fx.person();
    const team = await fx.team([member.id]);
    const security = await userFor("security");
    const cred = await dueCredential({ ownerId: owner.id, backupOwnerId: backup.id, owningTeamId: team.id });
    const due = cred.rotationDueAt;
    const keyOf = (slot: string) => `reminder:rotation:${cred.id}:${due.toISOString()}:${slot}`;

    // 8 days before due: the 30-day slot is the latest open one.
    await sweepReminders(db, new Date(due.getTime() - 8 * DAY));
    await sweepReminders(db, new Date(due.getTime() - 8 * DAY));
    let rows = await deliveriesOf(cred.id);
    expect(new Set(rows.map((r) => r.key))).toEqual(new Set([keyOf("before-30d")]));
    expect(rows.filter((r) => r.channel === "email").map((r) => r.target)).toEqual([owner.email]);

    // A scheduler down from then until 10 days overdue sends one reminder (7-day overdue), not four.
    await sweepReminders(db, new Date(due.getTime() + 10 * DAY));
    rows = await deliveriesOf(cred.id);
    expect(new Set(rows.map((r) => r.key))).toEqual(new Set([keyOf("before-30d"), keyOf("overdue-7d")]));
    expect(rows.filter((r) => r.key === keyOf("overdue-7d") && r.channel === "email").map((r) => r.target).sort()).toEqual([owner.email, backup.email].sort());

    // 14 days overdue: the team's members and every security user join.
    await sweepReminders(db, new Date(due.getTime() + 14 * DAY));
    rows = (await deliveriesOf(cred.id)).filter((r) => r.key === keyOf("overdue-14d"));
    const emails = rows.filter((r) => r.channel === "email").map((r) => r.target);
    expect(emails).toEqual(expect.arrayContaining([owner.email, backup.email, member.email, security.ctx.actor?.email]));
    expect(rows.filter((r) => r.channel === "in_app").map((r) => r.target)).toContain(security.id);
  });

  it("[NOTIFY] the sweep pages by (due, id) exactly: many credentials due in the same microsecond, small batches, each reminded once", async () => {
    const owner = await fx.person();
    const prefix = unique("same");
    await db.execute(sql`
      insert into credentials (key, kind, name, environment, owner_id, rotation_due_at)
      select ${prefix} || '-' || g, 'oauth_client', ${prefix} || ' ' || g, 'production', ${owner.id}, timestamptz '2030-01-01 00:00:00.123456+00'
        from generate_series(1, 7) g`);
    const mine = async () =>
      rowsOf<{ n: string | number }>(
        await db.execute(sql`select count(*) as n from notifications n join credentials c on c.id = n.credential_id where c.key like ${`${prefix}-%`}`),
      )[0]?.n;
    await sweepReminders(db, new Date("2030-01-01T01:00:00Z"), { batchSize: 2 });
    expect(Number(await mine())).toBe(7);
    expect((await sweepReminders(db, new Date("2030-01-01T01:00:00Z"), { batchSize: 2 })).enqueued).toBe(0);
  });

  it("[NOTIFY] e-mail is delivered to a real SMTP server and read back: recipient, subject, link", async () => {
    const owner = await fx.person();
    const cred = await dueCredential({ ownerId: owner.id });
    const now = new Date(cred.rotationDueAt.getTime() + 3_600_000);
    await sweepReminders(db, now);
    const outcome = await deliverPending(db, config, now);
    expect(outcome.sent).toBeGreaterThanOrEqual(1);
    const mail = smtp.messages.find((m) => m.headers.get("x-steward-notification-key") === `reminder:rotation:${cred.id}:${cred.rotationDueAt.toISOString()}:due`);
    expect(mail, "the reminder reached the SMTP server").toBeDefined();
    const to = mail?.to && !Array.isArray(mail.to) ? mail.to.value.map((a) => a.address) : [];
    expect(to).toEqual([owner.email]);
    expect(mail?.subject).toBe(`[Steward] Rotation of ${cred.name} is due today (${cred.rotationDueAt.toISOString().slice(0, 10)})`);
    expect(mail?.text).toContain(`${ORIGIN}/inventory/${cred.id}`);
    const [row] = (await deliveriesOf(cred.id)).filter((r) => r.channel === "email");
    expect(row?.status).toBe("sent");
  });

  it("[NOTIFY] a webhook is delivered to a local receiver with a valid signature; the signing key is the one shown at creation", async () => {
    const owner = await fx.person();
    const team = await fx.team();
    const admin = await userFor("admin");
    const hook = await withPrivateAddresses(() => createWebhook(db, admin.ctx, { name: unique("Hook"), url: receiver.url, teamId: team.id }));
    expect(hook.signingKey).toBe(webhookSigningKey(SECRET, hook.id));
    expect(await countRows(db, "webhook_endpoints")).toBeGreaterThan(0);
    const cred = await dueCredential({ ownerId: owner.id, owningTeamId: team.id });
    const now = new Date(cred.rotationDueAt.getTime() + 3_600_000);
    await sweepReminders(db, now);
    await deliverPending(db, config, now);
    const got = receiver.received.filter((r) => r.json.credentialId === cred.id);
    expect(got).toHaveLength(1);
    const [hit] = got;
    if (!hit) throw new Error("no webhook");
    expect(verifySignature(hook.signingKey, hit.rawBody, hit.headers["x-steward-signature"])).toBe(true);
    expect(verifySignature(hook.signingKey, hit.rawBody.replace("Rotation", "Rotatian"), hit.headers["x-steward-signature"])).toBe(false);
    expect(verifySignature(webhookSigningKey(SECRET, randomUUID()), hit.rawBody, hit.headers["x-steward-signature"])).toBe(false);
    expect(Number(hit.headers["x-steward-timestamp"])).toBe(hit.json.timestamp);
    expect(hit.json).toMatchObject({ kind: "reminder.rotation", credentialId: cred.id, teamId: team.id, link: `${ORIGIN}/inventory/${cred.id}` });
    expect(String(hit.json.text)).toContain(`Rotation of ${cred.name} is due today`);
  });

  it("[NOTIFY] SMTP down: retried with backoff, failed after N tries and visible; nothing lost; retry sends it", async () => {
    const person = await fx.person();
    const down: DeliveryConfig = { ...config, smtpUrl: `smtp://127.0.0.1:${await closedPort()}`, maxAttempts: 3, baseBackoffMs: 60_000 };
    const key = `test:smtp-down:${randomUUID()}`;
    await db.transaction((tx) => enqueueNotification(tx, { dedupeKey: key, kind: "test", subject: "SMTP down test", body: "body", recipients: { personIds: [person.id] }, webhooks: false }));
    const row = async () => {
      const [r] = await db
        .select({ id: notificationDeliveries.id, status: notificationDeliveries.status, attempts: notificationDeliveries.attempts, next: notificationDeliveries.nextAttemptAt, lastError: notificationDeliveries.lastError })
        .from(notificationDeliveries)
        .innerJoin(notifications, eq(notifications.id, notificationDeliveries.notificationId))
        .where(and(eq(notifications.dedupeKey, key), eq(notificationDeliveries.channel, "email")));
      if (!r) throw new Error("the delivery row is gone");
      return r;
    };
    const t0 = new Date(Date.now() + 1000);
    expect(await deliverPending(db, down, t0)).toMatchObject({ claimed: 1, retried: 1 });
    let r = await row();
    expect(r).toMatchObject({ status: "pending", attempts: 1 });
    expect(r.next.getTime()).toBe(t0.getTime() + 60_000);
    expect(r.lastError).toMatch(/ECONNREFUSED|SMTP/);

    // Not due again before the backoff has passed.
    expect((await deliverPending(db, down, new Date(t0.getTime() + 59_000))).claimed).toBe(0);
    const t1 = new Date(t0.getTime() + 60_000);
    await deliverPending(db, down, t1);
    r = await row();
    expect(r).toMatchObject({ status: "pending", attempts: 2 });
    expect(r.next.getTime()).toBe(t1.getTime() + 120_000);

    await deliverPending(db, down, new Date(t1.getTime() + 120_000));
    r = await row();
    expect(r).toMatchObject({ status: "failed", attempts: 3 });
    expect(r.lastError).toContain("gave up after 3 attempts");
    const failed = await listDeliveries(db, { status: "failed", limit: 200 });
    expect(failed.items.map((i) => i.id)).toContain(r.id);

    const admin = await userFor("admin");
    const seq = await lastAuditSeq(db);
    await retryDelivery(db, admin.ctx, r.id);
    expect((await auditEventsAfter(db, seq)).map((e) => e.action)).toEqual(["notification.retried"]);
    expect(await row()).toMatchObject({ status: "pending", attempts: 0 });
    expectAppError(await rejectionOf(retryDelivery(db, admin.ctx, r.id)), "INVALID_STATE");
    await deliverPending(db, config, new Date(Date.now() + 1000));
    expect(await row()).toMatchObject({ status: "sent", attempts: 1 });
    expect(smtp.messages.some((m) => m.headers.get("x-steward-notification-key") === key)).toBe(true);
  });

  it("[NOTIFY] without SMTP_URL e-mail deliveries fail visibly, never silently", async () => {
    const person = await fx.person();
    const key = `test:no-smtp:${randomUUID()}`;
    await db.transaction((tx) => enqueueNotification(tx, { dedupeKey: key, kind: "test", subject: "No SMTP", body: "body", recipients: { personIds: [person.id] }, webhooks: false }));
    await deliverPending(db, { ...config, smtpUrl: null }, new Date(Date.now() + 1000));
    const failed = await listDeliveries(db, { status: "failed", limit: 200 });
    const mine = failed.items.find((i) => i.subject === "No SMTP");
    expect(mine).toMatchObject({ channel: "email", target: person.email, attempts: 1 });
    expect(mine?.lastError).toContain("SMTP_URL not set");
  });

  it("[NOTIFY] a webhook URL on a blocked address is refused with 422 naming url, and nothing is written", async () => {
    const admin = await userFor("admin");
    const before = await countRows(db, "webhook_endpoints");
    for (const url of ["http://127.0.0.1:9/hook", "http://10.1.2.3/hook", "http://[::1]/hook", "http://169.254.169.254/latest/meta-data", "ftp://example.com/x"]) {
      expectAppError(await rejectionOf(createWebhook(db, admin.ctx, { name: unique("Hook"), url })), "INVALID_INPUT", ["url"]);
    }
    // Cloud metadata (link-local) stays blocked even where private addresses are allowed.
    await withPrivateAddresses(async () => {
      expectAppError(await rejectionOf(createWebhook(db, admin.ctx, { name: unique("Hook"), url: "http://169.254.169.254/latest" })), "INVALID_INPUT", ["url"]);
    });
    expect(await countRows(db, "webhook_endpoints")).toBe(before);
  });

  it("[NOTIFY] inbox: unread count, mark one read, mark all read; one audit event per request; others' messages are not found", async () => {
    const person = await fx.person();
    const me = await userFor("member", person);
    const other = await userFor("member");
    for (let i = 0; i < 3; i++) {
      await db.transaction((tx) => enqueueNotification(tx, { dedupeKey: `test:inbox:${randomUUID()}`, kind: "test", subject: `Inbox ${i}`, body: "b", link: "/inbox", recipients: { userIds: [me.id] }, webhooks: false }));
    }
    expect(await unreadCount(db, me.id)).toBe(3);
    const page = await listInbox(db, me.id, { limit: 2 });
    expect(page.items.map((i) => i.subject)).toEqual(["Inbox 2", "Inbox 1"]);
    expect(page.nextCursor).not.toBeNull();
    const [first] = page.items;
    if (!first) throw new Error("empty inbox");
    const second = await listInbox(db, me.id, { limit: 2, cursor: decodeCursor(page.nextCursor) });
    expect(second.items.map((i) => i.subject)).toEqual(["Inbox 0"]);
    expect(second.nextCursor).toBeNull();
    if (!me.ctx.actor || !other.ctx.actor) throw new Error("no actor");

    let seq = await lastAuditSeq(db);
    expect(await markRead(db, { ...me.ctx, actor: me.ctx.actor }, first.id)).toBe(1);
    expect(await unreadCount(db, me.id)).toBe(2);
    expect((await auditEventsAfter(db, seq)).map((e) => e.action)).toEqual(["notification.read"]);
    expect(await markRead(db, { ...me.ctx, actor: me.ctx.actor }, first.id)).toBe(0);
    expectAppError(await rejectionOf(markRead(db, { ...other.ctx, actor: other.ctx.actor }, first.id)), "NOT_FOUND");

    seq = await lastAuditSeq(db);
    expect(await markAllRead(db, { ...me.ctx, actor: me.ctx.actor })).toBe(2);
    expect((await auditEventsAfter(db, seq)).map((e) => e.action)).toEqual(["notification.read"]);
    expect(await unreadCount(db, me.id)).toBe(0);
    expect((await listInbox(db, me.id, { limit: 10, unread: true })).items).toHaveLength(0);
  });

  it("[NOTIFY] calendar feeds: the ICS parses and lists my due items; team feeds need membership; a revoked token resolves to nothing", async () => {
    const person = await fx.person();
    const me = await userFor("member", person);
    if (!me.ctx.actor) throw new Error("no actor");
    const ctx = { ...me.ctx, actor: me.ctx.actor };
    const team = await fx.team([person.id]);
    const outsiderTeam = await fx.team();
    const owned = await dueCredential({ ownerId: person.id, owningTeamId: team.id });
    const backedUp = await dueCredential({ backupOwnerId: person.id });
    const notMine = await dueCredential({});

    const feed = await createCalendarFeed(db, ctx, { scope: "user" });
    expect(feed.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(feed.url).toBe(`${ctx.origin}/api/v1/calendar/${feed.token}`);
    const stored = await db.execute(sql`select token_hash from calendar_feeds where id = ${feed.id}`);
    expect(JSON.stringify(stored)).not.toContain(feed.token);

    const resolved = await resolveFeed(db, feed.token);
    if (!resolved) throw new Error("feed not resolved");
    const text = await new Response(calendarStream(db, resolved, ORIGIN)).text();
    const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
    const events = calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    const summaries = events.map((e) => e.summary);
    expect(summaries).toEqual(expect.arrayContaining([`Rotation due: ${owned.name}`, `Review due: ${owned.name}`, `Rotation due: ${backedUp.name}`]));
    expect(summaries.some((s) => s.includes(notMine.name))).toBe(false);
    const rotation = events.find((e) => e.summary === `Rotation due: ${owned.name}`);
    expect(rotation?.startDate.isDate).toBe(true);
    expect(rotation?.startDate.toString()).toBe(owned.rotationDueAt.toISOString().slice(0, 10));
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);

    expectAppError(await rejectionOf(createCalendarFeed(db, ctx, { scope: "team", teamId: outsiderTeam.id })), "FORBIDDEN");
    expectAppError(await rejectionOf(createCalendarFeed(db, ctx, { scope: "team", teamId: randomUUID() })), "INVALID_INPUT", ["teamId"]);
    const teamFeed = await createCalendarFeed(db, ctx, { scope: "team", teamId: team.id });
    const teamResolved = await resolveFeed(db, teamFeed.token);
    if (!teamResolved) throw new Error("team feed not resolved");
    const teamText = await new Response(calendarStream(db, teamResolved, ORIGIN)).text();
    expect(teamText).toContain(`Rotation due: ${owned.name}`);
    expect(teamText).not.toContain(backedUp.name);

    const seq = await lastAuditSeq(db);
    await revokeCalendarFeed(db, ctx, feed.id);
    expect((await auditEventsAfter(db, seq)).map((e) => e.action)).toEqual(["calendar_feed.revoked"]);
    expect(await resolveFeed(db, feed.token)).toBeNull();
    expect(await resolveFeed(db, "A".repeat(43))).toBeNull();
  });
});
