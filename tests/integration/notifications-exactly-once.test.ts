import { spawn } from "node:child_process";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rowsOf, freshDatabase, type TestDatabase } from "../support/db";
import { startTestSmtp, type TestSmtp } from "../support/smtp";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

/**
 * DESIGN §8.3 / §9: two scheduler processes against one PostgreSQL, each with its own connection
 * pool, over 500 due items → exactly 500 notifications, each e-mail and webhook delivered once;
 * then one process is SIGKILLed mid-batch and the other finishes its claimed work after the lease.
 * PostgreSQL only: PGlite is a single process by construction.
 */
const ITEMS = 500;
const root = path.resolve(import.meta.dirname, "../..");

type Exit = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

function startChild(config: Record<string, unknown>): { done: Promise<Exit> } {
  // Node itself with tsx as a loader (no wrapper process), so a SIGKILL hits the scheduler directly.
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "tests/support/scheduler-child.ts"], {
    cwd: root,
    env: { ...process.env, SCHEDULER_CHILD_CONFIG: JSON.stringify(config) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  return { done: new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr }))) };
}

async function until(condition: () => boolean, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.skipIf(!process.env.DATABASE_URL)("[EXACTLY-ONCE] schedulers in separate processes on PostgreSQL", () => {
  let handle: TestDatabase;
  let smtp: TestSmtp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    // A little latency per request, so the two processes' batches overlap in time.
    receiver = await startWebhookReceiver({ delayMs: 5 });
  });
  afterAll(async () => {
    await smtp.close();
    await receiver.close();
  });
  beforeEach(async () => {
    handle = await freshDatabase("postgres");
    smtp.messages.length = 0;
    receiver.received.length = 0;
    // 500 active credentials, each with its own owner, rotation due an hour ago; one global webhook.
    await handle.db.execute(sql`insert into people (email, name) select 'owner' || g || '@example.test', 'Owner ' || g from generate_series(1, ${ITEMS}) g`);
    await handle.db.execute(sql`
      insert into credentials (key, kind, name, environment, owner_id, rotation_due_at)
      select 'eo-' || g, 'oauth_client', 'Credential ' || g, 'production', p.id, now() - interval '1 hour'
        from generate_series(1, ${ITEMS}) g join people p on p.email = 'owner' || g || '@example.test'`);
    await handle.db.execute(sql`insert into webhook_endpoints (name, url) values ('receiver', ${receiver.url})`);
  });
  afterEach(async () => {
    await handle.close();
  });

  const childConfig = (extra: Record<string, unknown> = {}) => ({
    databaseUrl: handle.url,
    smtpUrl: smtp.url,
    webhookSecret: "exactly-once-secret-0123456789abcdef0123",
    // Sends time out after 2 s and start only while they can end inside the 8 s lease, so even on a
    // loaded machine no row is sent by one process after the other may have re-claimed it.
    leaseMs: 8_000,
    sendTimeoutMs: 2_000,
    batchSize: 10,
    expectedNotifications: ITEMS,
    deadlineMs: 90_000,
    ...extra,
  });

  async function expectEachDeliveredOnce() {
    const [counts] = rowsOf<{ notifications: string; keys: string; sent: string; other: string }>(
      await handle.db.execute(sql`select
        (select count(*) from notifications) as notifications,
        (select count(distinct dedupe_key) from notifications) as keys,
        (select count(*) from notification_deliveries where status = 'sent') as sent,
        (select count(*) from notification_deliveries where status <> 'sent') as other`),
    );
    expect(Number(counts?.notifications)).toBe(ITEMS);
    expect(Number(counts?.keys)).toBe(ITEMS);
    expect(Number(counts?.sent)).toBe(2 * ITEMS);
    expect(Number(counts?.other)).toBe(0);

    const hookKeys = receiver.received.map((r) => String(r.json.dedupeKey));
    expect(hookKeys).toHaveLength(ITEMS);
    expect(new Set(hookKeys).size).toBe(ITEMS);
    const mailKeys = smtp.messages.map((m) => {
      const key = m.headers.get("x-steward-notification-key");
      return typeof key === "string" ? key : "";
    });
    expect(mailKeys).toHaveLength(ITEMS);
    expect(new Set(mailKeys).size).toBe(ITEMS);
    expect(new Set(mailKeys)).toEqual(new Set(hookKeys));
  }

  it("[EXACTLY-ONCE] two schedulers running concurrently send 500 reminders exactly once each (e-mail and webhook)", async () => {
    const a = startChild(childConfig());
    const b = startChild(childConfig());
    const [ea, eb] = await Promise.all([a.done, b.done]);
    expect(ea.code, ea.stderr).toBe(0);
    expect(eb.code, eb.stderr).toBe(0);
    const sentBy = [ea, eb].map((e) => (JSON.parse(e.stdout.trim()) as { sent: number }).sent);
    expect((sentBy[0] ?? 0) + (sentBy[1] ?? 0)).toBe(2 * ITEMS);
    await expectEachDeliveredOnce();
    // Two child processes boot Node + tsx and deliver 500 × 2 messages against real SMTP and webhook
    // receivers; each child gives itself up to deadlineMs (90 s), so the test waits a little longer.
  }, 120_000);

  it("[EXACTLY-ONCE] a scheduler SIGKILLed mid-batch: the other finishes its claimed work after the lease; nothing missed, nothing doubled", async () => {
    const victim = startChild(childConfig({ killAfterSends: 35 }));
    // The survivor joins once the victim is sending.
    await until(() => receiver.received.length + smtp.messages.length > 0, 60_000);
    const survivor = startChild(childConfig());
    const [ev, es] = await Promise.all([victim.done, survivor.done]);
    expect(ev.signal, `${ev.stdout}\n${ev.stderr}`).toBe("SIGKILL");
    expect(es.code, es.stderr).toBe(0);
    await expectEachDeliveredOnce();
    // The victim's last claim was counted as an attempt: those rows were sent on their second.
    const [retried] = rowsOf<{ n: string }>(await handle.db.execute(sql`select count(*) as n from notification_deliveries where attempts = 2`));
    expect(Number(retried?.n)).toBeGreaterThan(0);
    // As above, plus one lease (8 s) for the survivor to take over the victim's claimed rows.
  }, 120_000);
});
