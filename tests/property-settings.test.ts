import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { propertyParameters, propertyRuns, propertySeed } from "@/tests/support/property";

// Property tests are only as good as their runs: a failure must be replayable (seed printed, in the
// message too) and CI must run as many cases as the properties' own coverage checks need.
const root = path.resolve(import.meta.dirname, "..");

describe("property-test settings", () => {
  it("runs enough cases for the coverage checks, in CI as locally", () => {
    expect(propertyRuns).toBeGreaterThanOrEqual(500);
  });

  it("reports a failure with its seed and the shrunk counterexample", () => {
    let message = "";
    try {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 1000 }), (n) => n < 10),
        propertyParameters(),
      );
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    }
    expect(message).toContain(`seed: ${propertySeed}`);
    expect(message).toMatch(/Counterexample: \[10\]/);
  });

  it("every fc.assert in unit and integration tests takes propertyParameters()", () => {
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "lib", "db", "tests", "scripts"], { cwd: root, encoding: "utf8" })
      .split("\n")
      .filter((f) => f.endsWith(".test.ts") && fs.existsSync(path.join(root, f)));
    const offenders: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(path.join(root, file), "utf8");
      // An fc.assert(…) call's options are its last argument, just before the closing ");".
      for (const m of text.matchAll(/fc\.assert\(([\s\S]*?)\n\s*\);/g)) {
        if (!/propertyParameters\([^)]*\),?\s*$/.test(m[1] ?? "")) offenders.push(`${file}:${text.slice(0, m.index).split("\n").length}`);
      }
    }
    expect(files.length).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });
});
