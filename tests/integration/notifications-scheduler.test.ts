import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { jobRuns } from "@/db/schema";
import { deliveryDefaults, type DeliveryConfig } from "@/lib/server/notifications/config";
import { runJob, runTick, startScheduler } from "@/lib/server/scheduler/scheduler";
import { jobs } from "@/lib/server/scheduler/jobs";
import { drivers } from "../support/db";
import { suiteDatabase } from "../support/inventory";

const delivery: DeliveryConfig = { ...deliveryDefaults, smtpUrl: null, appOrigin: "https://steward.example.test", webhookSecret: "s", allowPrivateAddresses: false };

describe.each(drivers)("[SCHEDULER] jobs on %s", (driver) => {
  const { handle } = suiteDatabase(driver, { auditChain: false });

  it("[SCHEDULER] a tick runs every job in order and records each run in job_runs", async () => {
    const outcomes = await runTick({ db: handle.db, driver }, { delivery });
    expect(Object.keys(outcomes)).toEqual(["reminders", "rotation-expiry", "exception-expiry", "grant-expiry", "posture-sweep", "dashboard-snapshot", "idempotency-cleanup", "usage-retention", "audit-checkpoint", "deliveries"]);
    for (const o of Object.values(outcomes)) expect(o.status).toBe("ran");
    const runs = await handle.db.select().from(jobRuns);
    expect(runs.map((r) => r.name).sort()).toEqual(["audit-checkpoint", "dashboard-snapshot", "deliveries", "exception-expiry", "grant-expiry", "idempotency-cleanup", "posture-sweep", "reminders", "rotation-expiry", "usage-retention"]);
    for (const r of runs) {
      expect(r.lastStartedAt).not.toBeNull();
      expect(r.lastFinishedAt?.getTime()).toBeGreaterThanOrEqual(r.lastStartedAt?.getTime() ?? Infinity);
      expect(r.lastError).toBeNull();
    }
    const [reminders] = await handle.db.select().from(jobRuns).where(eq(jobRuns.name, "reminders"));
    expect(reminders?.lastResult).toMatchObject({ scanned: 0, enqueued: 0 });
  });

  it("[SCHEDULER] a job never overlaps itself within one process", async () => {
    const [first, second] = await Promise.all([
      runJob({ db: handle.db, driver }, "deliveries", { delivery, now: new Date() }),
      runJob({ db: handle.db, driver }, "deliveries", { delivery, now: new Date() }),
    ]);
    expect(first.status).toBe("ran");
    expect(second).toEqual({ status: "skipped", reason: "already running in this process" });
  });

  it("[SCHEDULER] start ticks, stop waits for the tick and no tick follows", async () => {
    await handle.db.delete(jobRuns).where(eq(jobRuns.name, "reminders"));
    const scheduler = startScheduler({ db: handle.db, driver }, { delivery }, 50, () => undefined);
    const deadline = Date.now() + 15_000;
    while ((await handle.db.select().from(jobRuns).where(eq(jobRuns.name, "reminders"))).length === 0) {
      if (Date.now() > deadline) throw new Error("the scheduler never ticked");
      await new Promise((r) => setTimeout(r, 20));
    }
    await scheduler.stop();
    const before = (await handle.db.select().from(jobRuns).where(eq(jobRuns.name, "reminders")))[0]?.lastStartedAt;
    await new Promise((r) => setTimeout(r, 300));
    const after = (await handle.db.select().from(jobRuns).where(eq(jobRuns.name, "reminders")))[0]?.lastStartedAt;
    expect(after?.getTime()).toBe(before?.getTime());
  });
});

describe.skipIf(!process.env.DATABASE_URL)("[SCHEDULER] exclusive jobs across processes on PostgreSQL", () => {
  const { handle } = suiteDatabase("postgres", { auditChain: false });

  it("[SCHEDULER] while another connection holds a job's advisory lock the job is skipped here; afterwards it runs", async () => {
    if (!handle.url) throw new Error("no url");
    const other = await openDatabase({ driver: "postgres", url: handle.url, poolMax: 1 });
    try {
      await other.db.execute(sql`select pg_advisory_lock(${jobs.reminders.lockKey})`);
      expect(await runJob({ db: handle.db, driver: "postgres" }, "reminders", { delivery, now: new Date() })).toEqual({ status: "skipped", reason: "running on another process" });
      // Deliveries are not exclusive: SKIP LOCKED claims let every process deliver at once.
      expect((await runJob({ db: handle.db, driver: "postgres" }, "deliveries", { delivery, now: new Date() })).status).toBe("ran");
      await other.db.execute(sql`select pg_advisory_unlock(${jobs.reminders.lockKey})`);
      expect((await runJob({ db: handle.db, driver: "postgres" }, "reminders", { delivery, now: new Date() })).status).toBe("ran");
    } finally {
      await other.close();
    }
  });
});
