import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { chromiumPath, startDemoApp } from "../demo-app";

// `npm run bench:lighthouse [-- --runs N]` (issue 16 item 12): Lighthouse's accessibility and mobile
// performance scores (its default mobile profile: Moto G Power screen, simulated slow 4G and 4× CPU
// slowdown) for the dashboard, inventory, a credential and findings, signed in as the demo admin, against
// a production server with the demo organisation. Chromium is /usr/bin/chromium (or CHROMIUM_PATH), driven
// by chrome-launcher: nothing is downloaded. Writes scripts/bench/last-lighthouse-result.md.
const { values } = parseArgs({ options: { runs: { type: "string", default: "3" } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error("bench:lighthouse: --runs must be a whole number ≥ 1");
  process.exit(2);
}
const targets = { accessibility: 100, performance: 80 };
const log = (line: string) => console.log(`[lighthouse] ${line}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? 0;
const resultFile = path.join(import.meta.dirname, "last-lighthouse-result.md");

/** A script's main-thread time in one run (Lighthouse's bootup-time audit, already CPU-slowed), by its file name. */
type ScriptCost = { script: string; ms: number };
type Run = { performance: number; accessibility: number; lcp: number; tbt: number; cls: number; fcp: number; failed: string[]; scripts: ScriptCost[] };

/** The three scripts that kept the main thread busiest: what a TBT figure is made of. */
function topScripts(audit: { details?: unknown } | undefined): ScriptCost[] {
  const items = (audit?.details as { items?: { url: string; total: number }[] } | undefined)?.items ?? [];
  return items
    .map((i) => ({ script: i.url.startsWith("http") ? path.basename(new URL(i.url).pathname) || new URL(i.url).pathname : i.url, ms: i.total }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 3);
}

const loadBefore = os.loadavg();
const demo = await startDemoApp(log);
const rows: { name: string; path: string; runs: Run[] }[] = [];
const chromeVersion = execFileSync(chromiumPath, ["--version"], { encoding: "utf8" }).trim();
try {
  const cookie = (await demo.context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const credentials = (await (await demo.context.request.get("/api/v1/credentials?limit=1")).json()) as { items: { id: string }[] };
  const credentialId = credentials.items[0]?.id;
  if (!credentialId) throw new Error("the demo organisation has no credential");
  const pages = [
    { name: "Dashboard", path: "/dashboard" },
    { name: "Inventory", path: "/inventory" },
    { name: "Credential", path: `/inventory/${credentialId}` },
    { name: "Findings", path: "/findings" },
  ];
  for (const page of pages) {
    const row = { ...page, runs: [] as Run[] };
    for (let i = 0; i < runs; i += 1) {
      // A fresh browser each run: no cache, as a first visit.
      const chrome = await chromeLauncher.launch({ chromePath: chromiumPath, chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
      try {
        const result = await lighthouse(`${demo.base}${page.path}`, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility"], extraHeaders: { Cookie: cookie } });
        if (!result) throw new Error(`no Lighthouse result for ${page.path}`);
        const { lhr } = result;
        const finalPath = new URL(lhr.finalDisplayedUrl).pathname;
        if (finalPath !== page.path) throw new Error(`${page.path} ended on ${finalPath} (not signed in?)`);
        const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
        const numeric = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
        const failed = (lhr.categories.accessibility?.auditRefs ?? [])
          .filter((ref) => ref.weight > 0 && lhr.audits[ref.id]?.score !== null && (lhr.audits[ref.id]?.score ?? 1) < 1)
          .map((ref) => ref.id);
        const run: Run = { performance: score("performance"), accessibility: score("accessibility"), lcp: numeric("largest-contentful-paint"), tbt: numeric("total-blocking-time"), cls: numeric("cumulative-layout-shift"), fcp: numeric("first-contentful-paint"), failed, scripts: topScripts(lhr.audits["bootup-time"]) };
        row.runs.push(run);
        log(`${page.name} run ${i + 1}: performance ${run.performance}, accessibility ${run.accessibility}, LCP ${Math.round(run.lcp)} ms, TBT ${Math.round(run.tbt)} ms, CLS ${run.cls.toFixed(3)}${failed.length ? `; failing: ${failed.join(", ")}` : ""}; busiest: ${run.scripts.map((c) => `${c.script} ${Math.round(c.ms)} ms`).join(", ")}`);
      } finally {
        chrome.kill();
      }
    }
    rows.push(row);
  }
} finally {
  await demo.stop();
}
const loadAfter = os.loadavg();

/** The busiest scripts of the run whose performance score is the median. */
const busiest = (rs: Run[]) => {
  const mid = [...rs].sort((a, b) => a.performance - b.performance)[Math.floor((rs.length - 1) / 2)];
  return mid?.scripts.map((c) => `${c.script} ${Math.round(c.ms)}`).join(", ") ?? "";
};
const ms = (n: number) => `${Math.round(n).toLocaleString("en")} ms`;
const lines = [
  "# Lighthouse: accessibility and mobile performance (`npm run bench:lighthouse`)",
  "",
  `Run ${new Date().toISOString()} on ${os.cpus().length} CPU(s), load average ${loadBefore.map((n) => n.toFixed(1)).join(" / ")} before and ${loadAfter.map((n) => n.toFixed(1)).join(" / ")} after;`,
  `${chromeVersion}; Lighthouse's default mobile profile (simulated slow 4G, 4× CPU slowdown); ${runs} cold run(s) per page, median shown (range in brackets).`,
  "Production build, embedded database, the demo organisation, signed in as its admin.",
  "",
  `| page | accessibility (target ${targets.accessibility}) | mobile performance (target ≥ ${targets.performance}) | FCP | LCP | TBT | CLS | accessibility audits failing | busiest scripts (main-thread ms, median run) |`,
  "|---|---|---|---|---|---|---|---|---|",
  ...rows.map((r) => {
    const pick = (k: "performance" | "accessibility" | "lcp" | "tbt" | "cls" | "fcp") => r.runs.map((x) => x[k]);
    const range = (xs: number[]) => (xs.length > 1 ? ` (${Math.min(...xs)}–${Math.max(...xs)})` : "");
    const a11y = median(pick("accessibility"));
    const perf = median(pick("performance"));
    const failed = [...new Set(r.runs.flatMap((x) => x.failed))];
    return `| ${r.name} | ${a11y}${range(pick("accessibility"))} ${a11y >= targets.accessibility ? "PASS" : "FAIL"} | ${perf}${range(pick("performance"))} ${perf >= targets.performance ? "PASS" : "FAIL"} | ${ms(median(pick("fcp")))} | ${ms(median(pick("lcp")))} | ${ms(median(pick("tbt")))} | ${median(pick("cls")).toFixed(3)} | ${failed.join(", ") || "none"} | ${busiest(r.runs)} |`;
  }),
  "",
];
fs.writeFileSync(resultFile, lines.join("\n"));
console.log(lines.join("\n"));
log(`written to ${path.relative(process.cwd(), resultFile)}`);
