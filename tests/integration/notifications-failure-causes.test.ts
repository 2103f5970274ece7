import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { notificationDeliveries, notifications, users } from "@/db/schema";
import { listFailureCauses, retryFailedByCause } from "@/lib/server/notifications/admin";
import { failureCausesQuery } from "@/lib/validation/notifications";
import { auditEventsAfter, lastAuditSeq, rejectionOf } from "../support/audit";
import { contextAs } from "../support/context";
import { drivers, freshDatabase, type TestDatabase } from "../support/db";
import { expectAppError } from "../support/inventory";

/**
 * Issue 16 item 10: failed deliveries grouped by cause (channel + last error), paged, and "retry all"
 * of one cause: every delivery of that cause back in the queue, the others untouched, one audit event.
 */
describe.each(drivers)("[NOTIFY] failed deliveries by cause on %s", (driver) => {
  let handle: TestDatabase;
  let db: Db;
  const ids = new Map<string, string[]>();

  /** n failed deliveries of one cause, to `targets` distinct targets, last changed at `at`. */
  async function failures(label: string, channel: "email" | "webhook", cause: string | null, n: number, targets: number, at: string) {
    const created: string[] = [];
    for (let i = 0; i < n; i++) {
      const [note] = await db.insert(notifications).values({ dedupeKey: `${label}-${i}`, kind: "test", subject: `${label} message ${i}`, body: "b" }).returning({ id: notifications.id });
      if (!note) throw new Error("no notification");
      const [row] = await db
        .insert(notificationDeliveries)
        .values({ notificationId: note.id, channel, targetKey: `${label}-target-${i % targets}`, email: channel === "email" ? `t${i % targets}@example.test` : null, status: "failed", attempts: 3, lastError: cause, updatedAt: new Date(at) })
        .returning({ id: notificationDeliveries.id });
      if (row) created.push(row.id);
    }
    ids.set(label, created);
  }

  beforeAll(async () => {
    handle = await freshDatabase(driver);
    db = handle.db;
    await failures("smtp", "email", "SMTP_URL is not set", 5, 2, "2026-03-03T10:00:00Z");
    await failures("hook", "webhook", "HTTP 500 from receiver", 3, 1, "2026-03-02T10:00:00Z");
    await failures("nocause", "email", null, 2, 2, "2026-03-01T10:00:00Z");
    // The same error text on the other channel is a different cause.
    await failures("smtp-hook", "webhook", "SMTP_URL is not set", 1, 1, "2026-02-28T10:00:00Z");
    // Sent and pending deliveries are not failures.
    const [note] = await db.insert(notifications).values({ dedupeKey: "ok", kind: "test", subject: "fine", body: "b" }).returning({ id: notifications.id });
    if (note) await db.insert(notificationDeliveries).values({ notificationId: note.id, channel: "email", targetKey: "x", status: "sent", lastError: "SMTP_URL is not set" });
  });
  afterAll(async () => {
    await handle.close();
  });

  const list = (q: Record<string, unknown> = {}) => listFailureCauses(db, failureCausesQuery.parse(q));

  it("groups failed e-mail and webhook deliveries by channel and last error, most recent failure first, with counts", async () => {
    const page = await list();
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((c) => [c.channel, c.cause, c.deliveries, c.targets])).toEqual([
      ["email", "SMTP_URL is not set", 5, 2],
      ["webhook", "HTTP 500 from receiver", 3, 1],
      ["email", "", 2, 2],
      ["webhook", "SMTP_URL is not set", 1, 1],
    ]);
    expect(page.items[0]?.lastFailedAt.toISOString()).toBe("2026-03-03T10:00:00.000Z");
    expect(page.items[0]?.example).toMatch(/^smtp message \d$/);
  });

  it("pages by keyset: every group once across pages, a bad cursor refused with a field error", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await list({ limit: 1, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((c) => `${c.channel}:${c.cause}`));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(["email:SMTP_URL is not set", "webhook:HTTP 500 from receiver", "email:", "webhook:SMTP_URL is not set"]);
    expectAppError(await rejectionOf(list({ cursor: "bm9wZQ" })), "INVALID_INPUT");
  });

  it("retry all of one cause requeues exactly its deliveries with fresh attempts, in one audited transaction", async () => {
    const [user] = await db.insert(users).values({ email: "admin-causes@example.test", name: "Admin", role: "admin" }).returning({ id: users.id });
    const ctx = contextAs("admin", { userId: user?.id ?? "", email: "admin-causes@example.test" });
    const seq = await lastAuditSeq(db);
    expect(await retryFailedByCause(db, ctx, { channel: "email", cause: "SMTP_URL is not set" })).toEqual({ retried: 5 });
    const events = await auditEventsAfter(db, seq);
    expect(events.map((e) => e.action)).toEqual(["notification.retried_by_cause"]);
    expect(events[0]?.payload).toMatchObject({ channel: "email", cause: "SMTP_URL is not set", count: 5 });

    const state = async (label: string) => db.select({ status: notificationDeliveries.status, attempts: notificationDeliveries.attempts }).from(notificationDeliveries).where(inArray(notificationDeliveries.id, ids.get(label) ?? []));
    expect(await state("smtp")).toEqual(Array.from({ length: 5 }, () => ({ status: "pending", attempts: 0 })));
    // The same text on the webhook channel, and the other causes, stay failed.
    for (const other of ["smtp-hook", "hook", "nocause"]) for (const r of await state(other)) expect(r.status, other).toBe("failed");
    expect((await list()).items.map((c) => `${c.channel}:${c.cause}`)).toEqual(["webhook:HTTP 500 from receiver", "email:", "webhook:SMTP_URL is not set"]);

    // The cause without an error recorded is retried by the empty cause.
    expect(await retryFailedByCause(db, ctx, { channel: "email", cause: "" })).toEqual({ retried: 2 });
    // Nothing left of that cause: the list was stale, say so (no empty audit event).
    const before = await lastAuditSeq(db);
    expectAppError(await rejectionOf(retryFailedByCause(db, ctx, { channel: "email", cause: "SMTP_URL is not set" })), "INVALID_STATE");
    expect(await lastAuditSeq(db)).toBe(before);
    const [sent] = await db.select({ status: notificationDeliveries.status }).from(notificationDeliveries).where(eq(notificationDeliveries.targetKey, "x"));
    expect(sent?.status).toBe("sent");
  });
});
