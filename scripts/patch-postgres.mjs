#!/usr/bin/env node
// postinstall: a one-line guard in postgres.js (3.4.9) until upstream ships it (porsager/postgres
// #1208, PR #1209). When PostgreSQL dies under a transaction or a reserved connection, a write the
// driver queued with setImmediate can fire after the socket is gone: it throws an uncaught
// TypeError ("Cannot read properties of null (reading 'write')"), the query it carried never
// settles, and its connection is never given back — after a few crashes the whole pool hangs until
// the process restarts. The guard settles the query with CONNECTION_CLOSED instead, like every other
// write to a closed connection. Idempotent; says so if the code it patches has changed.
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "node_modules", "postgres");
const MARK = "steward: guard nextWrite";
const before = "  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)";
const after = `  function nextWrite(fn) {\n    // ${MARK} (porsager/postgres#1208): the socket closed under a queued write\n    if (!socket) {\n      nextWriteTimer !== null && clearImmediate(nextWriteTimer)\n      chunk = nextWriteTimer = null\n      error(Errors.connection('CONNECTION_CLOSED', options))\n      return false\n    }\n    const x = socket.write(chunk, fn)`;

export function patchPostgres(dir = root) {
  const results = [];
  for (const variant of ["src", "cjs/src", "cf/src"]) {
    const file = path.join(dir, variant, "connection.js");
    if (!fs.existsSync(file)) continue;
    const text = fs.readFileSync(file, "utf8");
    if (text.includes(MARK)) {
      results.push(`${variant}: already patched`);
      continue;
    }
    if (!text.includes(before)) {
      results.push(`${variant}: nextWrite has changed upstream; check whether porsager/postgres#1208 is fixed and drop scripts/patch-postgres.mjs`);
      continue;
    }
    fs.writeFileSync(file, text.replace(before, after));
    results.push(`${variant}: patched`);
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!fs.existsSync(root)) process.exit(0);
  for (const line of patchPostgres()) console.log(`[patch-postgres] ${line}`);
}
