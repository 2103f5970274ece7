/**
 * `npm run bench:import` (issue 17): importing an inventory file of 100,000 credentials through the
 * real path, `prepareImport` (read + plan: the dry run) then `applyImport` (the batches the import page
 * applies: commands, due dates, posture, leaks, grant decisions, audit events), into an empty
 * PostgreSQL database and into the embedded database (PGlite in a data directory). Target: ≤ 60 s on
 * PostgreSQL.
 *
 * The file is the app's own JSON export (`exportChunks`) of a throwaway database seeded by
 * scripts/bench/seed.ts: JSON is the format that carries every section (people, teams, servers, APIs,
 * applications, credentials) and the fingerprint key id, so an export re-imports whole into an empty
 * database; CSV holds credentials only and refuses fingerprints. The target is migrated and empty but
 * for the importing admin's user row. After each import the credential count must equal the file's,
 * every planned record must have been created and open findings must exist, so a fast no-op cannot
 * pass; the other row counts (secrets, grants, scopes, links, registry) are shown against the source's. CPU seconds (this process, plus the PostgreSQL server processes of the target)
 * are reported beside wall time: on a shared machine they are the figure that compares runs.
 *
 * Options: --credentials N (100,000), --pglite-credentials N (20,000, at most --credentials), --skip-pglite, --keep
 * (keep the databases, the PGlite directory and the files). BENCH_POSTGRES_URL: the server to create
 * the throwaway databases on. Results: scripts/bench/last-import-result.md.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { migrateDatabase, openDatabase, rowsOf, type DatabaseHandle, type DatabaseOptions } from "../../db/client";
import { MAX_IMPORT_BYTES } from "../../lib/inventory-file/api";
import type { ApplyResult, ImportEvent } from "../../lib/inventory-file/results";
import type { RequestContext } from "../../lib/server/context";
import { exportChunks } from "../../lib/server/inventory/export";
import { applyImport, dryRunResult, prepareImport } from "../../lib/server/inventory/import";
import { serverCpuSeconds } from "./database";
import { computeDueInSql, defaultShape, seedBenchData } from "./seed";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const N = Number(arg("credentials") ?? 100_000);
// PGlite imports at about the PostgreSQL rate per credential here (one connection, in-process): 100,000
// would add 10-15 minutes, so by default it imports a smaller file of its own.
const PGLITE_N = Number(arg("pglite-credentials") ?? Math.min(N, 20_000));
const skipPglite = process.argv.includes("--skip-pglite");
const keep = process.argv.includes("--keep");
const serverUrl = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const TARGET_SECONDS = 60;
// One pepper for export and import (the file's fingerprintKeyId must match the importer's); set in the
// environment too, so nothing falls back to generating instance secrets into ./data.
const PEPPER = "steward-bench-import-pepper-0123456789abcdef";
process.env.STEWARD_FINGERPRINT_PEPPER ??= PEPPER;
process.env.AUTH_SECRET ??= "steward-bench-import-auth-secret-0123456789abcdef";

/** The admin the import page would run as (import is admin/security only); their user row exists in the target. */
const ctx: RequestContext = {
  requestId: "bench-import",
  ip: null,
  origin: "http://localhost",
  actor: { userId: "00000000-0000-4000-8000-000000000017", email: "bench-import@example.test", name: "Bench importer", role: "admin" },
};

/** A full collection, to read the heap the import holds live (without --expose-gc: turned on here). */
const gc: () => void =
  (globalThis as { gc?: () => void }).gc ??
  (() => {
    v8.setFlagsFromString("--expose-gc");
    return vm.runInNewContext("gc") as () => void;
  })();

const mb = (bytes: number) => bytes / 1024 / 1024;
const s = (ms: number) => (ms / 1000).toFixed(1);
const urlOf = (dbName: string) => serverUrl.replace(/\/[^/]*$/, `/${dbName}`);

const COUNTED = ["credentials", "secrets", "credential_grants", "credential_grant_scopes", "credential_applications", "people", "teams", "apis", "applications"] as const;
type Counts = Record<(typeof COUNTED)[number], number>;

