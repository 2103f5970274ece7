import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * A private PostgreSQL cluster for the fault tests: its own data directory in a temp folder, its own
 * port, trust auth on 127.0.0.1 only. It is stopped, killed and restarted by the tests, so it must
 * never be the shared server on 5432. PostgreSQL refuses to run as root: as root, every command runs
 * as the `postgres` system user (runuser, else su) and the data directory is handed to that user.
 */

const BIN = process.env.FAULT_PG_BIN ?? findBin();

function findBin(): string {
  const root = "/usr/lib/postgresql";
  if (fs.existsSync(root)) {
    const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, "bin", "pg_ctl"))).sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(root, versions[0], "bin");
  }
  return ""; // on PATH
}

const tool = (name: string) => (BIN ? path.join(BIN, name) : name);
const isRoot = () => process.getuid?.() === 0;

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Runs a PostgreSQL tool as the unprivileged owner of the cluster; throws with its output on failure. */
function runPg(args: string[], options: { allowFail?: boolean; timeoutMs?: number } = {}): { status: number; output: string } {
  let command: string;
  let argv: string[];
  if (isRoot()) {
    const hasRunuser = spawnSync("sh", ["-c", "command -v runuser"], { encoding: "utf8" }).status === 0;
    if (hasRunuser) {
      command = "runuser";
      argv = ["-u", "postgres", "--", ...args];
    } else {
      command = "su";
      argv = ["postgres", "-s", "/bin/sh", "-c", args.map(shellQuote).join(" ")];
    }
  } else {
    command = args[0] ?? "";
    argv = args.slice(1);
  }
  const result = spawnSync(command, argv, { encoding: "utf8", timeout: options.timeoutMs ?? 60_000, cwd: os.tmpdir() });
  const output = `${result.stdout}${result.stderr}${result.error ? String(result.error) : ""}`;
  const status = result.status ?? 1;
  if (status !== 0 && !options.allowFail) throw new Error(`${args.join(" ")} failed (exit ${status}):\n${output}`);
  return { status, output };
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** The first free port from `from` (55433 by default, well away from the shared server on 5432). */
export async function freePortFrom(from: number): Promise<number> {
  for (let port = from; port < from + 500; port++) if (await portIsFree(port)) return port;
  throw new Error(`no free port in ${from}..${from + 499}`);
}

export type Cluster = {
  port: number;
  dir: string;
  /** A postgres:// URL for one database of this cluster. */
  url: (database: string) => string;
  createDatabase: (name: string) => void;
  /** Runs SQL through psql as the superuser (for set-up the app must not do itself, e.g. fault triggers). */
  psql: (database: string, sql: string) => string;
  start: () => void;
  /** `fast` closes connections politely; `immediate` is a crash: no checkpoint, recovery at the next start. */
  stop: (mode: "fast" | "immediate") => void;
  isRunning: () => boolean;
  destroy: () => void;
};

export async function createCluster(options: { portFrom?: number } = {}): Promise<Cluster> {
  const port = await freePortFrom(options.portFrom ?? Number(process.env.FAULT_PG_PORT ?? 55433));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "steward-fault-pg-"));
  const data = path.join(dir, "data");
  const log = path.join(dir, "postgres.log");
  fs.chmodSync(dir, 0o755);
  if (isRoot()) {
    const uid = Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout.trim());
    const gid = Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout.trim());
    if (!Number.isInteger(uid) || uid <= 0) throw new Error("running as root needs a `postgres` system user to run the private cluster");
    fs.chownSync(dir, uid, gid);
  }
  runPg([tool("initdb"), "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-instructions", "--no-sync"]);
  // Only this machine, only TCP on our port; the socket lives in our directory (not /var/run/postgresql).
  fs.appendFileSync(
    path.join(data, "postgresql.conf"),
    [`port = ${port}`, "listen_addresses = '127.0.0.1'", `unix_socket_directories = '${dir}'`, "max_connections = 50", "shared_buffers = 32MB", "logging_collector = off"].join("\n") + "\n",
  );
  const cluster: Cluster = {
    port,
    dir,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    createDatabase: (name) => {
      cluster.psql("postgres", `create database ${name}`);
    },
    psql: (database, sql) => runPg([tool("psql"), "-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql]).output,
    start: () => {
      runPg([tool("pg_ctl"), "-D", data, "-l", log, "-w", "-t", "60", "start"]);
    },
    stop: (mode) => {
      runPg([tool("pg_ctl"), "-D", data, "-m", mode, "-w", "-t", "60", "stop"]);
    },
    isRunning: () => runPg([tool("pg_ctl"), "-D", data, "status"], { allowFail: true }).status === 0,
    destroy: () => {
      if (cluster.isRunning()) runPg([tool("pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"], { allowFail: true });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  cluster.start();
  return cluster;
}
