import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/** The production app under test: built if needed, started on a free port, stopped by its own PID. */

const ROUTE_MARKER = path.join(".next", "server", "app", "api", "v1", "credentials", "route.js");

/** The options every bench that serves the app takes (`parseArgs` entries): keep its database, rebuild, build a private copy, serve another build. */
export const appOptions = {
  keep: { type: "boolean", default: false },
  build: { type: "boolean", default: false },
  snapshot: { type: "boolean", default: false },
  "app-dir": { type: "string" },
} as const;

export function needsBuild(appDir: string): { build: boolean; reason: string } {
  if (!fs.existsSync(path.join(appDir, ".next", "BUILD_ID"))) return { build: true, reason: ".next/BUILD_ID is missing" };
  if (!fs.existsSync(path.join(appDir, ROUTE_MARKER))) return { build: true, reason: "the build predates /api/v1/credentials" };
  return { build: false, reason: "" };
}

export function buildApp(appDir: string, logFile: string): void {
  const out = fs.openSync(logFile, "a");
  const result = spawnSync(process.execPath, [path.join(appDir, "node_modules/next/dist/bin/next"), "build"], {
    cwd: appDir,
    stdio: ["ignore", out, out],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  fs.closeSync(out);
  if (result.status !== 0) throw new Error(`next build failed (exit ${String(result.status)}); see ${logFile}`);
}

/**
 * A private copy of the working tree (sources copied, node_modules hard-linked) so building and
 * serving never touches the .next directory a developer or another test run is using.
 */
export function snapshotApp(repoDir: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "steward-bench-app-"));
  const skip = new Set([".git", ".next", "node_modules", "data", "test-results", "playwright-report", ".ci"]);
  for (const entry of fs.readdirSync(repoDir)) {
    if (skip.has(entry) || entry.endsWith(".tsbuildinfo")) continue;
    fs.cpSync(path.join(repoDir, entry), path.join(dir, entry), { recursive: true });
  }
  const linked = spawnSync("cp", ["-al", path.join(repoDir, "node_modules"), path.join(dir, "node_modules")], { stdio: "inherit" });
  if (linked.status !== 0) fs.cpSync(path.join(repoDir, "node_modules"), path.join(dir, "node_modules"), { recursive: true });
  return dir;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

export type RunningApp = { base: string; pid: number | undefined; stop: () => Promise<void> };

export async function startApp(appDir: string, port: number, env: Record<string, string>, logFile: string): Promise<RunningApp> {
  const out = fs.openSync(logFile, "a");
  // BENCH_SERVER_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
  const profileDir = process.env.BENCH_SERVER_CPU_PROF;
  const profile = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(profileDir)}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, path.join(appDir, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: appDir,
    stdio: ["ignore", out, out],
    env: { ...process.env, ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  fs.closeSync(out);
  const status = { exited: false };
  child.once("exit", () => {
    status.exited = true;
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (status.exited) return;
    const done = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await done;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (status.exited) throw new Error(`the app exited during start-up; see ${logFile}`);
    try {
      const res = await fetch(`${base}/api/v1/ready`);
      if (res.ok) return { base, pid: child.pid, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the app was not ready within 120 s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Signs in through Auth.js (CSRF token, then the credentials callback) and returns the Cookie header. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (pair && eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  keep(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie(), origin: base },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${base}/` }),
  });
  keep(res);
  await res.arrayBuffer();
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in failed (HTTP ${res.status})`);
  return cookie();
}

/** The resident memory of a process and all its descendants (next start may serve from a child), in bytes. */
export function treeRss(pid: number): number {
  const read = (p: number): number => {
    let rss = 0;
    try {
      const status = fs.readFileSync(`/proc/${p}/status`, "utf8");
      const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
      rss += Number(kb ?? 0) * 1024;
      for (const task of fs.readdirSync(`/proc/${p}/task`)) {
        const children = fs.readFileSync(`/proc/${p}/task/${task}/children`, "utf8").trim();
        for (const child of children ? children.split(/\s+/) : []) rss += read(Number(child));
      }
    } catch {
      // the process ended between the listing and the read
    }
    return rss;
  };
  return read(pid);
}
