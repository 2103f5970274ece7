/**
 * One scheduler process for the exactly-once test (tests/integration/notifications-exactly-once.test.ts):
 * its own PostgreSQL pool, the real tick (reminder sweep under an advisory lock, then lease-fenced
 * delivery), repeated until every expected notification exists and nothing is pending.
 * Run with: node --conditions=react-server --import tsx tests/support/scheduler-child.ts
 * Configuration comes as JSON in SCHEDULER_CHILD_CONFIG. With `killAfterSends`, the process SIGKILLs
 * itself just before its n-th send, mid-batch: the rest of its claimed batch is never sent by it.
 */
import { sql } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { deliveryDefaults, type DeliveryConfig } from "@/lib/server/notifications/config";
import { runTick } from "@/lib/server/scheduler/scheduler";

type ChildConfig = {
  databaseUrl: string;
  smtpUrl: string;
  webhookSecret: string;
  leaseMs: number;
  sendTimeoutMs: number;
  batchSize: number;
  expectedNotifications: number;
  killAfterSends?: number;
  deadlineMs: number;
};

const config = JSON.parse(process.env.SCHEDULER_CHILD_CONFIG ?? "{}") as ChildConfig;

const rows = <T>(r: unknown) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as T[];

async function main() {
  const handle = await openDatabase({ driver: "postgres", url: config.databaseUrl, poolMax: 4 });
  const delivery: DeliveryConfig = {
    ...deliveryDefaults,
    smtpUrl: config.smtpUrl,
    appOrigin: "https://steward.example.test",
    webhookSecret: config.webhookSecret,
    allowPrivateAddresses: true,
    leaseMs: config.leaseMs,
    smtpTimeoutMs: config.sendTimeoutMs,
    webhookTimeoutMs: config.sendTimeoutMs,
    batchSize: config.batchSize,
  };
  let attempts = 0;
  let sent = 0;
  const hooks = {
    beforeSend: () => {
      attempts++;
      if (config.killAfterSends !== undefined && attempts >= config.killAfterSends) process.kill(process.pid, "SIGKILL");
    },
  };
  const deadline = Date.now() + config.deadlineMs;
  for (;;) {
    const outcomes = await runTick({ db: handle.db, driver: "postgres" }, { delivery, hooks });
    const d = outcomes.deliveries;
    if (d.status === "error") throw new Error(d.error);
    const claimed = d.status === "ran" ? Number(d.result.claimed) : 0;
    if (d.status === "ran") sent += Number(d.result.sent);
    const [state] = rows<{ pending: string | number; total: string | number }>(
      await handle.db.execute(sql`select (select count(*) from notification_deliveries where status = 'pending') as pending, (select count(*) from notifications) as total`),
    );
    if (Number(state?.total) >= config.expectedNotifications && Number(state?.pending) === 0) break;
    if (Date.now() > deadline) throw new Error(`deadline passed with ${String(state?.pending)} pending`);
    if (claimed === 0) await new Promise((r) => setTimeout(r, 100));
  }
  await handle.close();
  process.stdout.write(`${JSON.stringify({ pid: process.pid, sent })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
