import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// .ci/summary.mjs closes CI with "N passed, N failed" and its exit status; it is run as CI runs it,
// on crafted reports, so what is tested is the line and status a reader of the CI log sees.
const script = path.resolve(import.meta.dirname, "..", ".ci", "summary.mjs");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "steward-ci-summary-"));
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function report(name: string, body: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(body));
  return file;
}

function summary(...args: string[]): { status: number | null; lines: string[] } {
  const run = spawnSync(process.execPath, [script, ...args], { encoding: "utf8", env: { ...process.env, CI: "true" } });
  return { status: run.status, lines: run.stdout.trim().split("\n") };
}

const test = (status: "passed" | "failed") => ({ status, title: "t" });
const vitest = (results: { name: string; status: "passed" | "failed"; message?: string; assertionResults: { status: string; title: string }[] }[]) => {
  const all = results.flatMap((r) => r.assertionResults);
  return {
    numTotalTestSuites: results.length,
    numFailedTestSuites: results.filter((r) => r.status === "failed").length,
    numPassedTests: all.filter((a) => a.status === "passed").length,
    numFailedTests: all.filter((a) => a.status === "failed").length,
    numPendingTests: 0,
    numTodoTests: 0,
    success: results.every((r) => r.status === "passed"),
    testResults: results,
  };
};
const playwright = (stats: Partial<Record<"expected" | "unexpected" | "flaky" | "skipped", number>>, errors: { message: string }[] = []) => ({
  stats: { expected: 0, unexpected: 0, flaky: 0, skipped: 0, ...stats },
  errors,
});

describe(".ci/summary.mjs", () => {
  it("passes when every report passes", () => {
    const file = report("ok.json", vitest([{ name: "a.test.ts", status: "passed", assertionResults: [test("passed"), test("passed")] }]));
    expect(summary(file, report("e2e-ok.json", playwright({ expected: 3 })))).toEqual({ status: 0, lines: expect.arrayContaining(["5 passed, 0 failed"]) as unknown });
  });

  it("counts a suite that crashed on import as failed", () => {
    const file = report(
      "crash.json",
      vitest([
        { name: "a.test.ts", status: "passed", assertionResults: [test("passed")] },
        { name: "b.test.ts", status: "failed", message: "Cannot find module './gone'", assertionResults: [] },
      ]),
    );
    const { status, lines } = summary(file);
    expect(status).toBe(1);
    expect(lines.at(-1)).toBe("1 passed, 1 failed");
    expect(lines.join("\n")).toContain("b.test.ts — Cannot find module './gone'");
  });

  it("does not count a suite twice when its tests failed", () => {
    const file = report("tests-failed.json", vitest([{ name: "a.test.ts", status: "failed", assertionResults: [test("failed"), test("passed")] }]));
    expect(summary(file).lines.at(-1)).toBe("1 passed, 1 failed");
  });

  it("counts Playwright errors outside any test (global setup, a worker crash) as failures", () => {
    const { status, lines } = summary(report("e2e-error.json", playwright({ expected: 2 }, [{ message: "Error: globalSetup timed out\n  at …" }])));
    expect(status).toBe(1);
    expect(lines.at(-1)).toBe("2 passed, 1 failed");
    expect(lines.join("\n")).toContain("error outside any test: Error: globalSetup timed out");
  });

  it("counts a command that failed with a clean report (vitest leaves unhandled errors out of its JSON)", () => {
    const file = report("unhandled.json", vitest([{ name: "a.test.ts", status: "passed", assertionResults: [test("passed")] }]));
    expect(summary(`${file}:1`)).toEqual({ status: 1, lines: expect.arrayContaining(["1 passed, 1 failed"]) as unknown });
    expect(summary(`${file}:0`).status).toBe(0);
  });

  it("counts a missing report and, under CI, a skipped end-to-end test as failed", () => {
    expect(summary(path.join(dir, "absent.json")).lines.at(-1)).toBe("0 passed, 1 failed");
    expect(summary(report("e2e-skip.json", playwright({ expected: 1, skipped: 1 }))).lines.at(-1)).toBe("1 passed, 1 failed");
  });
});
