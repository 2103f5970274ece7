/**
 * `npm run evidence:verify -- <pack.zip> [--public-key <base64 SPKI, or a file holding it>]`: checks an
 * evidence pack from Steward (DESIGN §8.4) — the manifest's Ed25519 signature (against the pinned
 * instance key; GET /api/v1/evidence/public-key gives it), the fixed set of files and no duplicate
 * zip entries, every file against manifest.json's SHA-256, the export event against the chain head,
 * scope and file hashes, and the audit-log extract as an unbroken chain up to the export event.
 * Prints OK or each problem, naming the file; exits 1 on any problem.
 */
import fs from "node:fs";
import { verifyPackFile } from "../lib/server/exports/verify-file";

const args = process.argv.slice(2).filter((a) => a !== "--");
const keyAt = args.indexOf("--public-key");
const keyArg = keyAt >= 0 ? args[keyAt + 1] : undefined;
const file = args.find((a, i) => !a.startsWith("--") && (keyAt < 0 || i !== keyAt + 1));
if (!file || (keyAt >= 0 && !keyArg)) {
  console.error("usage: npm run evidence:verify -- <pack.zip> [--public-key <base64 key or file>]");
  process.exit(2);
}
const publicKey = keyArg && fs.existsSync(keyArg) ? fs.readFileSync(keyArg, "utf8").trim() : keyArg;
const result = await verifyPackFile(file, publicKey === undefined ? {} : { publicKey }).catch((error: unknown) => {
  console.error(`${file}: cannot be read (${error instanceof Error ? error.message : String(error)})`);
  process.exit(1);
});
if (result.ok) {
  console.log(`OK: signed manifest; ${result.files} files match manifest.json; the audit-log extract (${result.auditEvents} events) chains to the export event.`);
  if (!result.pinned) console.log("NOTE: checked with the key the pack carries; pass --public-key (GET /api/v1/evidence/public-key) to be sure it was signed by your instance.");
} else {
  for (const p of result.problems) console.error(`FAILED: ${p}`);
  process.exit(1);
}
