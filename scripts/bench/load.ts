/**
 * `npm run bench:load` (issue 17): N concurrent signed-in clients, each its own user and session,
 * for T seconds over the inventory list, a credential's detail, the dashboard and /api/v1/me (the
 * fixed per-request cost), against the production app. Reports p50/p95/max per route, errors,
 * requests/s, the server's RSS (sampled each second, the app's whole process tree) and the load
 * average, and writes scripts/bench/last-load-result.md.
 *
 *   npm run bench:load                                   # 100 clients × 60 s on a throwaway database of 20,000 credentials
 *   npm run bench:load -- --clients 20 --seconds 20 --credentials 5000
 *   DATABASE_URL=… npm run bench:load                    # an existing database: seeded only if it has no credentials (kept)
 *   options: --clients N (100) --seconds N (60) --credentials N (20000) --warmup N (5 s) --keep --build --snapshot --app-dir DIR
 *
 * Targets (issue 17): p95 ≤ 500 ms on every route and no errors. Reported, not asserted.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { hashPassword } from "../../lib/server/passwords";
import { appOptions, buildApp, freePort, needsBuild, signIn, snapshotApp, startApp, treeRss, type RunningApp } from "./app";
import { benchDatabase, type BenchDatabase } from "./database";
import { ms, summarise, table, wholeNumberOption } from "./stats";

const repoDir = path.resolve(import.meta.dirname, "..", "..");
const { values: args } = parseArgs({
  options: {
    clients: { type: "string", default: "100" },
    seconds: { type: "string", default: "60" },
    credentials: { type: "string", default: "20000" },
    warmup: { type: "string", default: "5" },
    ...appOptions,
  },
});
const CLIENTS = wholeNumberOption("clients", args.clients);
const SECONDS = wholeNumberOption("seconds", args.seconds);
const N = wholeNumberOption("credentials", args.credentials);
const WARMUP_S = wholeNumberOption("warmup", args.warmup, 0);
const P95_TARGET_MS = 500;

const log = (line: string) => {
  console.log(`[bench:load] ${line}`);
};
const logFile = path.join(os.tmpdir(), `steward-bench-load-${process.pid}.log`);


type Route = { name: string; path: (i: number) => string };
type Outcome = { route: string; ms: number; ok: boolean; error?: string };

let app: RunningApp | undefined;
let raw: postgres.Sql | undefined;
let snapshotDir: string | undefined;
let bench: BenchDatabase | undefined;

async function main() {
  bench = await benchDatabase({ name: "load", credentials: N, keep: args.keep, log });
  const { url, dataset } = bench;
  const db = postgres(url, { max: 2, onnotice: () => undefined });
  raw = db;

  // One user per client (distinct sessions, distinct user-cache entries), one throwaway password.
  const password = randomBytes(18).toString("base64url");
  const hash = await hashPassword(password);
  const run = randomBytes(4).toString("hex");
  const emails = Array.from({ length: CLIENTS }, (_, i) => `load-${run}-${String(i)}@bench.example`);
  await db`insert into users ${db(emails.map((email, i) => ({ email, name: `Load client ${String(i)}`, role: "admin", password_hash: hash })))}`;
  const ids = (await db<{ id: string }[]>`select id::text from credentials order by md5(id::text) limit 1000`).map((r) => r.id);

  let appDir = args["app-dir"] ? path.resolve(args["app-dir"]) : repoDir;
  if (args.snapshot) {
    snapshotDir = snapshotApp(repoDir);
    appDir = snapshotDir;
  }
  const want = needsBuild(appDir);
  if (args.build || args.snapshot || want.build) {
    log(`building the production app in ${appDir}; log: ${logFile}`);
    buildApp(appDir, logFile);
  }
  const port = await freePort();
  app = await startApp(
    appDir,
    port,
    {
      DATABASE_URL: url,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      STEWARD_FINGERPRINT_PEPPER: randomBytes(32).toString("base64url"),
      AUTH_URL: `http://127.0.0.1:${port}`,
      SCHEDULER_INTERVAL_SECONDS: "0",
    },
    logFile,
  );
  const { base, pid } = app;
  log(`app ready on ${base} (pid ${String(pid)}); signing in ${CLIENTS} clients`);
  const cookies: string[] = [];
  for (let i = 0; i < emails.length; i += 10) {
    cookies.push(...(await Promise.all(emails.slice(i, i + 10).map((email) => signIn(base, email, password)))));
  }

  const routes: Route[] = [
    { name: "list", path: () => "/api/v1/credentials?limit=50" },
    { name: "detail", path: (i) => `/api/v1/credentials/${ids[i % Math.max(1, ids.length)] ?? ""}` },
    { name: "dashboard", path: () => "/api/v1/dashboard" },
    { name: "me", path: () => "/api/v1/me" },
  ];

  const outcomes: Outcome[] = [];
  const rss: number[] = [];
  const loads: number[] = [];
  const sampler = setInterval(() => {
    if (pid !== undefined) rss.push(treeRss(pid));
    loads.push(os.loadavg()[0] ?? 0);
  }, 1000);
  const rssBefore = pid === undefined ? 0 : treeRss(pid);

  const client = async (c: number, until: number, record: boolean) => {
    const cookie = cookies[c] ?? "";
    for (let i = c; Date.now() < until; i++) {
      const route = routes[i % routes.length];
      if (!route) continue;
      const started = performance.now();
      let outcome: Outcome;
      try {
        const res = await fetch(`${base}${route.path(Math.floor(i / routes.length))}`, { headers: { cookie } });
        const body = await res.arrayBuffer();
        outcome = res.status === 200 ? { route: route.name, ms: performance.now() - started, ok: true } : { route: route.name, ms: performance.now() - started, ok: false, error: `HTTP ${res.status}: ${Buffer.from(body).toString("utf8").slice(0, 200)}` };
      } catch (error) {
        outcome = { route: route.name, ms: performance.now() - started, ok: false, error: error instanceof Error ? error.message : String(error) };
      }
      if (record) outcomes.push(outcome);
    }
  };

  if (WARMUP_S > 0) {
    log(`warming up for ${WARMUP_S} s`);
    const until = Date.now() + WARMUP_S * 1000;
    await Promise.all(cookies.map((_, c) => client(c, until, false)));
  }
  log(`${CLIENTS} clients for ${SECONDS} s`);
  const loadBefore = os.loadavg();
  const t0 = performance.now();
  const until = Date.now() + SECONDS * 1000;
  await Promise.all(cookies.map((_, c) => client(c, until, true)));
  const elapsed = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const loadAfter = os.loadavg();

  const rows = routes.map((r) => {
    const mine = outcomes.filter((o) => o.route === r.name);
    const s = summarise(mine.filter((o) => o.ok).map((o) => o.ms));
    const errors = mine.filter((o) => !o.ok).length;
    const verdict = r.name === "me" ? "(fixed cost)" : s.p95 <= P95_TARGET_MS && errors === 0 ? "PASS" : "FAIL";
    return [r.name, s.n.toLocaleString("en"), ms(s.p50), ms(s.p95), ms(s.max), String(errors), (mine.length / elapsed).toFixed(1), verdict];
  });
  const all = summarise(outcomes.filter((o) => o.ok).map((o) => o.ms));
  const errorCount = outcomes.filter((o) => !o.ok).length;
  const firstErrors = [...new Set(outcomes.filter((o) => !o.ok).map((o) => `${o.route}: ${o.error ?? ""}`))].slice(0, 5);
  const mb = (b: number) => (b / 1024 / 1024).toFixed(0);
  const rssPeak = Math.max(rssBefore, ...rss);
  const rssEnd = rss.at(-1) ?? rssBefore;
  const report = table(["Route", "Requests", "p50 ms", "p95 ms", "max ms", "Errors", "req/s", `p95 ≤ ${P95_TARGET_MS}, 0 errors`], [
    ...rows,
    ["all", all.n.toLocaleString("en"), ms(all.p50), ms(all.p95), ms(all.max), String(errorCount), (outcomes.length / elapsed).toFixed(1), ""],
  ]);
  const busy = (loadBefore[0] ?? 0) > os.cpus().length;
  const md = [
    `# Load benchmark — last result`,
    ``,
    `Run ${new Date().toISOString()} by \`npm run bench:load -- --clients ${CLIENTS} --seconds ${SECONDS}\` on ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; PostgreSQL on the same machine.`,
    ``,
    `Dataset: ${dataset}. ${CLIENTS} clients, each signed in as its own admin user, each sending one request after another (list → detail → dashboard → me) for ${SECONDS} s after a ${WARMUP_S} s warm-up; ${outcomes.length.toLocaleString("en")} requests in ${elapsed.toFixed(1)} s = **${(outcomes.length / elapsed).toFixed(1)} requests/s**.`,
    ``,
    report,
    ``,
    `Server RSS (the \`next start\` process tree, sampled each second): ${mb(rssBefore)} MB before, peak ${mb(rssPeak)} MB, ${mb(rssEnd)} MB at the end.`,
    `Load average (1 min) during the run: ${loads.length ? `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}` : "–"}; (1/5/15 min) before ${loadBefore.map((l) => l.toFixed(1)).join(" / ")}, after ${loadAfter.map((l) => l.toFixed(1)).join(" / ")}, on ${os.cpus().length} CPUs shared by the database, the app and these clients.${busy ? " **The machine was busy before the run (load above the CPU count): rerun on a quiet machine for the clean figure.**" : ""}`,
    ...(firstErrors.length ? [``, `First distinct errors:`, ``, ...firstErrors.map((e) => `- ${e}`)] : []),
    ``,
  ].join("\n");
  fs.writeFileSync(path.join(repoDir, "scripts", "bench", "last-load-result.md"), md);
  console.log(md);
}

try {
  await main();
} catch (error) {
  console.error(`[bench:load] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  console.error(`[bench:load] app log: ${logFile}`);
  process.exitCode = 1;
} finally {
  await app?.stop();
  await raw?.end({ timeout: 5 });
  await bench?.dispose();
  if (snapshotDir) fs.rmSync(snapshotDir, { recursive: true, force: true });
}
