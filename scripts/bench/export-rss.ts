/**
 * `npm run bench:exports` (issue #5): memory while streaming the auditor exports of 100,000
 * credentials. Seeds a throwaway PostgreSQL database (scripts/bench/seed.ts), runs the posture sweep
 * so there are findings to export, then streams the control-mapping CSV and the evidence pack to
 * nowhere while sampling this process's RSS every 100 ms. Memory should stay flat: the exports hold
 * one batch of credentials at a time. Options: --credentials N (100000), --keep.
 * Results: scripts/bench/last-export-result.md.
 */
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { migrateDatabase, openDatabase } from "../../db/client";
import { exportBytes, newExportRun } from "../../lib/server/exports/streams";
import { sweepAllPosture } from "../../lib/server/posture/sweep";
import { exportScopeQuery, type ExportFormat } from "../../lib/validation/exports";
import { computeDueInSql, defaultShape, seedBenchData } from "./seed";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const N = Number(arg("credentials") ?? 100_000);
const keep = process.argv.includes("--keep");
const serverUrl = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

async function main() {
  const dbName = `steward_bench_exports_${Date.now()}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${dbName}`);
  const url = serverUrl.replace(/\/[^/]*$/, `/${dbName}`);
  try {
    await migrateDatabase({ driver: "postgres", url });
    const raw = postgres(url, { max: 4, onnotice: () => undefined });
    await seedBenchData(raw, defaultShape(N));
    await computeDueInSql(raw);
    await raw.unsafe("vacuum analyze");
    await raw.end();
    const handle = await openDatabase({ driver: "postgres", url, poolMax: 4 });
    const sweep = await sweepAllPosture(handle.db, new Date());
    console.log(`seeded ${N.toLocaleString("en")} credentials; ${sweep.opened.toLocaleString("en")} findings opened`);
    const audit = { actor: { type: "system" as const, id: null, label: "bench" }, requestId: null, ip: null };
    const rows: string[] = [];
    for (const format of ["csv", "oscal-assessment-results", "evidence-pack"] as ExportFormat[]) {
      global.gc?.();
      const start = process.memoryUsage().rss;
      let peak = start;
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
      const t = performance.now();
      let bytes = 0;
      const scope = exportScopeQuery.parse({ frameworks: "owasp-nhi-2025,nist-csf-2.0,nist-sp-800-207,nist-sp-800-53r5" });
      for await (const chunk of exportBytes(newExportRun(handle.db, audit, scope), format)) bytes += chunk.length;
      clearInterval(timer);
      const seconds = (performance.now() - t) / 1000;
      const line = `| ${format} | ${N} | ${(bytes / 1024 / 1024).toFixed(1)} MB | ${seconds.toFixed(1)} s | ${mb(start)} MB | ${mb(peak)} MB | +${mb(peak - start)} MB |`;
      console.log(line);
      rows.push(line);
    }
    await handle.close();
    const md = [
      `# Export memory benchmark (${new Date().toISOString().slice(0, 10)})`,
      "",
      `${N.toLocaleString("en")} credentials, all four frameworks, PostgreSQL; RSS of the exporting process sampled every 100 ms.`,
      "",
      "| Format | Credentials | Output | Time | RSS at start | Peak RSS | Growth |",
      "|---|---|---|---|---|---|---|",
      ...rows,
      "",
    ].join("\n");
    fs.writeFileSync(path.join(import.meta.dirname, "last-export-result.md"), md);
    console.log(md);
  } finally {
    if (!keep) await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
