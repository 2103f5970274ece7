import fs from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "@playwright/test";
import { concreteRoute, signedOutRoutes, walkedRoutes, walkRecords } from "../e2e/support/walk";
import { themeCookie } from "../lib/theme";
import { startDemoApp } from "./demo-app";

// `npm run screenshots` (issue 16): every page of the accessibility walk (the route table in lib/authz/pages,
// detail pages on demo records, plus the signed-out pages) at desktop 1440×900 and mobile 390×844, in the
// light and the dark theme, as full-page PNGs in screenshots/ (git-ignored). Starts its own production
// server with the demo organisation on a free port (or PORT); /usr/bin/chromium (or CHROMIUM_PATH).
const root = path.resolve(import.meta.dirname, "..");
const outDir = path.join(root, "screenshots");
const viewports = { desktop: { width: 1440, height: 900 }, mobile: { width: 390, height: 844 } } as const;
const themes = ["light", "dark"] as const;
const log = (line: string) => console.log(`[screenshots] ${line}`);
const slug = (route: string) => route.replace(/^\//, "").replace(/\?.*$/, "").replace(/[[\]]/g, "").replace(/\//g, "-") || "root";

const demo = await startDemoApp(log);
const written: string[] = [];
try {
  const base = demo.base;
  process.env.E2E_PORT = new URL(base).port; // the origin the walk's seeding helpers send
  const records = await walkRecords(demo.context.request);
  const signedIn = await demo.context.storageState();
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });

  const scrollThrough = async (page: Page) => {
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    const step = page.viewportSize()?.height ?? 800;
    for (let y = 0; y < height; y += step) {
      await page.evaluate((top) => window.scrollTo(0, top), y);
      await page.waitForTimeout(50);
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => undefined);
  };

  const shoot = async (contextFor: () => Promise<BrowserContext>, routes: readonly [string, string][], suffix: string) => {
    const context = await contextFor();
    const page = await context.newPage();
    for (const [name, url] of routes) {
      await page.goto(url);
      await page.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => undefined);
      // Scrolled through as a reader would: what waits for the viewport (the dashboard's charts) draws.
      await scrollThrough(page);
      const file = path.join(outDir, `${name}--${suffix}.png`);
      await page.screenshot({ path: file, fullPage: true });
      written.push(path.relative(root, file));
    }
    await context.close();
  };

  const pages = walkedRoutes.map((route) => [slug(route), concreteRoute(route, records)] as [string, string]);
  const signedOut = signedOutRoutes.map((route) => [slug(route), route] as [string, string]);
  for (const theme of themes) {
    for (const [size, viewport] of Object.entries(viewports)) {
      const suffix = `${size}-${theme}`;
      const options = { baseURL: base, viewport, colorScheme: theme } as const;
      const themed = async (context: BrowserContext) => {
        await context.addCookies([{ name: themeCookie, value: theme, url: base }]);
        return context;
      };
      await shoot(async () => themed(await demo.browser.newContext({ ...options, storageState: signedIn })), pages, suffix);
      await shoot(async () => themed(await demo.browser.newContext(options)), signedOut, suffix);
      log(`${suffix}: ${pages.length + signedOut.length} pages`);
    }
  }
} finally {
  await demo.stop();
}
// An index to look through them: one row per page, a column per size and theme.
const cells = (name: string) =>
  Object.keys(viewports)
    .flatMap((size) => themes.map((theme) => `${name}--${size}-${theme}.png`))
    .map((file) => `<td><a href="${file}"><img src="${file}" alt="${file}" loading="lazy" width="240"></a></td>`)
    .join("");
const names = [...new Set(written.map((file) => path.basename(file).replace(/--.*$/, "")))];
const header = Object.keys(viewports).flatMap((size) => themes.map((theme) => `<th>${size} ${theme}</th>`)).join("");
const rows = names.map((name) => `<tr><th scope="row">${name}</th>${cells(name)}</tr>`).join("\n");
fs.writeFileSync(
  path.join(outDir, "index.html"),
  `<!doctype html><html lang="en"><meta charset="utf-8"><title>Steward screenshots</title><style>body{font:14px system-ui}img{border:1px solid #ccc;vertical-align:top}th{text-align:left}</style><h1>Steward screenshots (${written.length})</h1><table><tr><th>Page</th>${header}</tr>\n${rows}</table></html>\n`,
);
fs.writeFileSync(path.join(outDir, "index.txt"), `${written.map((file) => path.relative(outDir, path.join(root, file))).join("\n")}\n`);
log(`${written.length} screenshots and index.html in ${path.relative(process.cwd(), outDir) || "."}/`);