async function countRows(handle: DatabaseHandle): Promise<Counts> {
  const [row] = rowsOf<Record<string, string | number>>(await handle.db.execute(sql.raw(`select ${COUNTED.map((t) => `(select count(*) from ${t}) as ${t}`).join(", ")}`)));
  return Object.fromEntries(COUNTED.map((t) => [t, Number(row?.[t] ?? 0)])) as Counts;
}

type InventoryFile = { credentials: number; path: string; bytes: number; lines: number; exportMs: number; seedMs: number; source: Counts; blankedPersistence: number };

/** Seeds a throwaway PostgreSQL database with `credentials` and writes its JSON export (the app's writer) to a temp file. */
async function makeFile(admin: postgres.Sql, credentials: number, dir: string): Promise<InventoryFile> {
  const dbName = `steward_bench_import_src_${Date.now()}`;
  await admin.unsafe(`create database ${dbName}`);
  const url = urlOf(dbName);
  try {
    await migrateDatabase({ driver: "postgres", url });
    const raw = postgres(url, { max: 4, onnotice: () => undefined });
    const t0 = performance.now();
    await seedBenchData(raw, defaultShape(credentials));
    await computeDueInSql(raw);
    // seed.ts writes through SQL, past the write rules: a sixth of its credentials have token persistence
    // with the token cache "none", which every writer refuses (an import with one such record is refused
    // whole). Blank it, as the app would have had it stored.
    const fixed = await raw.unsafe("update credentials set token_persistence = null where token_cache = 'none' and token_persistence is not null");
    await raw.unsafe("vacuum analyze");
    await raw.end();
    const seedMs = performance.now() - t0;
    const handle = await openDatabase({ driver: "postgres", url, poolMax: 4 });
    try {
      const file = path.join(dir, `steward-inventory-${credentials}.json`);
      const out = fs.createWriteStream(file);
      const t1 = performance.now();
      let bytes = 0;
      let lines = 0;
      for await (const chunk of exportChunks(handle.db, "json", { pepper: PEPPER })) {
        bytes += Buffer.byteLength(chunk);
        for (let i = chunk.indexOf("\n"); i >= 0; i = chunk.indexOf("\n", i + 1)) lines++;
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
      }
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
      const exportMs = performance.now() - t1;
      const source = await countRows(handle);
      console.log(
        `file: ${credentials.toLocaleString("en")} credentials seeded in ${s(seedMs)} s, exported as JSON in ${s(exportMs)} s: ${mb(bytes).toFixed(1)} MB, ${lines.toLocaleString("en")} lines → ${file}`,
      );
      return { credentials, path: file, bytes, lines, exportMs, seedMs, source, blankedPersistence: fixed.count };
    } finally {
      await handle.close();
    }
  } finally {
    if (!keep) await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  }
}

type Run = {
  driver: "postgres" | "pglite";
  file: InventoryFile;
  readMs: number;
  prepareMs: number;
  applyMs: number;
  totalMs: number;
  rssStart: number;
  rssPeak: number;
  heapPeak: number;
  /** V8 heap in use after prepareImport and a full collection: what the prepared import keeps live. */
  heapAfterPrepare: number;
  cpuProcessS: number;
  cpuServerS: number | null;
  totals: { create: number; update: number; unchanged: number; invalid: number };
  ignored: number;
  grantRequests: number;
  result: ApplyResult;
  phaseMs: Record<string, number>;
  /** ms per credential of the first and the last tenth of the credential batches. */
  credentialMsFirst: number;
  credentialMsLast: number;
  target: Counts;
  openFindings: number;
  importedEvents: number;
};

