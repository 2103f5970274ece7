import { randomUUID } from "node:crypto";
import postgres from "postgres";
import type { App } from "./app";
import { call, type Answer, type Auth } from "./client";
import type { Cluster } from "./cluster";
import type { Report } from "./report";

/**
 * Scenario "database stopped": PostgreSQL is shut down under a running app. Readiness and API
 * requests (reads and writes, one at a time and thirty at once) must answer 503 with Retry-After
 * within 2 s, never hang; once PostgreSQL is back the same process must serve again within 10 s,
 * and its scheduler must tick again.
 */
const SCENARIO = "database stopped";
const ANSWER_WITHIN_MS = 2000;
const RECOVER_WITHIN_MS = 10_000;

type Probe = { label: string; auth: Auth | null; method: string; path: string; body?: () => unknown };

function probes(auth: Auth): Probe[] {
  return [
    { label: "GET /api/v1/ready", auth: null, method: "GET", path: "/api/v1/ready" },
    { label: "GET /api/v1/me", auth, method: "GET", path: "/api/v1/me" },
    { label: "GET /api/v1/credentials", auth, method: "GET", path: "/api/v1/credentials" },
    { label: "POST /api/v1/teams", auth, method: "POST", path: "/api/v1/teams", body: () => ({ name: `fault-outage-${randomUUID()}`, kind: "application" }) },
  ];
}

async function send(app: App, p: Probe): Promise<Answer | { error: string; ms: number }> {
  const started = performance.now();
  try {
    return await call(app.base, p.auth, p.method, p.path, { body: p.body?.(), headers: p.method === "GET" ? {} : { "idempotency-key": randomUUID() }, timeoutMs: ANSWER_WITHIN_MS + 3000 });
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error), ms: performance.now() - started };
  }
}

const isServed = (a: Answer | { error: string }) => "status" in a && a.status >= 200 && a.status < 300;
const describe = (a: Answer | { error: string; ms: number }) => ("status" in a ? `${a.status}${a.headers.get("retry-after") ? ` Retry-After ${a.headers.get("retry-after") ?? ""}` : " (no Retry-After)"} in ${Math.round(a.ms)} ms` : `${a.error} after ${Math.round(a.ms)} ms`);

export async function outageScenario(report: Report, cluster: Cluster, app: App, auth: Auth, databaseUrl: string): Promise<void> {
  const list = probes(auth);
  for (const p of list) {
    const a = await send(app, p);
    if (!isServed(a)) throw new Error(`before the outage ${p.label} answered ${describe(a)}`);
  }

  const stopStarted = performance.now();
  cluster.stop("fast");
  const stopMs = performance.now() - stopStarted;

  // Sequential probes over ~3 s of outage, then a burst of 30 concurrent requests (more than the pool's 10 connections).
  const worst = new Map<string, { ms: number; bad: string[] }>();
  const note = (label: string, a: Answer | { error: string; ms: number }) => {
    const w = worst.get(label) ?? { ms: 0, bad: [] };
    w.ms = Math.max(w.ms, a.ms);
    const ok = "status" in a && a.status === 503 && Number(a.headers.get("retry-after")) > 0 && a.ms <= ANSWER_WITHIN_MS && (a.body as { error?: { code?: string } } | null)?.error?.code === "UNAVAILABLE";
    if (!ok) w.bad.push(describe(a));
    worst.set(label, w);
  };
  const outageUntil = Date.now() + 3000;
  let first503Ms: number | null = null;
  while (Date.now() < outageUntil) {
    for (const p of list) {
      const a = await send(app, p);
      if (first503Ms === null && "status" in a && a.status === 503) first503Ms = a.ms;
      note(p.label, a);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => list[i % list.length]).map(async (p) => (p ? { label: p.label, a: await send(app, p) } : null)));
  for (const b of burst) if (b) note(`${b.label} (30 concurrent)`, b.a);

  for (const [label, w] of worst) {
    report.check(SCENARIO, `${label} answers 503 UNAVAILABLE with Retry-After within ${ANSWER_WITHIN_MS} ms`, w.bad.length === 0, w.bad.length === 0 ? `slowest ${Math.round(w.ms)} ms` : `${w.bad.length} bad answers, e.g. ${w.bad.slice(0, 3).join("; ")}`, w.ms);
  }
  const slowest = Math.max(...[...worst.values()].map((w) => w.ms));

  // Back: time from PostgreSQL accepting connections again until every probe is served.
  const restartStarted = performance.now();
  cluster.start();
  const backAt = performance.now();
  const restartMs = backAt - restartStarted;
  let servingMs: number | null = null;
  const pending = new Set(list.map((p) => p.label));
  while (performance.now() - backAt < RECOVER_WITHIN_MS + 5000) {
    for (const p of list) {
      if (!pending.has(p.label)) continue;
      if (isServed(await send(app, p))) pending.delete(p.label);
    }
    if (pending.size === 0) {
      servingMs = performance.now() - backAt;
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  report.check(SCENARIO, `the same process serves every probe again within ${RECOVER_WITHIN_MS / 1000} s of PostgreSQL being back`, servingMs !== null && servingMs <= RECOVER_WITHIN_MS, servingMs === null ? `still failing: ${[...pending].join(", ")}` : `${Math.round(servingMs)} ms`, servingMs ?? undefined);

  // The scheduler (every second in this app) must have survived: a job finishes after the restart.
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
  const since = new Date();
  let tickMs: number | null = null;
  try {
    const until = Date.now() + RECOVER_WITHIN_MS;
    while (Date.now() < until) {
      const [row] = await sql<{ n: string }[]>`select count(*)::text as n from job_runs where last_finished_at > ${since} and last_error is null`;
      if (Number(row?.n ?? 0) > 0) {
        tickMs = performance.now() - backAt;
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
  report.check(SCENARIO, "the scheduler runs a job without error again after the outage", tickMs !== null, tickMs === null ? "no job finished cleanly within 10 s of the restart" : `${Math.round(tickMs)} ms after PostgreSQL was back`);

  report.measure(SCENARIO, {
    pgStopMs: Math.round(stopMs),
    first503Ms: first503Ms === null ? null : Math.round(first503Ms),
    slowestAnswerDuringOutageMs: Math.round(slowest),
    pgRestartMs: Math.round(restartMs),
    servingAgainAfterMs: servingMs === null ? null : Math.round(servingMs),
    schedulerTickAfterMs: tickMs === null ? null : Math.round(tickMs),
  });
}
