import fs from "node:fs";
import path from "node:path";

/**
 * The fault run's results: one test per check, printed as it finishes and written as a vitest-like
 * JSON report ({ numPassedTests, numFailedTests, numPendingTests, testResults }) that .ci/summary.mjs adds up.
 */
export type Check = { scenario: string; name: string; ok: boolean; detail: string; ms?: number };

export class Report {
  readonly checks: Check[] = [];
  readonly measurements: Record<string, Record<string, unknown>> = {};

  check(scenario: string, name: string, ok: boolean, detail: string, ms?: number): boolean {
    this.checks.push({ scenario, name, ok, detail, ...(ms === undefined ? {} : { ms }) });
    console.log(`  ${ok ? "✓" : "✗"} [${scenario}] ${name}${detail ? ` — ${detail}` : ""}`);
    return ok;
  }

  measure(scenario: string, values: Record<string, unknown>): void {
    this.measurements[scenario] = { ...this.measurements[scenario], ...values };
  }

  /** A scenario that threw before finishing: one failed check naming the error. */
  crashed(scenario: string, error: unknown): void {
    this.check(scenario, "scenario ran to the end", false, error instanceof Error ? `${error.message}\n${error.stack ?? ""}` : String(error));
  }

  get failed(): number {
    return this.checks.filter((c) => !c.ok).length;
  }

  write(file: string | undefined, startedAt: number): void {
    const passed = this.checks.length - this.failed;
    console.log(`\nfault tests: ${passed} passed, ${this.failed} failed (${((Date.now() - startedAt) / 1000).toFixed(1)} s)`);
    for (const [scenario, values] of Object.entries(this.measurements)) console.log(`  ${scenario}: ${JSON.stringify(values)}`);
    if (!file) return;
    const scenarios = [...new Set(this.checks.map((c) => c.scenario))];
    const report = {
      numTotalTests: this.checks.length,
      numPassedTests: passed,
      numFailedTests: this.failed,
      numPendingTests: 0,
      numTodoTests: 0,
      success: this.failed === 0,
      startTime: startedAt,
      measurements: this.measurements,
      testResults: scenarios.map((scenario) => ({
        name: `fault: ${scenario}`,
        status: this.checks.some((c) => c.scenario === scenario && !c.ok) ? "failed" : "passed",
        assertionResults: this.checks
          .filter((c) => c.scenario === scenario)
          .map((c) => ({ title: c.name, fullName: `${scenario} ${c.name}`, status: c.ok ? "passed" : "failed", failureMessages: c.ok ? [] : [c.detail], duration: c.ms ?? null })),
      })),
    };
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  }
}
