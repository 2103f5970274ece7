/**
 * `npm run bench:embedded` (issue 17): the embedded database (PGlite, the default without
 * DATABASE_URL) at 50,000 credentials. A fresh data directory is migrated and filled by the same
 * generator as the PostgreSQL benchmark (seed.ts, dashboard.ts's findings and history), then the
 * production app (`next start`, scheduler off) is served on it, and the inventory list, detail,
 * dashboard and trends API are timed with one signed-in session: p50/p95 against the targets of
 * `npm run bench`, the data directory's size, the server's RSS and what a snapshot recount does to a
 * request that arrives while it runs (PGlite is one connection: transactions run one at a time).
 *
 *   npm run bench:embedded                                              # 50,000 credentials
 *   npm run bench:embedded -- --credentials 2000 --requests 20 --warmup 3   # a quick run
 *   options: --credentials N (50000) --requests N (100) --warmup N (10) --clients N (10; 0 skips the concurrent round) --keep --build
 *
 * Targets are reported, not asserted: the exit code is 0 unless the run itself fails.
 */
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { PGlite, Transaction } from "@electric-sql/pglite";
import { migrateDatabase, openDatabase, type DatabaseHandle } from "../../db/client";
import { encodeCredentialCursor } from "../../db/queries/credentials";
import { recomputeDue } from "../../lib/server/inventory/due";
import { refreshSnapshot } from "../../lib/server/dashboard/snapshot";
import { hashPassword } from "../../lib/server/passwords";
import { appOptions, buildApp, freePort, needsBuild, signIn, startApp, treeRss, type RunningApp } from "./app";
import { backfillHistory, dashboardApiScenarios, seedDashboardData, type DashboardStatements } from "./dashboard";
import { computeDueInSql, defaultShape, seedBenchData, type SeedSql } from "./seed";
import { measure, ms, summarise, table, type Summary, wholeNumberOption } from "./stats";

const repoDir = path.resolve(import.meta.dirname, "..", "..");
const { values: args } = parseArgs({
  options: {
    credentials: { type: "string", default: "50000" },
    requests: { type: "string", default: "100" },
    warmup: { type: "string", default: "10" },
    clients: { type: "string", default: "10" },
    keep: appOptions.keep,
    build: appOptions.build,
  },
});
const N = wholeNumberOption("credentials", args.credentials, 1);
const REQUESTS = wholeNumberOption("requests", args.requests, 1);
const WARMUP = wholeNumberOption("warmup", args.warmup, 0);
const CLIENTS = wholeNumberOption("clients", args.clients, 0);
const PAGE_SIZE = 50;

const log = (line: string) => {
  console.log(`[bench:embedded] ${line}`);
};
const secs = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
const logFile = path.join(os.tmpdir(), `steward-bench-embedded-${process.pid}.log`);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

// The app must open the embedded database: a DATABASE_URL in this shell is some other database.
if (process.env.DATABASE_URL !== undefined) log("DATABASE_URL is set in this shell: ignored, the app is started without it");
delete process.env.DATABASE_URL;

/** The seed's statements through PGlite: one statement per call, rows touched as `count`. */
function pgliteStatements(pg: PGlite | Transaction): DashboardStatements {
  return {
    unsafe: async (statement, params) => {
      const result = await pg.query(statement, params);
      return { count: result.affectedRows ?? 0 };
    },
  };
}
function pgliteSeedSql(pg: PGlite): SeedSql {
  return {
    ...pgliteStatements(pg),
    begin: (run) => pg.transaction((tx) => run(pgliteStatements(tx))),
  };
}

/**
 * Bytes the directory takes on disk (allocated blocks, as du counts them), its files' apparent size,
 * and the write-ahead log's share (PGlite keeps PostgreSQL's recycled WAL segments, 16 MiB each).
 */
function diskUsage(dir: string): { onDisk: number; apparent: number; wal: number } {
  let onDisk = 0;
  let apparent = 0;
  let wal = 0;
  const walDir = path.join(dir, "pglite", "pg_wal");
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const st = fs.statSync(path.join(entry.parentPath, entry.name));
    onDisk += st.blocks * 512;
    apparent += st.size;
    if (entry.parentPath.startsWith(walDir)) wal += st.blocks * 512;
  }
  return { onDisk, apparent, wal };
}

type Scenario = { label: string; path: (i: number) => string; target?: { text: string; p95: number } };

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "steward-bench-embedded-"));
let handle: DatabaseHandle | undefined;
let app: RunningApp | undefined;

