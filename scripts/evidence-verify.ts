/**
 * `npm run evidence:verify -- <pack.zip>`: checks an evidence pack from Steward (DESIGN §8.4) —
 * every file against manifest.json's SHA-256, nothing added or missing, the audit-log extract's hash
 * chain. Prints OK or each problem, naming the file; exits 1 on any problem.
 */
import fs from "node:fs";
import { unzipSync } from "fflate";
import { verifyPack } from "../lib/domain/exports/verify-pack";

const file = process.argv.slice(2).find((a) => a !== "--");
if (!file) {
  console.error("usage: npm run evidence:verify -- <pack.zip>");
  process.exit(2);
}
let entries: Record<string, Uint8Array>;
try {
  entries = unzipSync(fs.readFileSync(file));
} catch (error) {
  console.error(`${file}: not a readable zip (${error instanceof Error ? error.message : String(error)})`);
  process.exit(1);
}
const result = verifyPack(new Map(Object.entries(entries)));
if (result.ok) {
  console.log(`OK: ${result.files} files match manifest.json; the audit-log extract (${result.auditEvents} events) chains and hashes correctly.`);
} else {
  for (const p of result.problems) console.error(`FAILED: ${p}`);
  process.exit(1);
}
