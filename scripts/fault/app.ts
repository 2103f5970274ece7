import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePortFrom } from "./cluster";

/**
 * The production app under test, started the way a user starts it (`node scripts/start.mjs`, which
 * runs `next start`) against a database of the private cluster. `npm run build` must have run.
 */

const root = path.resolve(import.meta.dirname, "..", "..");

export type App = {
  base: string;
  pid: number | undefined;
  logFile: string;
  /** What the server printed so far. */
  log: () => string;
  /** Stops the server; its log is deleted unless `keepLog` (or FAULT_KEEP_LOGS) says otherwise. */
  stop: (keepLog?: boolean) => Promise<void>;
};

export function assertBuilt(): void {
  const buildId = path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) throw new Error("no production build: run `npm run build` first (CI builds before the fault tests)");
}

export async function startApp(options: { databaseUrl: string; schedulerSeconds: number; name: string; env?: Record<string, string> }): Promise<App> {
  const port = await freePortFrom(Number(process.env.FAULT_APP_PORT ?? 3600));
  const base = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `steward-fault-${options.name}-`));
  const logFile = path.join(dataDir, "server.log");
  const out = fs.openSync(logFile, "a");
  const child: ChildProcess = spawn(process.execPath, [path.join(root, "scripts", "start.mjs")], {
    cwd: root,
    stdio: ["ignore", out, out],
    env: {
      ...process.env,
      PORT: String(port),
      HOSTNAME_BIND: "127.0.0.1",
      AUTH_URL: base,
      DATABASE_URL: options.databaseUrl,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      STEWARD_FINGERPRINT_PEPPER: randomBytes(32).toString("base64url"),
      STEWARD_DATA_DIR: dataDir,
      SCHEDULER_INTERVAL_SECONDS: String(options.schedulerSeconds),
      NEXT_TELEMETRY_DISABLED: "1",
      ...options.env,
    },
  });
  fs.closeSync(out);
  const status = { exited: false, code: null as number | null };
  child.once("exit", (code) => {
    status.exited = true;
    status.code = code;
  });
  const stop = async () => {
    if (status.exited) return;
    const done = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await done;
    clearTimeout(timer);
  };
  const log = () => fs.readFileSync(logFile, "utf8");
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (status.exited) throw new Error(`the app exited during start-up (code ${String(status.code)}):\n${log().slice(-3000)}`);
    try {
      const res = await fetch(`${base}/api/v1/ready`, { signal: AbortSignal.timeout(5000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the app was not ready within 180 s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    base,
    pid: child.pid,
    logFile,
    log,
    stop: async (keepLog = false) => {
      await stop();
      if (keepLog || process.env.FAULT_KEEP_LOGS) console.log(`server log kept: ${logFile}`);
      else fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
