/**
 * `npm run bench` (issue 8): 100,000 credentials in PostgreSQL, then p50/p95 of the inventory
 * API through the production app, and of the same SQL run directly, with the targets.
 *
 *   npm run bench                      # a throwaway database steward_bench_<ts> on postgres://postgres@127.0.0.1:5432, dropped at the end
 *   DATABASE_URL=… npm run bench       # an existing database (kept): seeded if empty, else measured as it is
 *   npm run bench -- --snapshot        # build and serve a private copy of the tree (leaves ./.next alone)
 *   options: --credentials N (100000) --requests N (200) --warmup N (20) --pages N (1000) --keep --build --app-dir DIR
 *
 * Targets are reported, not asserted: the exit code is 0 unless the run itself fails.
 */
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import * as schema from "../../db/schema";
import { migrateDatabase, openDatabase, type Db } from "../../db/client";
import { encodeCredentialCursor, getCredentialDetail, listCredentials } from "../../db/queries/credentials";
import { credentialFilters, type CredentialFilters } from "../../lib/validation/inventory";
import { recomputeDue } from "../../lib/server/inventory/due";
import { hashPassword } from "../../lib/server/passwords";
import { appOptions, buildApp, freePort, needsBuild, signIn, snapshotApp, startApp, type RunningApp } from "./app";
import { benchDashboard } from "./dashboard";
import { computeDueInSql, defaultShape, seedBenchData } from "./seed";
import { measure, ms, summarise, table, type Summary, wholeNumberOption } from "./stats";

const repoDir = path.resolve(import.meta.dirname, "..", "..");
const { values: args } = parseArgs({
  options: {
    credentials: { type: "string", default: "100000" },
    requests: { type: "string", default: "200" },
    warmup: { type: "string", default: "20" },
    pages: { type: "string", default: "1000" },
    ...appOptions,
  },
});
const N = wholeNumberOption("credentials", args.credentials);
const REQUESTS = wholeNumberOption("requests", args.requests);
const WARMUP = wholeNumberOption("warmup", args.warmup);
const PAGES = wholeNumberOption("pages", args.pages);
const PAGE_SIZE = 50;

const log = (line: string) => {
  console.log(`[bench] ${line}`);
};
const secs = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
const logFile = path.join(os.tmpdir(), `steward-bench-${process.pid}.log`);

type Captured = { query: string; params: unknown[] };
type Scenario = {
  name: string;
  label: string;
  path: (i: number) => string;
  /** The queries the app runs for request i, grouped as it runs them (a group runs concurrently). */
  sql: (i: number) => Promise<Captured[][]>;
  target: string;
  check: (app: Summary, firstApp: Summary | undefined) => boolean;
  explain?: Captured;
};

