// Adds up the vitest and Playwright JSON reports into one closing line: "N passed, N failed".
// A skipped end-to-end test counts as a failure under CI (a skip hides an untested path); a missing
// report does too.
// So does anything that failed outside a test: a suite that crashed on import (vitest: a failed file
// with no failed test), an error Playwright reports outside any test (its errors[]), or a command that
// exited non-zero although its report shows no failure (vitest leaves unhandled errors out of its
// JSON) — each would otherwise read as "0 failed".
// Arguments: report files, each optionally suffixed ":<exit status>" of the command that wrote it.
import fs from "node:fs";

/** One report's counts and the lines that explain them. `report` is the parsed JSON, or null when missing. */
function summarizeReport(file, report, { ci = false, exitStatus = null } = {}) {
  const lines = [];
  if (report === null) {
    lines.push(`${file}: missing (the suite did not run)`);
    return { passed: 0, failed: 1, skipped: 0, lines };
  }
  let passed, failed, skipped;
  if ("numPassedTests" in report) {
    // Files that failed with no failed test of their own: an import crash, a failing hook.
    const brokenSuites = (report.testResults ?? []).filter(
      (r) => r.status === "failed" && !(r.assertionResults ?? []).some((a) => a.status === "failed"),
    );
    passed = report.numPassedTests;
    failed = report.numFailedTests + brokenSuites.length;
    skipped = report.numPendingTests + (report.numTodoTests ?? 0);
    lines.push(`${file}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped`);
    for (const r of brokenSuites) lines.push(`${file}: suite failed outside its tests: ${r.name}${r.message ? ` — ${r.message}` : ""}`);
  } else {
    const s = report.stats;
    const errors = report.errors ?? [];
    passed = s.expected + s.flaky;
    failed = s.unexpected + (ci ? s.skipped : 0) + errors.length;
    skipped = ci ? 0 : s.skipped;
    if (s.flaky > 0) lines.push(`${file}: ${s.flaky} flaky test(s) passed on retry: find the race`);
    lines.push(`${file}: ${s.expected + s.flaky} passed, ${s.unexpected} failed, ${s.skipped} skipped${ci && s.skipped ? " (counted as failed under CI)" : ""}`);
    for (const e of errors) lines.push(`${file}: error outside any test: ${(e.message ?? String(e.value ?? "")).split("\n")[0]}`);
  }
  if (exitStatus !== null && exitStatus !== 0 && failed === 0) {
    lines.push(`${file}: the command exited ${exitStatus} but its report shows no failure (an unhandled error?): counted as failed`);
    failed = 1;
  }
  return { passed, failed, skipped, lines };
}

/** "report.json" or "report.json:1" → the file and the exit status of the command that wrote it. */
function parseReportArgument(arg) {
  const m = /^(.*):(\d+)$/.exec(arg);
  return m ? { file: m[1], exitStatus: Number(m[2]) } : { file: arg, exitStatus: null };
}

function summarize(args, { ci = false, read = (f) => (fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, "utf8")) : null) } = {}) {
  const total = { passed: 0, failed: 0, skipped: 0, lines: [] };
  for (const arg of args) {
    const { file, exitStatus } = parseReportArgument(arg);
    const one = summarizeReport(file, read(file), { ci, exitStatus });
    total.passed += one.passed;
    total.failed += one.failed;
    total.skipped += one.skipped;
    total.lines.push(...one.lines);
  }
  total.lines.push(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
  return total;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { failed, lines } = summarize(process.argv.slice(2), { ci: Boolean(process.env.CI) });
  for (const line of lines) console.log(line);
  process.exit(failed > 0 ? 1 : 0);
}
