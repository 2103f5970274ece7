import "server-only";
/**
 * The in-process scheduler (DESIGN §9): every interval, run the jobs of jobs.ts in order.
 * - Within one process a job never overlaps itself (a tick that finds it still running skips it).
 * - Across processes, exclusive jobs take `pg_try_advisory_lock` on a reserved connection: the
 *   replica that gets it runs the job, the others skip it this tick. A killed process's connection
 *   closes and the lock goes with it. PGlite is one process (its data directory is PID-locked), so
 *   the in-process guard is all it needs.
 * - Each run records its start, finish, result or error in `job_runs`.
 * Plain module (no next/*, no server-only): the exactly-once test runs it in child processes.
 */
import type { Sql } from "postgres";
import type { Db } from "@/db/client";
import { jobRuns } from "@/db/schema";
import { describeError } from "@/lib/server/log";
import { jobs, tickOrder, type JobContext, type JobName } from "./jobs";

export type SchedulerDb = { db: Db; driver: "postgres" | "pglite" };

export type JobRunOutcome = { status: "ran"; result: Record<string, unknown> } | { status: "skipped"; reason: string } | { status: "error"; error: string };

const state = globalThis as typeof globalThis & { __stewardRunningJobs?: Set<string> };
const running = (state.__stewardRunningJobs ??= new Set<string>());

async function recordStart(db: Db, name: string, at: Date) {
  await db
    .insert(jobRuns)
    .values({ name, lastStartedAt: at, updatedAt: at })
    .onConflictDoUpdate({ target: jobRuns.name, set: { lastStartedAt: at, updatedAt: at } });
}

async function recordFinish(db: Db, name: string, result: Record<string, unknown> | null, error: string | null) {
  const at = new Date();
  await db
    .insert(jobRuns)
    .values({ name, lastFinishedAt: at, lastResult: result, lastError: error, updatedAt: at })
    .onConflictDoUpdate({ target: jobRuns.name, set: { lastFinishedAt: at, lastResult: result, lastError: error, updatedAt: at } });
}

/** Rejects when `promise` has not settled within `ms`: a statement on a connection PostgreSQL dropped may never settle. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const LOCK_STATEMENT_MS = 5_000;

/**
 * Runs `work` while holding a session advisory lock on a dedicated connection, or returns null if
 * another process holds it. The lock statements are bounded: when PostgreSQL restarts under a job,
 * the reserved connection is gone (and its session lock with it), and waiting on its unlock would
 * stall this process's scheduler for good.
 */
async function withClusterLock<T>(handle: SchedulerDb, key: number, work: () => Promise<T>): Promise<T | null> {
  if (handle.driver !== "postgres") return work();
  const client = (handle.db as unknown as { $client: Sql }).$client;
  const reserving = client.reserve();
  const reserved = await within(reserving, LOCK_STATEMENT_MS * 2, "a connection for the job lock").catch((error: unknown) => {
    // Hand the connection back if it turns up after all; this tick reports the error.
    void reserving.then((late) => late.release(), () => undefined);
    throw error;
  });
  try {
    const [row] = await within(reserved<{ locked: boolean }[]>`select pg_try_advisory_lock(${key}) as locked`, LOCK_STATEMENT_MS, "the job lock");
    if (!row?.locked) return null;
    try {
      return await work();
    } finally {
      // A failed unlock means the session ended, which released the lock.
      await within(reserved`select pg_advisory_unlock(${key})`, LOCK_STATEMENT_MS, "the job unlock").catch(() => undefined);
    }
  } finally {
    reserved.release();
  }
}


export async function runJob(handle: SchedulerDb, name: JobName, ctx: Omit<JobContext, "db">): Promise<JobRunOutcome> {
  const job = jobs[name];
  if (running.has(name)) return { status: "skipped", reason: "already running in this process" };
  running.add(name);
  try {
    const run = async (): Promise<JobRunOutcome> => {
      await recordStart(handle.db, name, new Date());
      try {
        const result = await job.run({ ...ctx, db: handle.db });
        await recordFinish(handle.db, name, result, null);
        return { status: "ran", result };
      } catch (error) {
        const message = describeError(error);
        await recordFinish(handle.db, name, null, message).catch(() => undefined);
        return { status: "error", error: message };
      }
    };
    const outcome = job.exclusive ? await withClusterLock(handle, job.lockKey, run) : await run();
    return outcome ?? { status: "skipped", reason: "running on another process" };
  } finally {
    running.delete(name);
  }
}

export async function runTick(handle: SchedulerDb, ctx: Omit<JobContext, "db" | "now">, now: Date = new Date()): Promise<Record<JobName, JobRunOutcome>> {
  const outcomes = {} as Record<JobName, JobRunOutcome>;
  for (const name of tickOrder) outcomes[name] = await runJob(handle, name, { ...ctx, now: name === "deliveries" ? new Date(Math.max(now.getTime(), Date.now())) : now });
  return outcomes;
}

export type Scheduler = { stop: () => Promise<void> };

/** Ticks every `intervalMs` (the next tick is planned when the last one ends, so ticks never pile up). */
export function startScheduler(handle: SchedulerDb, ctx: Omit<JobContext, "db" | "now">, intervalMs: number, log: (line: string) => void = console.log): Scheduler {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  const tick = () => {
    if (stopped) return;
    current = runTick(handle, ctx)
      .then((outcomes) => {
        for (const [name, o] of Object.entries(outcomes)) if (o.status === "error") log(`[scheduler] ${name} failed: ${o.error}`);
      })
      .catch((error: unknown) => log(`[scheduler] tick failed: ${describeError(error)}`))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  // First tick soon after start-up, not at once: let the server finish booting.
  timer = setTimeout(tick, Math.min(intervalMs, 5_000));
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
