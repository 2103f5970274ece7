import { gzipSync } from "node:zlib";
import { expect, test } from "@playwright/test";
import { admin, originHeaders, signInViaApi } from "./support/accounts";
import { unique } from "./support/inventory-api";

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
const baseURL = `http://localhost:${process.env.E2E_PORT ?? 3200}`;

test("[USAGE] an admin creates an ingest token in the UI; it posts NDJSON (gzip) and OPA decision logs, idempotently, and can do nothing else", async ({ browser, playwright }) => {
  const context = await browser.newContext();
  await signInViaApi(context, admin.email, admin.password);
  const page = await context.newPage();
  await page.goto("/settings/tokens");
  const name = unique("OPA collector");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Kind").selectOption("ingest");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByTestId("token-created")).toBeVisible();
  const secret = await page.getByTestId("token-secret").inputValue();
  // An admin sees it in "Your tokens" and in "Everyone's tokens".
  await expect(page.getByTestId("token-row").filter({ hasText: name }).first()).toContainText("Usage events only");

  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${secret}` } });
  const time = new Date(Date.now() - 60_000).toISOString();
  const id = unique("e");
  const lines = [
    { id: `${id}-1`, type: "token_issued", time, issuer: "https://as.e2e.example", client_id: "e2e-shadow", audience: "https://api.e2e.example", scopes: ["read"], expires_in: 3600 },
    { id: `${id}-2`, type: "api_decision", time, issuer: "https://as.e2e.example", client_id: "e2e-shadow", audience: "https://api.e2e.example", scope: "read", decision: "deny", reason: "not granted", extra: "ignored" },
  ];
  const body = gzipSync(lines.map((l) => JSON.stringify(l)).join("\n"));
  const send = () => api.post("/api/v1/events", { headers: { "Content-Type": "application/x-ndjson", "Content-Encoding": "gzip" }, data: body });
  const first = await send();
  expect(first.status()).toBe(200);
  expect(await first.json()).toEqual({ received: 2, accepted: 2, duplicates: 0 });
  expect(await (await send()).json()).toEqual({ received: 2, accepted: 0, duplicates: 2 });

  const bad = await api.post("/api/v1/events", { headers: { "Content-Type": "application/x-ndjson" }, data: `${JSON.stringify({ ...lines[0], id: `${id}-3` })}\n{"type":"api_decision"}` });
  expect(bad.status()).toBe(422);
  const refused = (await bad.json()) as { error: { details: { lines: { line: number; field: string }[] } } };
  expect(new Set(refused.error.details.lines.map((l) => l.line))).toEqual(new Set([2]));
  expect(refused.error.details.lines.map((l) => l.field)).toEqual(expect.arrayContaining(["time", "audience", "scope", "decision", "client_id"]));

  const opa = await api.post("/api/v1/events/opa", {
    headers: { "Content-Type": "application/json", "Content-Encoding": "gzip" },
    data: gzipSync(JSON.stringify([{ decision_id: unique("d"), timestamp: time, input: { token: { azp: "e2e-shadow", aud: "https://api.e2e.example" }, action: "read" }, result: { allow: true } }])),
  });
  expect(opa.status()).toBe(200);
  expect(await opa.json()).toMatchObject({ accepted: 1 });

  // An ingest token can do nothing else.
  expect((await api.get("/api/v1/me")).status()).toBe(403);
  expect((await api.get("/api/v1/credentials")).status()).toBe(403);
  await api.dispose();

  // An ordinary token cannot ingest.
  const created = await context.request.post("/api/v1/me/tokens", { headers: originHeaders(), data: { name: unique("ci"), expiresAt: inDays(5) } });
  expect(created.status()).toBe(201);
  const normal = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${((await created.json()) as { secret: string }).secret}` } });
  expect((await normal.post("/api/v1/events", { headers: { "Content-Type": "application/x-ndjson" }, data: JSON.stringify({ ...lines[0], id: `${id}-4` }) })).status()).toBe(403);
  await normal.dispose();
  await context.close();
});
