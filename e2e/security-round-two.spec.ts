import { expect, test } from "@playwright/test";
import { createUser, signedInContext } from "./support/accounts";
import { patch, post, unique } from "./support/inventory-api";

// Issue 13 ("Security round two"), the parts a browser or an HTTP client sees.

test("[SECURITY] a token record suspended by an admin stays suspended: its owner cannot revive it, and the token list says Disabled", async ({ browser, playwright }) => {
  const adminContext = await signedInContext(browser);
  const member = await createUser(adminContext.request, "member", unique("Sue Spended"));
  const context = await signedInContext(browser, member);
  const name = unique("Suspended token");
  const created = await post<{ token: { credentialId: string }; secret: string }>(context.request, "/api/v1/me/tokens", { name, expiresAt: new Date(Date.now() + 10 * 86_400_000).toISOString() });

  await patch(adminContext.request, `/api/v1/credentials/${created.token.credentialId}`, { status: "suspended" });
  const revive = await patch<{ error: { details: { fields: Record<string, string[]> } } }>(context.request, `/api/v1/credentials/${created.token.credentialId}`, { status: "active" }, 422);
  expect(revive.error.details.fields).toHaveProperty("status");

  const api = await playwright.request.newContext({ baseURL: `http://localhost:${process.env.E2E_PORT ?? 3200}`, extraHTTPHeaders: { Authorization: `Bearer ${created.secret}` } });
  expect((await api.get("/api/v1/me")).status()).toBe(401);
  await api.dispose();

  const page = await context.newPage();
  await page.goto("/settings/tokens");
  const row = page.getByTestId("token-row").filter({ hasText: name });
  await expect(row).toContainText("Disabled");
  await expect(row).not.toContainText("Active");
  await context.close();
  await adminContext.close();
});

test("[SECURITY] malformed keyset cursors answer 422 on cursor, not 500", async ({ browser }) => {
  const context = await signedInContext(browser);
  const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
  for (const [path, cursor] of [
    ["/api/v1/teams", cursorOf(["Alpha", "x'\r\n[api] forged line"])],
    ["/api/v1/people", cursorOf(["A\u0000", "0b9f5c1e-2d3a-4f5b-8c6d-7e8f9a0b1c2d"])],
    ["/api/v1/rotation-requests", cursorOf(["not a date", "0b9f5c1e-2d3a-4f5b-8c6d-7e8f9a0b1c2d"])],
    ["/api/v1/campaigns", "%%%"],
  ] as const) {
    const response = await context.request.get(`${path}?cursor=${encodeURIComponent(cursor)}`);
    expect(response.status(), path).toBe(422);
    const body = (await response.json()) as { error: { details: { fields: Record<string, string[]> } } };
    expect(body.error.details.fields, path).toHaveProperty("cursor");
  }
  await context.close();
});