// --- Database ---------------------------------------------------------------------------------
const externalUrl = process.env.DATABASE_URL;
const serverUrl = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const dbName = `steward_bench_${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}`;
const url = externalUrl ?? (() => {
  const u = new URL(serverUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

let app: RunningApp | undefined;
let raw: postgres.Sql | undefined;
let appHandle: { db: Db; close: () => Promise<void> } | undefined;
let snapshotDir: string | undefined;
// An object, not a let: the cleanup below runs after main() changed it.
const state = { createdDatabase: false };

async function main() {
  const t0 = performance.now();
  if (!externalUrl) {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`create database ${dbName}`);
    await admin.end();
    state.createdDatabase = true;
    log(`created database ${dbName}`);
  }
  await migrateDatabase({ driver: "postgres", url });
  const db = postgres(url, { max: 4, onnotice: () => undefined });
  raw = db;
  const [existing] = await db<{ n: string }[]>`select count(*)::text as n from credentials`;
  // A filled database (e.g. the 1M one the posture and export benchmarks ran on) is measured as it is.
  const reused = Number(existing?.n ?? 0) > 0;

  // --- Data ------------------------------------------------------------------------------------
  let seedTimings: Awaited<ReturnType<typeof seedBenchData>> = [];
  let seedMs = 0;
  let dueMs = 0;
  if (reused) log(`existing database with ${Number(existing?.n).toLocaleString("en")} credentials: not seeded`);
  else {
    const tSeed = performance.now();
    seedTimings = await seedBenchData(db, defaultShape(N));
    seedMs = performance.now() - tSeed;
    log(`generated ${N.toLocaleString("en")} credentials and their rows in ${(seedMs / 1000).toFixed(1)} s`);
    const tDue = performance.now();
    const dueRows = await computeDueInSql(db);
    dueMs = performance.now() - tDue;
    log(`due columns for ${dueRows.toLocaleString("en")} credentials in ${(dueMs / 1000).toFixed(1)} s (set-based SQL)`);
  }
  const tAnalyze = performance.now();
  // VACUUM too: a long-running database has its visibility map set, which index-only scans rely on.
  await db.unsafe("vacuum analyze");
  const analyzeMs = performance.now() - tAnalyze;

  // The SQL above must agree with the app's own due computation: recompute a sample and compare.
  const handle = await openDatabase({ driver: "postgres", url, poolMax: 4 });
  appHandle = handle;
  const sample = await db<{ id: string; r: Date | null; v: Date | null; p: string | null }[]>`
    select id, rotation_due_at r, review_due_at v, effective_policy_id::text p from credentials order by md5(id::text) limit 500`;
  await recomputeDue(handle.db, sample.map((s) => s.id), new Date());
  const after = new Map((await db<{ id: string; r: Date | null; v: Date | null; p: string | null }[]>`
    select id, rotation_due_at r, review_due_at v, effective_policy_id::text p from credentials where id in ${db(sample.map((s) => s.id))}`).map((r) => [r.id, r]));
  const same = (a: Date | null, b: Date | null | undefined) => (a === null ? b === null : b != null && Math.abs(a.getTime() - b.getTime()) < 1);
  const mismatches = sample.filter((s) => {
    const r = after.get(s.id);
    return !r || !same(s.r, r.r) || !same(s.v, r.v) || s.p !== r.p;
  }).length;
  log(`due columns checked against recomputeDue on ${sample.length} credentials: ${mismatches} differ`);

  const counts = Object.fromEntries(
    await Promise.all(
      ["credentials", "secrets", "credential_grants", "credential_grant_scopes", "credential_applications", "people", "teams", "apis", "applications"].map(async (t) => {
        const [row] = await db.unsafe<{ n: string }[]>(`select count(*)::text n from ${t}`);
        return [t, Number(row?.n ?? 0)] as const;
      }),
    ),
  );

  // An admin to sign in as: the hash the app verifies, a throwaway password.
  const password = randomBytes(18).toString("base64url");
  const email = `bench-admin-${randomUUID().slice(0, 8)}@bench.example`;
  await db`insert into users (email, name, role, password_hash) values (${email}, 'Bench admin', 'admin', ${await hashPassword(password)})`;

  // --- The app -----------------------------------------------------------------------------------
  let appDir = args["app-dir"] ? path.resolve(args["app-dir"]) : repoDir;
  if (args.snapshot) {
    snapshotDir = snapshotApp(repoDir);
    appDir = snapshotDir;
    log(`snapshot of the working tree in ${snapshotDir}`);
  }
  const want = needsBuild(appDir);
  if (args.build || args.snapshot || want.build) {
    const tBuild = performance.now();
    log(`building the production app in ${appDir} (${args.build || args.snapshot ? "asked to" : want.reason}); log: ${logFile}`);
    buildApp(appDir, logFile);
    log(`built in ${secs(tBuild)}`);
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
      // The scheduler's jobs (posture sweep, snapshot recount) are timed on their own (bench:posture,
      // the dashboard section); left on, they would run at random points of the latency samples.
      SCHEDULER_INTERVAL_SECONDS: "0",
    },
    logFile,
  );
  log(`app ready on ${app.base} (pid ${String(app.pid)})`);
  const cookie = await signIn(app.base, email, password);
  const base = app.base;
  const get = async (p: string): Promise<unknown> => {
    const res = await fetch(`${base}${p}`, { headers: { cookie } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`GET ${p} → ${res.status}: ${body.slice(0, 300)}`);
    return JSON.parse(body) as unknown;
  };

  // --- Query capture: the exact SQL and parameters the app's query functions send ----------------
  let captured: (Captured & { batch: number })[] = [];
  let batch = 0;
  let open = false;
  const captureDb = drizzle(db, {
    schema,
    logger: {
      logQuery(query, params) {
        // Queries logged before the microtask queue drains were issued together (Promise.all).
        if (!open) {
          open = true;
          batch++;
          queueMicrotask(() => {
            open = false;
          });
        }
        captured.push({ query, params, batch });
      },
    },
  });
  const capture = async (run: () => Promise<unknown>): Promise<Captured[][]> => {
    captured = [];
    await run();
    const groups = new Map<number, Captured[]>();
    for (const c of captured) groups.set(c.batch, [...(groups.get(c.batch) ?? []), { query: c.query, params: c.params }]);
    return [...groups.values()];
  };
  const replay = async (groups: Captured[][]) => {
    for (const group of groups) {
      await Promise.all(group.map((q) => db.unsafe(q.query, q.params as Parameters<postgres.Sql["unsafe"]>[1], { prepare: false }).values()));
    }
  };
  const listPath = (f: Partial<Record<keyof CredentialFilters, string>>) =>
    `/api/v1/credentials?${new URLSearchParams(Object.entries(f).filter((e): e is [string, string] => typeof e[1] === "string")).toString()}`;
  const listSql = (f: Partial<Record<keyof CredentialFilters, string>>) => capture(() => listCredentials(captureDb, credentialFilters.parse(f), new Date()));

  // Deep page: walk the cursor through the API once, checking no row repeats.
  const tWalk = performance.now();
  let cursor: string | null = null;
  const seen = new Set<string>();
  let duplicates = 0;
  for (let page = 0; page < PAGES; page++) {
    const body = (await get(listPath({ limit: String(PAGE_SIZE), ...(cursor ? { cursor } : {}) }))) as { items: { id: string }[]; nextCursor: string | null };
    for (const item of body.items) {
      if (seen.has(item.id)) duplicates++;
      seen.add(item.id);
    }
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  const walkMs = performance.now() - tWalk;
  if (!cursor) throw new Error(`the inventory ran out before page ${PAGES + 1}`);
  const deepCursor: string = cursor;
  // Epoch milliseconds: drizzle has switched this client's timestamp parsing to raw strings.
  const [offsetRow] = await db<{ ms: string | null; id: string }[]>`
    select floor(extract(epoch from rotation_due_at) * 1000)::bigint::text ms, id from credentials
    order by rotation_due_at asc nulls last, id asc offset ${PAGES * PAGE_SIZE - 1} limit 1`;
  const offsetCursor = offsetRow ? encodeCredentialCursor(offsetRow.ms === null ? null : new Date(Number(offsetRow.ms)).toISOString(), offsetRow.id) : null;
  log(`walked ${PAGES} pages in ${(walkMs / 1000).toFixed(1)} s; ${duplicates} repeated rows; cursor ${offsetCursor === deepCursor ? "matches" : "DIFFERS FROM"} OFFSET ${PAGES * PAGE_SIZE}`);

  // Filtered: the team with the most production credentials overdue for rotation.
  const now = new Date();
  const [busiest] = await db<{ team: string; n: string }[]>`
    select owning_team_id::text team, count(*)::text n from credentials
    where environment = 'production' and rotation_due_at < ${now.toISOString()}::timestamptz group by owning_team_id order by count(*) desc, owning_team_id limit 1`;
  if (!busiest) throw new Error("no overdue production credentials to filter on");
  const filtered = { teamId: busiest.team, environment: "production", due: "overdue", limit: String(PAGE_SIZE) };
  const term = "payments";
  const [searchCount] = await db<{ n: string }[]>`select count(*)::text n from credentials where name ilike ${`%${term}%`} or client_id ilike ${`%${term}%`}`;
  // A rare term too: one match, where walking the due-date index and filtering would read everything.
  // Of the credentials there are (a reused database holds its own count, not --credentials').
  const rare = `client-${Math.max(1, Math.floor((reused ? Number(existing?.n) : N) * 0.77))}`;
  const [rareCount] = await db<{ n: string }[]>`select count(*)::text n from credentials where name ilike ${`%${rare}%`} or client_id ilike ${`%${rare}%`}`;
  const detailIds = (await db<{ id: string }[]>`select id from credentials order by md5(id::text || 'detail') limit 200`).map((r) => r.id);
  const detailId = (i: number) => detailIds[i % detailIds.length] ?? "";

  const first = { limit: String(PAGE_SIZE) };
  const deep = { limit: String(PAGE_SIZE), cursor: deepCursor };
  const search = { q: term, limit: String(PAGE_SIZE) };
  const rareSearch = { q: rare, limit: String(PAGE_SIZE) };
  const scenarios: Scenario[] = [
    { name: "first", label: "First inventory page", path: () => listPath(first), sql: () => listSql(first), target: "p95 ≤ 100 ms", check: (a) => a.p95 <= 100 },
    {
      name: "deep",
      label: `Page ${PAGES + 1} (keyset)`,
      path: () => listPath(deep),
      sql: () => listSql(deep),
      target: "p95 ≤ 100 ms, p50 ≤ 1.5 × first",
      check: (a, f) => a.p95 <= 100 && f !== undefined && a.p50 <= 1.5 * f.p50,
    },
    {
      name: "filtered",
      label: `Team + production + overdue (${Number(busiest.n).toLocaleString("en")} rows)`,
      path: () => listPath(filtered),
      sql: () => listSql(filtered),
      target: "p95 ≤ 100 ms",
      check: (a) => a.p95 <= 100,
    },
    {
      name: "search",
      label: `Search "${term}" (${Number(searchCount?.n ?? 0).toLocaleString("en")} matches)`,
      path: () => listPath(search),
      sql: () => listSql(search),
      target: "p95 ≤ 100 ms",
      check: (a) => a.p95 <= 100,
    },
    {
      name: "search-rare",
      label: `Search "${rare}" (${Number(rareCount?.n ?? 0).toLocaleString("en")} match)`,
      path: () => listPath(rareSearch),
      sql: () => listSql(rareSearch),
      target: "p95 ≤ 100 ms",
      check: (a) => a.p95 <= 100,
    },
    {
      name: "detail",
      label: "Credential detail",
      path: (i) => `/api/v1/credentials/${detailId(i)}`,
      sql: (i) => capture(() => getCredentialDetail(captureDb, detailId(i))),
      target: "p95 ≤ 50 ms",
      check: (a) => a.p95 <= 50,
    },
  ];

  // --- Measure --------------------------------------------------------------------------------------
  const results: { s: Scenario; app: Summary; sql: Summary; queries: number; explain: string }[] = [];
  for (const s of scenarios) {
    const appSamples = await measure(REQUESTS, WARMUP, async (i) => {
      await get(s.path(i));
    });
    // Capture first (untimed), then replay the identical SQL.
    const plans: Captured[][][] = [];
    // Sequentially: the capture tells concurrent statements apart by when they were issued.
    for (let i = 0; i < Math.min(REQUESTS, s.name === "detail" ? detailIds.length : 1); i++) plans.push(await s.sql(i));
    const sqlSamples = await measure(REQUESTS, WARMUP, async (i) => {
      await replay(plans[i % plans.length] ?? []);
    });
    const main = plans[0]?.[0]?.[0];
    let explain = "";
    if (main) {
      const rows = await db.unsafe<{ "QUERY PLAN": string }[]>(`explain (analyze, buffers) ${main.query}`, main.params as Parameters<postgres.Sql["unsafe"]>[1], { prepare: false });
      explain = rows.map((r) => r["QUERY PLAN"]).join("\n");
    }
    const app = summarise(appSamples);
    const sql = summarise(sqlSamples);
    results.push({ s, app, sql, queries: (plans[0] ?? []).flat().length, explain });
    log(`${s.label}: app p50 ${ms(app.p50)} / p95 ${ms(app.p95)} ms; SQL p50 ${ms(sql.p50)} / p95 ${ms(sql.p95)} ms`);
  }

  // The fixed cost of any API request, for reading the app÷SQL ratios: no database, then session + user re-read.
  const health = summarise(await measure(REQUESTS, WARMUP, async () => {
    const res = await fetch(`${base}/api/v1/health`);
    await res.arrayBuffer();
  }));
  const me = summarise(await measure(REQUESTS, WARMUP, async () => {
    await get("/api/v1/me");
  }));
  log(`baseline: /api/v1/health p50 ${ms(health.p50)} ms; /api/v1/me p50 ${ms(me.p50)} ms`);

  // --- The dashboard (issue #6): its API and the page's LCP over the same inventory ------------------
  const dashboard = await benchDashboard({ db, appDb: handle.db, base, cookie, get, requests: REQUESTS, warmup: WARMUP, log });

  // --- Report ----------------------------------------------------------------------------------------
  const firstApp = results.find((r) => r.s.name === "first")?.app;
  const rows = results.map((r) => {
    const ratio = r.app.p50 / r.sql.p50;
    const ok = r.s.check(r.app, firstApp);
    return {
      cells: [
        r.s.label,
        ms(r.app.p50),
        ms(r.app.p95),
        ms(r.sql.p50),
        ms(r.sql.p95),
        String(r.queries),
        `${ratio.toFixed(1)}×`,
        ms(r.app.p50 - r.sql.p50),
        r.s.target,
        ok ? "PASS" : "FAIL",
        ratio <= 2 ? "PASS" : "FAIL",
      ],
      ok,
      ratioOk: ratio <= 2,
    };
  });
  const header = ["Query", "app p50", "app p95", "SQL p50", "SQL p95", "SQL stmts", "app÷SQL (p50)", "app overhead (p50)", "Latency target", "Latency", "Ratio ≤ 2.0"];
  const report = table(header, rows.map((r) => r.cells));
  const latencyFails = rows.filter((r) => !r.ok).length;
  const ratioFails = rows.filter((r) => !r.ratioOk).length;
  const verdict = `${latencyFails === 0 ? "ALL LATENCY TARGETS MET" : `${latencyFails} LATENCY TARGET(S) MISSED`}; ${ratioFails === 0 ? "app÷SQL ≤ 2.0 everywhere" : `app÷SQL > 2.0 for ${ratioFails} of ${rows.length} queries`}`;
  const [pg] = await db<{ v: string }[]>`select current_setting('server_version') v`;
  const cpu = os.cpus();
  const machine = `${cpu.length} × ${cpu[0]?.model ?? "CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, PostgreSQL ${pg?.v ?? "?"}`;

  const baseline = table(
    ["Baseline request", "p50", "p95"],
    [
      ["GET /api/v1/health (no session, no query)", ms(health.p50), ms(health.p95)],
      ["GET /api/v1/me (session + user re-read)", ms(me.p50), ms(me.p95)],
    ],
  );
  const load = os.loadavg().map((l) => l.toFixed(1)).join(" / ");
  console.log(`\n${report}\n\n${baseline}\n\n${dashboard.lines.join("\n")}\n`);
  console.log(`Load average (1/5/15 min) at the end: ${load} on ${cpu.length} CPUs`);
  console.log(`RESULT: ${verdict} (${REQUESTS} sequential requests each after ${WARMUP} warm-ups; times in ms)`);

  const md = [
    `# Benchmark — last result`,
    ``,
    `Run ${new Date().toISOString()} by \`npm run bench\` on ${machine}.`,
    ``,
    `Dataset: ${Object.entries(counts).map(([t, n]) => `${n.toLocaleString("en")} ${t.replace(/_/g, " ")}`).join(", ")}.`,
    reused
      ? `An existing database (seeded earlier by the same generator, then swept by \`npm run bench:posture\` and exported by \`npm run bench:exports\`), VACUUM ANALYZE in ${(analyzeMs / 1000).toFixed(1)} s; `
      : `Generated in ${(seedMs / 1000).toFixed(1)} s (set-based INSERT … SELECT), due columns in ${(dueMs / 1000).toFixed(1)} s, VACUUM ANALYZE in ${(analyzeMs / 1000).toFixed(1)} s; `,
    `due columns agree with \`recomputeDue\` on ${mismatches === 0 ? "all" : `${sample.length - mismatches} of`} ${sample.length} sampled credentials.`,
    `Keyset walk: ${PAGES} pages of ${PAGE_SIZE} through the API in ${(walkMs / 1000).toFixed(1)} s, ${duplicates} repeated rows, cursor ${offsetCursor === deepCursor ? "equal to" : "DIFFERENT from"} the OFFSET ${PAGES * PAGE_SIZE} row.`,
    ``,
    `${REQUESTS} sequential requests per query after ${WARMUP} warm-ups, one signed-in admin session; times in ms. "app" is the HTTP round trip through`,
    `\`next start\` (proxy, session, user re-read, zod, query, DTO); "SQL" replays the exact statements the app's query functions send`,
    `(captured from drizzle), with the same concurrency, through postgres.js.`,
    ``,
    report,
    ``,
    `**${verdict}.**`,
    ``,
    `Fixed cost of an API request on the same server (what the app÷SQL ratio mostly measures for sub-millisecond queries):`,
    ``,
    baseline,
    ``,
    `Load average (1/5/15 min) at the end of the run: ${load} on ${cpu.length} CPUs (the database, the app and this client share them).`,
    ``,
    dashboard.markdown,
    ...(reused ? [] : [`## Generation steps`, ``, table(["Step", "Rows", "ms"], seedTimings.map((t) => [t.step, t.rows.toLocaleString("en"), ms(t.ms)])), ``]),
    `## Query plans (EXPLAIN ANALYZE of the main statement)`,
    ``,
    ...results.flatMap((r) => [`### ${r.s.label}`, ``, "```", r.explain, "```", ``]),
  ].join("\n");
  fs.writeFileSync(path.join(repoDir, "scripts", "bench", "last-result.md"), md);
  log(`wrote scripts/bench/last-result.md; total ${secs(t0)}`);
}

try {
  await main();
} catch (error) {
  console.error(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  console.error(`[bench] app log: ${logFile}`);
  process.exitCode = 1;
} finally {
  await app?.stop();
  await appHandle?.close();
  await raw?.end({ timeout: 5 });
  if (state.createdDatabase && !args.keep) {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    log(`dropped database ${dbName}`);
  } else if (state.createdDatabase) {
    log(`kept database ${dbName} (${url})`);
  }
  if (snapshotDir) fs.rmSync(snapshotDir, { recursive: true, force: true });
}
