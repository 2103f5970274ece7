import { expect, test } from "@playwright/test";
import { admin, originHeaders, signInViaApi } from "./support/accounts";

test.beforeEach(async ({ context }) => {
  await signInViaApi(context, admin.email, admin.password);
});

test("[HTTP] security headers on pages", async ({ page }) => {
  const response = await page.goto("/");
  const headers = response?.headers() ?? {};
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+'/);
  expect(headers["content-security-policy"]).toContain("object-src 'none'");
  expect(headers["content-security-policy"]).toContain("base-uri 'none'");
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBeTruthy();
  expect(headers["cache-control"]).toContain("no-store");
});

test("[HTTP] cross-origin and Origin-less cookie writes are refused", async ({ context }) => {
  const evil = await context.request.post("/api/v1/teams", { data: { name: "Evil", kind: "platform" }, headers: { Origin: "http://evil.example" } });
  expect(evil.status()).toBe(403);
  const bare = await context.request.post("/api/v1/teams", { data: { name: "Bare", kind: "platform" } });
  expect(bare.status()).toBe(403);
  const teams = (await (await context.request.get("/api/v1/teams?q=e")).json()) as { items: { name: string }[] };
  expect(teams.items.map((t) => t.name)).not.toContain("Evil");
});

test("[HTTP] bad input: 422 naming fields, 404, 409, 413, never a 500", async ({ context }) => {
  const invalid = await context.request.post("/api/v1/teams", { data: { name: "", kind: "galaxy" }, headers: originHeaders() });
  expect(invalid.status()).toBe(422);
  const body = (await invalid.json()) as { error: { code: string; details: { fields: Record<string, string[]> } } };
  expect(body.error.code).toBe("INVALID_INPUT");
  expect(Object.keys(body.error.details.fields).sort()).toEqual(["kind", "name"]);

  expect((await context.request.get("/api/v1/teams/00000000-0000-4000-8000-000000000000")).status()).toBe(404);
  expect((await context.request.get("/api/v1/teams/not-a-uuid")).status()).toBe(404);

  const person = { name: "Dup Licate", email: `dup.${Date.now()}@example.test` };
  expect((await context.request.post("/api/v1/people", { data: person, headers: originHeaders() })).status()).toBe(201);
  const dup = await context.request.post("/api/v1/people", { data: { ...person, email: person.email.toUpperCase() }, headers: originHeaders() });
  expect(dup.status()).toBe(409);

  const huge = await context.request.post("/api/v1/teams", {
    data: { name: "x".repeat(300 * 1024), kind: "platform" },
    headers: originHeaders(),
  });
  expect(huge.status()).toBe(413);

  const notJson = await context.request.post("/api/v1/teams", { data: Buffer.from("{not json"), headers: { ...originHeaders(), "Content-Type": "application/json" } });
  expect(notJson.status()).toBe(400);
});

test("[HTTP] health, readiness and the OpenAPI document", async ({ request }) => {
  expect(await (await request.get("/api/v1/health")).json()).toEqual({ status: "ok" });
  expect(((await (await request.get("/api/v1/ready")).json()) as { status: string }).status).toBe("ready");
  const doc = (await (await request.get("/api/v1/openapi.json")).json()) as { openapi: string; paths: Record<string, unknown> };
  expect(doc.openapi).toBe("3.1.0");
  expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/v1/teams", "/api/v1/people/{id}", "/api/v1/users"]));
});

test("[HTTP] unauthenticated API calls get 401 in the error envelope", async ({ playwright }) => {
  const anonymous = await playwright.request.newContext({ baseURL: `http://localhost:${process.env.E2E_PORT ?? 3200}` });
  const response = await anonymous.get("/api/v1/teams");
  expect(response.status()).toBe(401);
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");
  await anonymous.dispose();
});
