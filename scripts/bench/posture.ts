/**
 * `npm run bench:posture` (issue #5): the posture sweep over 100,000 credentials in PostgreSQL.
 * Seeds a throwaway database with scripts/bench/seed.ts (the same data as `npm run bench`), then
 * times `sweepAllPosture` twice: the first run opens every finding (and audits each), the second
 * is the steady state (nothing changes). Target: ≤ 60 s for 100,000 credentials.
 * Options: --credentials N (100000), --keep. Results: scripts/bench/last-posture-result.md.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { migrateDatabase, openDatabase, rowsOf } from "../../db/client";
import { sweepAllPosture } from "../../lib/server/posture/sweep";
import { computeDueInSql, defaultShape, seedBenchData } from "./seed";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const N = Number(arg("credentials") ?? 100_000);
const keep = process.argv.includes("--keep");
const serverUrl = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function main() {
  const dbName = `steward_bench_posture_${Date.now()}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${dbName}`);
  const url = serverUrl.replace(/\/[^/]*$/, `/${dbName}`);
  try {
    await migrateDatabase({ driver: "postgres", url });
    const raw = postgres(url, { max: 4, onnotice: () => undefined });
    const t0 = performance.now();
    await seedBenchData(raw, defaultShape(N));
    await computeDueInSql(raw);
    await raw.unsafe("vacuum analyze");
    await raw.end();
    const seedS = (performance.now() - t0) / 1000;
    console.log(`seeded ${N.toLocaleString("en")} credentials in ${seedS.toFixed(1)} s`);
    const handle = await openDatabase({ driver: "postgres", url, poolMax: 4 });
    const now = new Date();
    const runs: { label: string; seconds: number; result: Awaited<ReturnType<typeof sweepAllPosture>> }[] = [];
    for (const label of ["first sweep (opens every finding)", "second sweep (steady state)"]) {
      const t = performance.now();
      const result = await sweepAllPosture(handle.db, now);
      const seconds = (performance.now() - t) / 1000;
      runs.push({ label, seconds, result });
      console.log(`${label}: ${result.checked.toLocaleString("en")} credentials in ${seconds.toFixed(1)} s (${Math.round(result.checked / seconds).toLocaleString("en")}/s), opened ${result.opened}, resolved ${result.resolved}, updated ${result.updated}`);
    }
    const [counts] = rowsOf<{ findings: string; events: string }>(await handle.db.execute(sql`select (select count(*) from findings where status = 'open') as findings, (select count(*) from audit_events) as events`));
    await handle.close();
    const lines = [
      `# Posture sweep benchmark (${new Date().toISOString().slice(0, 10)})`,
      "",
      `${N.toLocaleString("en")} credentials (scripts/bench/seed.ts), PostgreSQL ${serverUrl.replace(/\/\/.*@/, "//…@")}, this machine (${process.arch}, Node ${process.version}).`,
      "",
      "| Run | Credentials | Seconds | Per second | Opened | Resolved | Updated | Target ≤ 60 s |",
      "|---|---|---|---|---|---|---|---|",
      ...runs.map((r) => `| ${r.label} | ${r.result.checked} | ${r.seconds.toFixed(1)} | ${Math.round(r.result.checked / r.seconds)} | ${r.result.opened} | ${r.result.resolved} | ${r.result.updated} | ${r.seconds <= 60 ? "PASS" : "FAIL"} |`),
      "",
      `Open findings afterwards: ${counts?.findings ?? "?"}; audit events: ${counts?.events ?? "?"} (each finding opened is audited).`,
      `Seeded in ${seedS.toFixed(1)} s. Load average (1/5/15 min) at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(" / ")} on ${os.cpus().length} CPUs.`,
      "",
    ];
    fs.writeFileSync(path.join(import.meta.dirname, "last-posture-result.md"), lines.join("\n"));
    console.log(lines.join("\n"));
  } finally {
    if (!keep) await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
