#!/usr/bin/env node
// `npm start`: build the production app if it is missing or older than the sources, then serve it.
// Migrations run inside the server at start-up (instrumentation.ts), so this is all a new user needs.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const buildId = path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID");
const sources = ["app", "components", "lib", "db", "drizzle", "proxy.ts", "instrumentation.ts", "next.config.ts", "package-lock.json"];

function newestMtime(target) {
  const full = path.join(root, target);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(full)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
if (builtAt === 0 || sources.some((s) => newestMtime(s) > builtAt)) {
  console.log(builtAt === 0 ? "[steward] first start: building the app (under a minute)…" : "[steward] sources changed: rebuilding…");
  const build = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const port = process.env.PORT || "3000";
const hostname = process.env.HOSTNAME_BIND || "0.0.0.0";
console.log(`[steward] starting on http://localhost:${port} (${process.env.DATABASE_URL ? "PostgreSQL" : "embedded database in " + (process.env.STEWARD_DATA_DIR || "./data")})`);
console.log(`[steward] open http://localhost:${port} — on first run it asks you to create the first admin.`);
// Idle connections stay open 65 s, longer than the clients and proxies in front usually keep theirs: with
// Node's default of 5 s the server could close a connection just as a client reused it (ECONNRESET).
const server = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", port, "-H", hostname, "--keepAliveTimeout", "65000"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