/** prepareImport then applyImport of `file` into the migrated, empty database behind `handle`, as the import page applies a file ("apply"). */
async function importInto(driver: Run["driver"], handle: DatabaseHandle, file: InventoryFile): Promise<Run> {
  await handle.db.execute(sql`insert into users (id, email, name, role) values (${ctx.actor?.userId}, ${ctx.actor?.email}, ${ctx.actor?.name}, 'admin') on conflict do nothing`);
  const rssStart = process.memoryUsage().rss;
  let rssPeak = rssStart;
  let heapPeak = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    rssPeak = Math.max(rssPeak, m.rss);
    heapPeak = Math.max(heapPeak, m.heapUsed);
  }, 100);
  const cpu0 = process.cpuUsage();
  const server0 = await serverCpuSeconds(handle);
  try {
    const t0 = performance.now();
    // The route reads the request body as one string (readBodyText); here the file stands in for it.
    const text = fs.readFileSync(file.path, "utf8");
    const t1 = performance.now();
    const prepared = await prepareImport(handle.db, text, "json", { pepper: PEPPER, role: "admin" });
    const t2 = performance.now();
    // What the plan holds while the batches run (the file text, its records, the plan): it grows with the file.
    gc();
    const heapAfterPrepare = process.memoryUsage().heapUsed;
    const dry = dryRunResult(prepared);
    if (dry.fileErrors.length > 0) throw new Error(`the file cannot be imported: ${JSON.stringify(dry.fileErrors.slice(0, 3))}`);
    console.log(`${driver}: read ${s(t1 - t0)} s, prepare (dry run) ${s(t2 - t1)} s: ${JSON.stringify(dry.totals)}, ${prepared.ignored.length} ignored fields, ${prepared.grantRequests.length} grant requests`);
    // Mode "apply" refuses the whole file for one invalid record: show what the plan refused first.
    for (const r of prepared.plan.records.filter((x) => x.action === "invalid").slice(0, 5)) console.log(`${driver}: invalid ${r.type} ${r.key ?? "?"}: ${JSON.stringify(r.issues)}`);
    // Each progress event closes a batch: its time since the previous one, by record type.
    const phaseMs: Record<string, number> = {};
    const credentialBatches: { records: number; ms: number }[] = [];
    let lastAt = performance.now();
    let lastDone = 0;
    let lastReport = lastAt;
    const onEvent = (event: ImportEvent) => {
      if (event.type !== "progress") return;
      const now = performance.now();
      phaseMs[event.recordType] = (phaseMs[event.recordType] ?? 0) + (now - lastAt);
      if (event.recordType === "credential") credentialBatches.push({ records: event.done - lastDone, ms: now - lastAt });
      lastAt = now;
      lastDone = event.done;
      if (now - lastReport > 10_000) {
        lastReport = now;
        console.log(`${driver}: applied ${event.done.toLocaleString("en")} / ${event.total.toLocaleString("en")} records (${event.recordType}) after ${s(now - tApply)} s, RSS ${mb(process.memoryUsage().rss).toFixed(0)} MB`);
      }
    };
    const tApply = performance.now();
    lastAt = tApply;
    const result = await applyImport(handle.db, ctx, prepared, { mode: "apply", onEvent });
    const t3 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    const server1 = await serverCpuSeconds(handle);
    // ms per credential over the first and the last tenth of the credential batches: a rise means the apply slows as the database fills.
    const tenth = Math.max(1, Math.floor(credentialBatches.length / 10));
    const msPer = (batches: typeof credentialBatches) => batches.reduce((a, b) => a + b.ms, 0) / Math.max(1, batches.reduce((a, b) => a + b.records, 0));
    const target = await countRows(handle);
    const [post] = rowsOf<{ findings: string | number; events: string | number }>(
      await handle.db.execute(sql`select (select count(*) from findings where status = 'open') as findings, (select count(*) from audit_events where action = 'inventory.imported') as events`),
    );
    return {
      driver,
      file,
      readMs: t1 - t0,
      prepareMs: t2 - t1,
      applyMs: t3 - tApply,
      // Read, prepare and apply: the dry-run summary and the collection between them are left out.
      totalMs: t2 - t0 + (t3 - tApply),
      heapAfterPrepare,
      rssStart,
      rssPeak,
      heapPeak,
      cpuProcessS: (cpu.user + cpu.system) / 1e6,
      cpuServerS: server0 === null || server1 === null ? null : server1 - server0,
      totals: dry.totals,
      ignored: prepared.ignored.length,
      grantRequests: prepared.grantRequests.length,
      result,
      phaseMs,
      credentialMsFirst: msPer(credentialBatches.slice(0, tenth)),
      credentialMsLast: msPer(credentialBatches.slice(-tenth)),
      target,
      openFindings: Number(post?.findings ?? 0),
      importedEvents: Number(post?.events ?? 0),
    };
  } finally {
    clearInterval(sampler);
  }
}

