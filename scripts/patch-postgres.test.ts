import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { reconnectBackoffSeconds } from "@/db/client";

// The guard of scripts/patch-postgres.mjs (porsager/postgres#1208) must be in every build of the
// driver that can be bundled: without it a PostgreSQL crash under a transaction hangs the pool.
describe("postgres.js as installed", () => {
  it("has the nextWrite guard in each variant", () => {
    const root = path.resolve(import.meta.dirname, "..", "node_modules", "postgres");
    for (const variant of ["src", "cjs/src"]) {
      const text = fs.readFileSync(path.join(root, variant, "connection.js"), "utf8");
      expect(text, `${variant}/connection.js (run npm install: postinstall patches it)`).toContain("steward: guard nextWrite");
    }
  });

  it("reconnects within 100 ms however long the outage", () => {
    expect(reconnectBackoffSeconds(0)).toBe(0);
    expect(reconnectBackoffSeconds(1)).toBeLessThanOrEqual(0.1);
    expect(reconnectBackoffSeconds(1000)).toBe(0.1);
  });
});
