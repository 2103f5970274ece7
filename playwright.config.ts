import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests against the production build (`npm run build` first; CI does).
 * E2E_DATABASE_URL runs them on PostgreSQL; otherwise on the embedded database in a fresh
 * directory. Either way the run starts from an empty database: the first spec is first-run setup.
 */
const port = Number(process.env.E2E_PORT ?? 3200);
const oidcPort = Number(process.env.E2E_OIDC_PORT ?? 3300);
const appUrl = `http://localhost:${port}`;
const databaseUrl = process.env.E2E_DATABASE_URL;
const dataDir = path.join(os.tmpdir(), `steward-e2e-${port}`);
/** The server's stdout and stderr, scanned by the secret-value spec. */
const serverLog = path.join(os.tmpdir(), `steward-e2e-${port}.log`);

const appEnv: Record<string, string> = {
  PORT: String(port),
  AUTH_URL: appUrl,
  STEWARD_DATA_DIR: dataDir,
  OIDC_ISSUER: `http://localhost:${oidcPort}`,
  OIDC_CLIENT_ID: "steward-e2e",
  OIDC_CLIENT_SECRET: "e2e-client-secret-not-a-real-one",
  OIDC_NAME: "Test IdP",
  // The test identity provider (and its discovery document) lives on loopback.
  DISCOVERY_ALLOW_PRIVATE_ADDRESSES: "true",
  NEXT_TELEMETRY_DISABLED: "1",
  ...(databaseUrl
    ? {
        DATABASE_URL: databaseUrl,
        AUTH_SECRET: "e2e-auth-secret-0123456789abcdef0123456789",
        STEWARD_FINGERPRINT_PEPPER: "e2e-pepper-0123456789abcdef0123456789abcd",
      }
    : {}),
};

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.E2E_JSON_REPORT ? [["list"], ["json", { outputFile: process.env.E2E_JSON_REPORT }]] : [["list"]],
  use: {
    baseURL: appUrl,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  projects: [
    { name: "first-run", testMatch: /first-run\.spec\.ts/ },
    { name: "app", testIgnore: [/first-run\.spec\.ts/, /fuzz-api\.spec\.ts/, /a11y-walk\.spec\.ts/], dependencies: ["first-run"] },
    // The accessibility walk runs on its own: playwright.a11y.config.ts (npm run test:a11y).
    // Last: the fuzz leaves thousands of junk records that other specs' counts must not see.
    { name: "fuzz", testMatch: /fuzz-api\.spec\.ts/, dependencies: ["app"], timeout: 180_000 },
  ],
  webServer: [
    {
      command: "npx tsx e2e/support/oidc-server.ts",
      url: `http://localhost:${oidcPort}/.well-known/openid-configuration`,
      env: { OIDC_PORT: String(oidcPort), APP_URL: appUrl },
      reuseExistingServer: false,
      stdout: "ignore",
    },
    {
      // A fresh embedded database every run (unused when E2E_DATABASE_URL is set; CI creates a fresh one).
      command: `node -e "require('fs').rmSync(process.argv[1], { recursive: true, force: true })" ${dataDir} && node scripts/start.mjs 2>&1 | tee ${serverLog}`,
      url: `${appUrl}/api/v1/ready`,
      env: appEnv,
      reuseExistingServer: false,
      timeout: 240_000,
      stdout: "pipe",
      stderr: "pipe",
    },
  ],
});

export { appUrl, dataDir, serverLog };
