// Adds up the vitest and Playwright JSON reports into one closing line: "N passed, N failed".
// A skipped end-to-end test counts as a failure under CI (DEVELOPERS.md); a missing report does too.
import fs from "node:fs";

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  if (!fs.existsSync(file)) {
    console.log(`${file}: missing (the suite did not run)`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(fs.readFileSync(file, "utf8"));
  if ("numPassedTests" in report) {
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    console.log(`${file}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped`);
  } else {
    const s = report.stats;
    const e2eSkipped = s.skipped;
    passed += s.expected + s.flaky;
    failed += s.unexpected + (process.env.CI ? e2eSkipped : 0);
    skipped += process.env.CI ? 0 : e2eSkipped;
    if (s.flaky > 0) console.log(`${file}: ${s.flaky} flaky test(s) passed on retry: find the race`);
    console.log(`${file}: ${s.expected + s.flaky} passed, ${s.unexpected} failed, ${e2eSkipped} skipped${process.env.CI && e2eSkipped ? " (counted as failed under CI)" : ""}`);
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
