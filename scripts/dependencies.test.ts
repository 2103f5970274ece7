import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { reconnectBackoffSeconds } from "@/db/client";

const root = path.resolve(import.meta.dirname, "..");
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

// postgres.js 3.4.9 (and 3.4.10) lack a guard in nextWrite (porsager/postgres#1208, PR #1209): when
// PostgreSQL dies under a transaction, a queued write throws on the closed socket, its query never
// settles and its connection never returns — after a few crashes the pool hangs. patches/ carries
// the guard as a patch-package patch that postinstall applies (and fails the install if it cannot).
// The same patch makes closed() and terminate() forget a flush they cancel, with its bytes: kept, it
// left a reconnected socket's startup message unsent until connect_timeout (postgres-driver-reconnect.test.ts).
describe("postgres.js as installed", () => {
  it("is patched by patch-package from patches/, not edited by a script of our own", () => {
    const installed = (JSON.parse(fs.readFileSync(path.join(root, "node_modules", "postgres", "package.json"), "utf8")) as { version: string }).version;
    expect(manifest.dependencies.postgres).toBe(installed);
    expect(fs.existsSync(path.join(root, "patches", `postgres+${installed}.patch`)), `patches/postgres+${installed}.patch`).toBe(true);
    expect(manifest.scripts.postinstall).toBe("patch-package --error-on-fail");
  });

  it("has the nextWrite guard in each variant", () => {
    const dir = path.join(root, "node_modules", "postgres");
    for (const variant of ["src", "cjs/src"]) {
      const text = fs.readFileSync(path.join(dir, variant, "connection.js"), "utf8");
      expect(text, `${variant}/connection.js (run npm install: postinstall applies patches/)`).toContain("steward: guard nextWrite");
      // and a flush cancelled by a close is forgotten with its bytes (tests/integration/postgres-driver-reconnect.test.ts)
      expect(text.split("steward: a cancelled flush").length - 1, `${variant}/connection.js: closed() and terminate()`).toBe(2);
    }
  });

  it("reconnects within 100 ms however long the outage", () => {
    expect(reconnectBackoffSeconds(0)).toBe(0);
    expect(reconnectBackoffSeconds(1)).toBeLessThanOrEqual(0.1);
    expect(reconnectBackoffSeconds(1000)).toBe(0.1);
  });
});

describe("npm scripts", () => {
  it("each runs a tool the project installs", () => {
    const builtin = new Set(["node", "npm"]);
    const missing = Object.entries(manifest.scripts)
      .map(([name, command]) => [name, command.split(/\s+/)[0] ?? ""] as const)
      .filter(([, tool]) => !builtin.has(tool) && !fs.existsSync(path.join(root, "node_modules", ".bin", tool)))
      .map(([name, tool]) => `${name}: ${tool}`);
    expect(missing).toEqual([]);
  });
});