/** What must hold after an import, or the timing means nothing: every credential arrived, the plan was applied, posture ran. */
function problemsOf(run: Run): string[] {
  const problems: string[] = [];
  if (run.target.credentials !== run.file.credentials) problems.push(`${run.target.credentials} credentials in the target, expected ${run.file.credentials}`);
  if (run.totals.invalid > 0) problems.push(`${run.totals.invalid} invalid records in the plan`);
  if (run.result.created !== run.totals.create) problems.push(`created ${run.result.created}, the plan had ${run.totals.create} to create`);
  if (run.openFindings === 0) problems.push("no open findings: the posture refresh did not run");
  return problems;
}

/** The target is for 100,000 credentials on PostgreSQL: a smaller run says so instead of passing. */
function targetCell(run: Run): string {
  if (run.driver !== "postgres") return "—";
  const verdict = run.totalMs / 1000 <= TARGET_SECONDS ? "PASS" : "FAIL";
  return run.file.credentials >= 100_000 ? verdict : `(${verdict} at ${run.file.credentials.toLocaleString("en")}; the target is for 100,000)`;
}

const countsLine = (run: Run) =>
  COUNTED.map((t) => `${t} ${run.file.source[t].toLocaleString("en")}${run.target[t] === run.file.source[t] ? "" : ` → ${run.target[t].toLocaleString("en")}`}`).join(", ");

