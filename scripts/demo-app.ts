import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext } from "@playwright/test";
import { buildApp, freePort, needsBuild, startApp, type RunningApp } from "./bench/app";

/**
 * The production app with the demo organisation, for `npm run screenshots` and `npm run bench:lighthouse`:
 * built if needed, served on a free port (or PORT) with a fresh embedded database in a temporary
 * directory, and set up through the first-run page with "Load demo data" ticked — the path a new user takes.
 */
export const demoAdmin = { name: "Dana Demo", email: "dana.demo@example.test", password: "demo password long enough" };

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const chromiumArgs = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

/** `base` is the app on localhost (its AUTH_URL): the browser and the API helpers send that origin. */
export type DemoApp = { app: RunningApp; base: string; browser: Browser; context: BrowserContext; logFile: string; stop: () => Promise<void> };

export async function startDemoApp(log: (line: string) => void): Promise<DemoApp> {
  const root = path.resolve(import.meta.dirname, "..");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "steward-demo-"));
  const logFile = path.join(dataDir, "server.log");
  const build = needsBuild(root);
  if (build.build) {
    log(`building the app (${build.reason})…`);
    buildApp(root, logFile);
  }
  const port = Number(process.env.PORT) || (await freePort());
  // The embedded database in its own directory: a DATABASE_URL in the environment is not this app's.
  delete process.env.DATABASE_URL;
  const base = `http://localhost:${port}`;
  const app = await startApp(root, port, { STEWARD_DATA_DIR: dataDir, AUTH_URL: base }, logFile);
  log(`app ready on ${base} (pid ${String(app.pid)}, data in ${dataDir})`);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await page.goto("/setup");
  await page.getByLabel("Your name").fill(demoAdmin.name);
  await page.getByLabel("Email").fill(demoAdmin.email);
  await page.getByLabel("Password").fill(demoAdmin.password);
  await page.getByLabel(/Load demo data/).check();
  log("loading the demo organisation through the setup page…");
  await page.getByRole("button", { name: "Create admin and sign in" }).click();
  await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor({ timeout: 300_000 });
  await page.close();
  const stop = async () => {
    await browser.close();
    await app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { app, base, browser, context, logFile, stop };
}
