/**
 * `npm run bench:exports` (issue #5): memory while streaming the auditor exports of 100,000
 * credentials. Seeds a throwaway PostgreSQL database (scripts/bench/seed.ts), runs the posture sweep
 * so there are findings to export, then streams the control-mapping CSV and the evidence pack to
 * nowhere while sampling this process's RSS every 100 ms. Memory should stay flat: the exports hold
 * one batch of credentials at a time. DATABASE_URL=… uses an existing database (seeded only if empty,
 * swept only if it has no findings, kept). Options: --credentials N (100000), --keep,
 * --formats csv,oscal-assessment-results,evidence-pack (all three). The evidence pack is written to a
 * temporary file and checked there by `npm run evidence:verify`'s reader (time and RSS reported, with
 * each file's size from the manifest), then deleted.
 * Results: scripts/bench/last-export-result.md.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openDatabase, rowsOf } from "../../db/client";
import { exportBytes, newExportRun } from "../../lib/server/exports/streams";
import { openZipFile, verifyPackFile } from "../../lib/server/exports/verify-file";
import { sweepAllPosture } from "../../lib/server/posture/sweep";
import { exportScopeQuery, type ExportFormat } from "../../lib/validation/exports";
import { benchDatabase } from "./database";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const N = Number(arg("credentials") ?? 100_000);
const keep = process.argv.includes("--keep");
const allFormats: ExportFormat[] = ["csv", "oscal-assessment-results", "evidence-pack"];
const formats = (arg("formats")?.split(",") ?? allFormats).map((f) => {
  const format = allFormats.find((a) => a === f);
  if (!format) throw new Error(`--formats: ${f} is not one of ${allFormats.join(", ")}`);
  return format;
});
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
/** Issue 17's targets at 1,000,000 credentials: the CSV in a minute, the pack in ten, memory flat. */
const targets: Partial<Record<ExportFormat, { seconds: number; rssMb: number }>> = {
  csv: { seconds: 60, rssMb: 300 },
  "evidence-pack": { seconds: 600, rssMb: 300 },
};
const otherTarget = { seconds: 600, rssMb: 300 };

async function main() {
  const bench = await benchDatabase({ name: "exports", credentials: N, keep, log: console.log });
  try {
    const handle = await openDatabase({ driver: "postgres", url: bench.url, poolMax: 4 });
    // A database the posture benchmark already swept keeps its findings; a fresh one is swept here.
    const [swept] = rowsOf<{ n: string }>(await handle.db.execute(sql`select count(*)::text n from findings`));
    if (Number(swept?.n ?? 0) === 0) {
      const sweep = await sweepAllPosture(handle.db, new Date());
      console.log(`${sweep.opened.toLocaleString("en")} findings opened`);
    }
    const [counted] = rowsOf<{ n: string }>(await handle.db.execute(sql`select count(*)::text n from credentials`));
    const credentialCount = Number(counted?.n ?? 0);
    const audit = { actor: { type: "system" as const, id: null, label: "bench" }, requestId: null, ip: null };
    const rows: string[] = [];
    const notes: string[] = [];
    for (const format of formats) {
      global.gc?.();
      const start = process.memoryUsage().rss;
      let peak = start;
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
      const t = performance.now();
      let bytes = 0;
      const scope = exportScopeQuery.parse({ frameworks: "owasp-nhi-2025,nist-csf-2.0,nist-sp-800-207,nist-sp-800-53r5" });
      const packFile = format === "evidence-pack" ? path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-pack-")), "pack.zip") : null;
      const fd = packFile ? fs.openSync(packFile, "w") : null;
      for await (const chunk of exportBytes(newExportRun(handle.db, audit, scope), format)) {
        bytes += chunk.length;
        if (fd !== null) fs.writeSync(fd, chunk);
      }
      if (fd !== null) fs.closeSync(fd);
      clearInterval(timer);
      const seconds = (performance.now() - t) / 1000;
      if (packFile) notes.push(await verifyPack(packFile));
      const target = targets[format] ?? otherTarget;
      const ok = seconds <= target.seconds && mb(peak) < target.rssMb;
      const line = `| ${format} | ${credentialCount.toLocaleString("en")} | ${(bytes / 1024 / 1024).toFixed(1)} MB | ${seconds.toFixed(1)} s | ${mb(start)} MB | ${mb(peak)} MB | +${mb(peak - start)} MB | ≤ ${target.seconds} s, peak < ${target.rssMb} MB | ${ok ? "PASS" : "FAIL"} |`;
      console.log(line);
      rows.push(line);
    }
    await handle.close();
    const md = [
      `# Export memory benchmark (${new Date().toISOString().slice(0, 10)})`,
      "",
      `${bench.dataset}; all four frameworks, PostgreSQL; RSS of the exporting process sampled every 100 ms.`,
      "",
      "| Format | Credentials | Output | Time | RSS at start | Peak RSS | Growth | Target (issue 17, at 1M) | Result |",
      "|---|---|---|---|---|---|---|---|---|",
      ...rows,
      "",
      ...notes,
      `Load average (1/5/15 min) at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(" / ")} on ${os.cpus().length} CPUs.`,
      "",
    ].join("\n");
    fs.writeFileSync(path.join(import.meta.dirname, "last-export-result.md"), md);
    console.log(md);
  } finally {
    await bench.dispose();
  }
}

/** The pack checked from its file as `npm run evidence:verify` does: time, peak RSS, and each file's size. */
async function verifyPack(file: string): Promise<string> {
  global.gc?.();
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const t = performance.now();
  const check = await verifyPackFile(file);
  clearInterval(timer);
  const seconds = (performance.now() - t) / 1000;
  const zipMb = (fs.statSync(file).size / 1024 / 1024).toFixed(1);
  const zip = await openZipFile(file);
  const manifestEntry = (await zip.entries()).find((e) => e.name === "manifest.json");
  const parts: Uint8Array[] = [];
  if (manifestEntry) await zip.read(manifestEntry, (chunk) => parts.push(chunk));
  await zip.close();
  const manifest = JSON.parse(Buffer.concat(parts).toString("utf8")) as { files: { path: string; bytes: number }[] };
  fs.rmSync(path.dirname(file), { recursive: true });
  const sizes = manifest.files.map((f) => `${f.path} ${(f.bytes / 1024 / 1024).toFixed(1)} MB`).join(", ");
  const line = `Evidence pack: ${zipMb} MB zipped; checked from its file by \`npm run evidence:verify\`'s reader in ${seconds.toFixed(1)} s, peak RSS ${mb(peak)} MB (${mb(start)} at start): ${check.ok ? "OK" : `FAILED: ${check.problems.join("; ")}`} (${check.auditEvents.toLocaleString("en")} audit events chained). Files (uncompressed): ${sizes}.`;
  console.log(line);
  return `${line}\n`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