async function main() {
  const t0 = performance.now();
  log(`data directory ${dataDir}; app log ${logFile}`);

  // --- Data, in this process: the app must not have the directory open yet -------------------------
  const options = { driver: "pglite", dataDir } as const;
  const tInit = performance.now();
  handle = await openDatabase(options);
  const initMs = performance.now() - tInit;
  const tMigrate = performance.now();
  await migrateDatabase(options, handle);
  const migrateMs = performance.now() - tMigrate;
  // drizzle's PGlite database keeps its client here; Db is typed as the postgres.js face of it.
  const pg = (handle.db as unknown as { $client: PGlite }).$client;
  const one = async <T>(query: string, params: unknown[] = []) => (await pg.query<T>(query, params)).rows[0];

  const shape = defaultShape(N);
  const tSeed = performance.now();
  const seedTimings = await seedBenchData(pgliteSeedSql(pg), shape);
  const seedMs = performance.now() - tSeed;
  log(`generated ${N.toLocaleString("en")} credentials and their rows in ${(seedMs / 1000).toFixed(1)} s (the PostgreSQL benchmark's statements)`);
  const tDue = performance.now();
  const dueRows = await computeDueInSql(pgliteStatements(pg));
  const dueMs = performance.now() - tDue;
  log(`due columns for ${dueRows.toLocaleString("en")} credentials in ${(dueMs / 1000).toFixed(1)} s`);

  // The SQL above must agree with the app's own due computation, on PGlite too.
  type DueRow = { id: string; r: Date | null; v: Date | null; p: string | null; status: string };
  const sample = (await pg.query<DueRow>(`select id, rotation_due_at r, review_due_at v, effective_policy_id::text p, status::text from credentials order by md5(id::text) limit 500`)).rows;
  await recomputeDue(handle.db, sample.map((s) => s.id), new Date());
  const after = new Map((await pg.query<DueRow>(`select id, rotation_due_at r, review_due_at v, effective_policy_id::text p from credentials where id = any($1::uuid[])`, [sample.map((s) => s.id)])).rows.map((r) => [r.id, r]));
  const same = (a: Date | null, b: Date | null | undefined) => (a === null ? b === null : b != null && Math.abs(a.getTime() - b.getTime()) < 1);
  const differing = sample.filter((s) => {
    const r = after.get(s.id);
    return !r || !same(s.r, r.r) || !same(s.v, r.v) || s.p !== r.p;
  });
  const mismatches = differing.length;
  // Said apart, as they once differed: the generator now leaves them with nothing due, as recomputeDue does.
  const decommissioned = differing.filter((s) => s.status === "decommissioned").length;
  const dueCheck = `${mismatches} of ${sample.length} differ${mismatches > 0 ? ` (${decommissioned} of them decommissioned)` : ""}`;
  log(`due columns checked against recomputeDue on ${sample.length} credentials: ${dueCheck}`);

  // The dashboard's inputs, as `npm run bench` adds them: open findings, today's snapshot, 89 days of history.
  const findings = await seedDashboardData(pgliteStatements(pg));
  const recounts: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const r = await refreshSnapshot(handle.db, new Date(), { wait: true });
    recounts.push(performance.now() - t);
    if (!r.refreshed) throw new Error("the snapshot refresh did not run");
  }
  const history = await backfillHistory(pgliteStatements(pg));
  log(`dashboard: ${findings.findings.toLocaleString("en")} open findings in ${(findings.ms / 1000).toFixed(1)} s; snapshot recount ${recounts.map((c) => `${(c / 1000).toFixed(2)} s`).join(", ")} (in this process); ${history.toLocaleString("en")} history rows`);
  const tVacuum = performance.now();
  await pg.exec("vacuum analyze");
  const vacuumMs = performance.now() - tVacuum;

  const counts = Object.fromEntries(
    await Promise.all(
      ["credentials", "secrets", "credential_grants", "credential_grant_scopes", "credential_applications", "people", "teams", "apis", "applications", "findings", "inventory_snapshots"].map(async (t) => {
        const row = await one<{ n: string }>(`select count(*)::text n from ${t}`);
        return [t, Number(row?.n ?? 0)] as const;
      }),
    ),
  );

  // An admin to sign in as: the hash the app verifies, a throwaway password.
  const password = randomBytes(18).toString("base64url");
  const email = `bench-admin-${randomUUID().slice(0, 8)}@bench.example`;
  await pg.query(`insert into users (email, name, role, password_hash) values ($1, 'Bench admin', 'admin', $2)`, [email, await hashPassword(password)]);

  // What the scenarios need, read now: once the app has the directory, this process cannot.
  const lastPage = Math.ceil(N / PAGE_SIZE);
  const deepPage = Math.max(2, Math.min(lastPage, Math.floor((N * 0.8) / PAGE_SIZE)));
  // The last row of page deepPage - 1 (the cursor) and the first row of page deepPage.
  const [cursorRow, expectedRow] = (await pg.query<{ ms: string | null; id: string }>(
    `select floor(extract(epoch from rotation_due_at) * 1000)::bigint::text ms, id from credentials
     order by rotation_due_at asc nulls last, id asc offset $1 limit 2`,
    [(deepPage - 1) * PAGE_SIZE - 1],
  )).rows;
  const deepCursor = cursorRow ? encodeCredentialCursor(cursorRow.ms === null ? null : new Date(Number(cursorRow.ms)).toISOString(), cursorRow.id) : null;
  const now = new Date();
  const busiest = await one<{ team: string; n: string }>(
    `select owning_team_id::text team, count(*)::text n from credentials
     where environment = 'production' and rotation_due_at < $1::timestamptz group by owning_team_id order by count(*) desc, owning_team_id limit 1`,
    [now.toISOString()],
  );
  const term = "payments";
  const searchCount = await one<{ n: string }>(`select count(*)::text n from credentials where name ilike $1 or client_id ilike $1`, [`%${term}%`]);
  const detailIds = (await pg.query<{ id: string }>(`select id from credentials order by md5(id::text || 'detail') limit 200`)).rows.map((r) => r.id);
  const dashboardTeam = await one<{ id: string }>(`select team_id::text id from inventory_snapshots where team_id is not null group by team_id order by sum(credentials) desc limit 1`);
  const pgVersion = (await one<{ v: string }>(`select current_setting('server_version') v`))?.v ?? "?";
  const pgliteVersion = (JSON.parse(fs.readFileSync(path.join(repoDir, "node_modules", "@electric-sql", "pglite", "package.json"), "utf8")) as { version: string }).version;

  await handle.close();
  handle = undefined;
  const prepMs = performance.now() - t0;
  const size = diskUsage(dataDir);
  log(`data directory: ${mib(size.onDisk)} on disk (${mib(size.apparent)} apparent; write-ahead log ${mib(size.wal)}); prepared in ${secs(t0)}`);

  // --- The app ---------------------------------------------------------------------------------------
  const want = needsBuild(repoDir);
  if (args.build || want.build) {
    const tBuild = performance.now();
    log(`building the production app (${args.build ? "asked to" : want.reason}); log: ${logFile}`);
    buildApp(repoDir, logFile);
    log(`built in ${secs(tBuild)}`);
  }
  const port = await freePort();
  const tStart = performance.now();
  app = await startApp(
    repoDir,
    port,
    {
      STEWARD_DATA_DIR: dataDir,
      AUTH_URL: `http://127.0.0.1:${port}`,
      // As in `npm run bench`: the scheduler's jobs would land at random points of the samples. What a
      // recount costs the requests around it is measured below, through the app.
      SCHEDULER_INTERVAL_SECONDS: "0",
    },
    logFile,
  );
  const startMs = performance.now() - tStart;
  const pid = app.pid;
  const rssIdle = pid === undefined ? 0 : treeRss(pid);
  log(`app ready on ${app.base} in ${(startMs / 1000).toFixed(1)} s (pid ${String(pid)}, RSS ${mib(rssIdle)})`);
  const rssSamples: number[] = [];
  const sampler = setInterval(() => {
    if (pid !== undefined) rssSamples.push(treeRss(pid));
  }, 1000);

  const cookie = await signIn(app.base, email, password);
  const base = app.base;
  const get = async (p: string): Promise<unknown> => {
    const res = await fetch(`${base}${p}`, { headers: { cookie } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`GET ${p} → ${res.status}: ${body.slice(0, 300)}`);
    return JSON.parse(body) as unknown;
  };
  const listPath = (f: Record<string, string>) => `/api/v1/credentials?${new URLSearchParams(f).toString()}`;

  // The deep page's cursor was computed in SQL: its first row must be the one after the cursor row.
  let deepOk = false;
  if (deepCursor) {
    const body = (await get(listPath({ limit: String(PAGE_SIZE), cursor: deepCursor }))) as { items: { id: string }[] };
    deepOk = body.items[0]?.id === expectedRow?.id;
    log(`page ${deepPage} by keyset: first row ${deepOk ? "is" : "IS NOT"} the OFFSET ${(deepPage - 1) * PAGE_SIZE} row`);
  }

  const detailId = (i: number) => detailIds[i % detailIds.length] ?? "";
  const list = { text: "p95 ≤ 100 ms", p95: 100 };
  const scenarios: Scenario[] = [
    { label: "First inventory page", path: () => listPath({ limit: String(PAGE_SIZE) }), target: list },
    ...(deepCursor ? [{ label: `Page ${deepPage} (keyset)`, path: () => listPath({ limit: String(PAGE_SIZE), cursor: deepCursor }), target: list }] : []),
    ...(busiest
      ? [{
          label: `Team + production + overdue (${Number(busiest.n).toLocaleString("en")} rows)`,
          path: () => listPath({ teamId: busiest.team, environment: "production", due: "overdue", limit: String(PAGE_SIZE) }),
          target: list,
        }]
      : []),
    { label: `Search "${term}" (${Number(searchCount?.n ?? 0).toLocaleString("en")} matches)`, path: () => listPath({ q: term, limit: String(PAGE_SIZE) }), target: list },
    { label: "Credential detail", path: (i) => `/api/v1/credentials/${detailId(i)}`, target: { text: "p95 ≤ 50 ms", p95: 50 } },
  ];

  // --- Measure ---------------------------------------------------------------------------------------
  const results: { s: Scenario; r: Summary }[] = [];
  const timed = async (s: Scenario) => {
    const r = summarise(await measure(REQUESTS, WARMUP, async (i) => {
      await get(s.path(i));
    }));
    results.push({ s, r });
    log(`${s.label}: p50 ${ms(r.p50)} / p95 ${ms(r.p95)} ms`);
  };
  for (const s of scenarios) await timed(s);

  // A snapshot recount through the app ("Refresh now"; the scheduler's dashboard-snapshot job recounts
  // on every tick, each minute by default, as its snapshot is then older than 30 s), and two requests sent halfway through it: /api/v1/me needs the database, which the
  // recount's transaction holds; /api/v1/health does not, but PGlite runs its queries on the app's
  // one JavaScript thread, so a long statement holds up everything else the process serves too.
  const tFirst = performance.now();
  await get("/api/v1/dashboard?fresh=true");
  let alone = performance.now() - tFirst;
  const refresh: number[] = [];
  const blocked: number[] = [];
  const blockedHealth: number[] = [];
  const time = async (run: () => Promise<unknown>) => {
    const t = performance.now();
    await run();
    return performance.now() - t;
  };
  for (let i = 0; i < 3; i++) {
    const done = time(() => get("/api/v1/dashboard?fresh=true"));
    await new Promise((r) => setTimeout(r, alone / 2));
    const [meMs, healthMs] = await Promise.all([
      time(() => get("/api/v1/me")),
      time(async () => (await fetch(`${base}/api/v1/health`)).arrayBuffer()),
    ]);
    blocked.push(meMs);
    blockedHealth.push(healthMs);
    const took = await done;
    refresh.push(took);
    alone = Math.min(alone, took);
  }
  const refreshS = summarise(refresh);
  log(`snapshot recount through the app: ${refresh.map((r) => ms(r)).join(", ")} ms; sent halfway through it, /api/v1/me took ${blocked.map((b) => ms(b)).join(", ")} ms and /api/v1/health ${blockedHealth.map((b) => ms(b)).join(", ")} ms`);

  const asOf = new Set<string>();
  const dashboardScenarios: Scenario[] = dashboardApiScenarios(dashboardTeam?.id).map((d) => ({
    label: d.label,
    path: () => d.path,
    target: { text: "p95 ≤ 300 ms", p95: 300 },
  }));
  for (const s of dashboardScenarios) {
    const p = s.path(0);
    const r = summarise(await measure(REQUESTS, WARMUP, async () => {
      const body = (await get(p)) as { asOf?: string | null };
      if (body.asOf) asOf.add(body.asOf);
    }));
    results.push({ s, r });
    log(`${s.label}: p50 ${ms(r.p50)} / p95 ${ms(r.p95)} ms`);
  }
  // One snapshot served throughout: no request in the samples recounted.
  const recountedDuring = Math.max(0, asOf.size - 1);

  const me = summarise(await measure(REQUESTS, WARMUP, async () => {
    await get("/api/v1/me");
  }));
  const health = summarise(await measure(REQUESTS, WARMUP, async () => {
    const res = await fetch(`${base}/api/v1/health`);
    await res.arrayBuffer();
  }));
  log(`baseline: /api/v1/me p50 ${ms(me.p50)} / p95 ${ms(me.p95)} ms; /api/v1/health p50 ${ms(health.p50)} ms`);

  // Concurrent clients (one session): the same routes at once, as a team opening Steward together.
  const concurrent: { label: string; r: Summary }[] = [];
  let concurrentRps = 0;
  if (CLIENTS > 0) {
    const routes: { label: string; path: (i: number) => string }[] = [
      { label: "First inventory page", path: () => listPath({ limit: String(PAGE_SIZE) }) },
      { label: "Credential detail", path: (i) => `/api/v1/credentials/${detailId(i)}` },
      { label: "Dashboard, whole inventory", path: () => "/api/v1/dashboard" },
      { label: "GET /api/v1/me", path: () => "/api/v1/me" },
    ];
    const samples = new Map<string, number[]>(routes.map((r) => [r.label, []]));
    const perClient = Math.max(routes.length, REQUESTS);
    const tc = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let i = 0; i < perClient; i++) {
          const route = routes[(i + c) % routes.length];
          if (!route) continue;
          const t = performance.now();
          await get(route.path(i * CLIENTS + c));
          samples.get(route.label)?.push(performance.now() - t);
        }
      }),
    );
    concurrentRps = (CLIENTS * perClient) / ((performance.now() - tc) / 1000);
    for (const r of routes) concurrent.push({ label: r.label, r: summarise(samples.get(r.label) ?? []) });
    log(`${CLIENTS} concurrent clients: ${concurrentRps.toFixed(0)} requests/s; ${concurrent.map((c) => `${c.label} p95 ${ms(c.r.p95)} ms`).join("; ")}`);
  }
  clearInterval(sampler);
  const rssPeak = Math.max(rssIdle, ...rssSamples);

  await app.stop();
  app = undefined;
  const sizeAfter = diskUsage(dataDir);

  // --- Report ----------------------------------------------------------------------------------------
  const fails = results.filter((x) => x.s.target && x.r.p95 > x.s.target.p95).length;
  const report = table(
    ["Request", "p50", "p95", "max", "Target", "Result"],
    [
      ...results.map((x) => [x.s.label, ms(x.r.p50), ms(x.r.p95), ms(x.r.max), x.s.target?.text ?? "", x.s.target ? (x.r.p95 <= x.s.target.p95 ? "PASS" : "FAIL") : ""]),
      ["GET /api/v1/me (session + user re-read: the fixed cost)", ms(me.p50), ms(me.p95), ms(me.max), "", ""],
      ["GET /api/v1/health (no session, no query)", ms(health.p50), ms(health.p95), ms(health.max), "", ""],
    ],
  );
  const recountTable = table(
    ["Snapshot recount through the app (3 runs)", "min", "median", "max"],
    [
      ["GET /api/v1/dashboard?fresh=true", ms(Math.min(...refresh)), ms(refreshS.p50), ms(refreshS.max)],
      ["GET /api/v1/me sent halfway through the recount", ms(Math.min(...blocked)), ms(summarise(blocked).p50), ms(Math.max(...blocked))],
      ["GET /api/v1/health (no query) sent with it", ms(Math.min(...blockedHealth)), ms(summarise(blockedHealth).p50), ms(Math.max(...blockedHealth))],
    ],
  );
  const concurrentTable =
    CLIENTS > 0
      ? table(
          [`${CLIENTS} concurrent clients, one session`, "p50", "p95", "max", "requests"],
          concurrent.map((c) => [c.label, ms(c.r.p50), ms(c.r.p95), ms(c.r.max), String(c.r.n)]),
        )
      : "";
  const verdict = fails === 0 ? "ALL LATENCY TARGETS MET" : `${fails} LATENCY TARGET(S) MISSED`;
  const cpu = os.cpus();
  const machine = `${cpu.length} × ${cpu[0]?.model ?? "CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, PGlite ${pgliteVersion} (PostgreSQL ${pgVersion} in WebAssembly)`;
  const load = os.loadavg().map((l) => l.toFixed(2)).join(" / ");
  console.log(`\n${report}\n\n${recountTable}\n${concurrentTable ? `\n${concurrentTable}\n` : ""}`);
  console.log(`Data directory ${mib(sizeAfter.onDisk)} on disk; server RSS ${mib(rssIdle)} at start, ${mib(rssPeak)} peak`);
  console.log(`Load average (1/5/15 min) at the end: ${load} on ${cpu.length} CPUs`);
  console.log(`RESULT: ${verdict} (${REQUESTS} sequential requests each after ${WARMUP} warm-ups; times in ms)`);

  const md = [
    `# Embedded database benchmark — last result`,
    ``,
    `Run ${new Date().toISOString()} by \`npm run bench:embedded -- --credentials ${N} --requests ${REQUESTS} --warmup ${WARMUP} --clients ${CLIENTS}\` on ${machine}.`,
    ``,
    `Dataset (the generator of \`npm run bench\`, scripts/bench/seed.ts, run through PGlite): ${Object.entries(counts).map(([t, n]) => `${n.toLocaleString("en")} ${t.replace(/_/g, " ")}`).join(", ")}.`,
    `A new data directory (PGlite's initdb) in ${(initMs / 1000).toFixed(1)} s, migrations ${(migrateMs / 1000).toFixed(1)} s; generated in ${(seedMs / 1000).toFixed(1)} s, due columns in ${(dueMs / 1000).toFixed(1)} s, findings in ${(findings.ms / 1000).toFixed(1)} s, ` +
      `snapshot recounts ${recounts.map((c) => `${(c / 1000).toFixed(2)} s`).join(", ")}, VACUUM ANALYZE in ${(vacuumMs / 1000).toFixed(1)} s: ${(prepMs / 1000).toFixed(1)} s from an empty directory to a closed, filled one. ` +
      `Due columns against \`recomputeDue\` on ${sample.length} sampled credentials: ${dueCheck}.`,
    ``,
    `Data directory: ${mib(size.onDisk)} on disk after seeding (${mib(size.apparent)} apparent), of which ${mib(size.wal)} write-ahead log; ${mib(sizeAfter.onDisk)} after the run. ` +
      `The app (\`next start\`, scheduler off, no DATABASE_URL: PGlite in STEWARD_DATA_DIR) was ready in ${(startMs / 1000).toFixed(1)} s; ` +
      `its process tree's RSS was ${mib(rssIdle)} at start and ${mib(rssPeak)} at its peak (sampled every second).`,
    deepCursor ? `Page ${deepPage}: the keyset cursor of the OFFSET ${(deepPage - 1) * PAGE_SIZE - 1} row, computed in SQL; the page's first row ${deepOk ? "is" : "IS NOT"} the next row.` : ``,
    ``,
    `${REQUESTS} sequential requests per row after ${WARMUP} warm-ups, one signed-in admin session; times in ms. Targets are \`npm run bench\`'s.`,
    ``,
    report,
    ``,
    `**${verdict}.** The dashboard rows were served from one snapshot throughout (${recountedDuring === 0 ? "no request in the samples recounted" : `${recountedDuring} recount(s) happened inside the samples`}).`,
    ``,
    `## A snapshot recount and the requests around it`,
    ``,
    `PGlite is one connection in the app's process: a transaction holds it until it commits, and each statement runs on the process's one`,
    `JavaScript thread. The recount (the scheduler's job on every tick, each minute by default, and *Refresh now*) is one transaction; requests sent`,
    `halfway through it, one that queries and one that does not, against their p50 above (${ms(me.p50)} and ${ms(health.p50)} ms):`,
    ``,
    recountTable,
    ``,
    ...(CLIENTS > 0
      ? [
          `## Concurrent clients`,
          ``,
          `${CLIENTS} clients at once, each sending ${Math.max(4, REQUESTS)} requests in turn over these routes (one session): ${concurrentRps.toFixed(0)} requests/s in all.`,
          ``,
          concurrentTable,
          ``,
        ]
      : []),
    `Load average (1/5/15 min) at the end of the run: ${load} on ${cpu.length} CPUs (the app, its database and this client share them).`,
    ``,
    `## Generation steps`,
    ``,
    table(["Step", "Rows", "ms"], seedTimings.map((t) => [t.step, t.rows.toLocaleString("en"), ms(t.ms)])),
    ``,
  ].join("\n");
  fs.writeFileSync(path.join(repoDir, "scripts", "bench", "last-embedded-result.md"), md);
  log(`wrote scripts/bench/last-embedded-result.md; total ${secs(t0)}`);
}

try {
  await main();
} catch (error) {
  console.error(`[bench:embedded] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  console.error(`[bench:embedded] app log: ${logFile}`);
  process.exitCode = 1;
} finally {
  await app?.stop();
  await handle?.close();
  if (args.keep) {
    log(`kept the data directory: STEWARD_DATA_DIR=${dataDir}`);
  } else {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