async function main() {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "steward-bench-import-"));
  const runs: Run[] = [];
  try {
    const file = await makeFile(admin, N, tmp);
    const pgliteFile = skipPglite ? null : PGLITE_N === N ? file : await makeFile(admin, PGLITE_N, tmp);

    const dbName = `steward_bench_import_${Date.now()}`;
    await admin.unsafe(`create database ${dbName}`);
    try {
      const options: DatabaseOptions = { driver: "postgres", url: urlOf(dbName) };
      await migrateDatabase(options);
      // The app's pool (DATABASE_POOL_MAX defaults to 10); the import itself runs one transaction at a time.
      const handle = await openDatabase(options);
      try {
        runs.push(await importInto("postgres", handle, file));
      } finally {
        await handle.close();
      }
    } finally {
      if (!keep) await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    }

    if (pgliteFile) {
      const options: DatabaseOptions = { driver: "pglite", dataDir: path.join(tmp, "pglite-data") };
      const handle = await openDatabase(options);
      try {
        await migrateDatabase(options, handle);
        runs.push(await importInto("pglite", handle, pgliteFile));
      } finally {
        await handle.close();
      }
    }
  } finally {
    await admin.end();
    if (keep) console.log(`kept: ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }

  const problems = runs.flatMap((r) => problemsOf(r).map((p) => `${r.driver}: ${p}`));
  const load = os.loadavg();
  const lines = [
    `# Inventory import benchmark (${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC)`,
    "",
    `\`npm run bench:import\`: the JSON inventory file the app exports (\`exportChunks\`) of a database seeded by scripts/bench/seed.ts, imported into a migrated, empty database through \`prepareImport\` (read and plan: the dry run) and \`applyImport\` in mode \`apply\` with the default batches of 200, as the import page applies a file, by an admin. PostgreSQL at ${serverUrl.replace(/\/\/.*@/, "//…@")} (the app's pool of 10); PGlite in a temp data directory (as the embedded deployment runs). ${process.arch}, Node ${process.version}, ${os.cpus().length} CPUs.`,
    "",
    "| Database | Credentials | File | Prepare s | Apply s | Total s | Credentials/s | CPU s (process + server) | Peak RSS | Target ≤ 60 s |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...runs.map(
      (r) =>
        `| ${r.driver === "postgres" ? "PostgreSQL" : "PGlite"} | ${r.file.credentials.toLocaleString("en")} | ${mb(r.file.bytes).toFixed(1)} MB, ${r.file.lines.toLocaleString("en")} lines | ${s(r.readMs + r.prepareMs)} | ${s(r.applyMs)} | ${s(r.totalMs)} | ${Math.round(r.file.credentials / (r.totalMs / 1000)).toLocaleString("en")} | ${r.cpuProcessS.toFixed(1)}${r.cpuServerS === null ? "" : ` + ${r.cpuServerS.toFixed(1)}`} | ${mb(r.rssPeak).toFixed(0)} MB (${mb(r.rssStart).toFixed(0)} at start) | ${targetCell(r)} |`,
    ),
    "",
    `Peak RSS is this process's, sampled every 100 ms (with PGlite it includes the database); V8 heap live after prepare (after a full collection; the timings leave it out) and peak: ${runs.map((r) => `${r.driver} ${mb(r.heapAfterPrepare).toFixed(0)} / ${mb(r.heapPeak).toFixed(0)} MB`).join(", ")}, of a ${mb(v8.getHeapStatistics().heap_size_limit).toFixed(0)} MB limit.${
      runs.some((r) => r.driver === "pglite" && r.file.credentials < N) ? ` PGlite imported ${PGLITE_N.toLocaleString("en")} credentials (--pglite-credentials), a file of its own from the same seed.` : ""
    }`,
    "",
    "Per run:",
    "",
    ...runs.flatMap((r) => [
      `- **${r.driver}**: read ${s(r.readMs)} s + plan ${s(r.prepareMs)} s; plan ${JSON.stringify(r.totals)}, ${r.ignored} ignored fields (e.g. \`lastReviewedAt\`, server-owned), ${r.grantRequests} grant requests (new grants to APIs another team owns: written as pending requests a batch at a time, set-based, with their decision history and a notification to that team each). Apply by record type: ${Object.entries(r.phaseMs)
        .map(([type, ms]) => `${type} ${s(ms)} s`)
        .join(", ")}; credentials ${r.credentialMsFirst.toFixed(2)} ms each over the first tenth of their batches, ${r.credentialMsLast.toFixed(2)} ms over the last. Applied: created ${r.result.created}, updated ${r.result.updated}, unchanged ${r.result.unchanged}.`,
      `  Rows (source → target where they differ): ${countsLine(r)}. Open findings afterwards ${r.openFindings.toLocaleString("en")}; \`inventory.imported\` audit events ${r.importedEvents.toLocaleString("en")}.`,
    ]),
    "",
    `File: ${runs
      .map((r) => r.file)
      .filter((f, i, all) => all.indexOf(f) === i)
      .map((f) => `${f.credentials.toLocaleString("en")} credentials seeded in ${s(f.seedMs)} s, exported in ${s(f.exportMs)} s, ${(f.bytes / f.credentials).toFixed(0)} bytes per credential (registry sections included); token persistence blanked on ${f.blankedPersistence.toLocaleString("en")} seeded credentials whose token cache is "none" (seed.ts writes past the write rules, which refuse that pair)`)
      .join("; ")}. The HTTP import refuses bodies over ${mb(MAX_IMPORT_BYTES)} MB (MAX_IMPORT_BYTES); this benchmark calls the functions directly.`,
    problems.length ? `\n**Checks failed**: ${problems.join("; ")}.` : "Checks: credential counts equal the file's, every planned record created, open findings exist.",
    "",
    `Load average (1/5/15 min) at the end: ${load.map((l) => l.toFixed(1)).join(" / ")} on ${os.cpus().length} CPUs.`,
    "",
  ];
  fs.writeFileSync(path.join(import.meta.dirname, "last-import-result.md"), lines.join("\n"));
  console.log(lines.join("\n"));
  if (problems.length) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
