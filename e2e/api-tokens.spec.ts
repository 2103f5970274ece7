import { expect, test, type Browser } from "@playwright/test";
import { createUser, originHeaders, signedInContext } from "./support/accounts";
import { patch, post, unique } from "./support/inventory-api";

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

/** A new user of `role`, signed in on their API tokens page; the admin's context made them. */
async function tokensPageOfNewUser(browser: Browser, role: "member" | "auditor", name: string) {
  const adminContext = await signedInContext(browser);
  const user = await createUser(adminContext.request, role, unique(name));
  const context = await signedInContext(browser, user);
  const page = await context.newPage();
  await page.goto("/settings/tokens");
  await expect(page.getByRole("heading", { name: "API tokens", level: 1 })).toBeVisible();
  return { adminContext, user, context, page };
}

test("[TOKENS] a member creates a token in the UI, sees it once, uses it as a Bearer token, and revoking stops it", async ({ browser, playwright }) => {
  const { adminContext, user: member, context, page } = await tokensPageOfNewUser(browser, "member", "Tia Token");
  const name = unique("CI sync");
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByTestId("token-created")).toBeVisible();
  const secret = await page.getByTestId("token-secret").inputValue();
  expect(secret).toMatch(/^stw_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
  const row = page.getByTestId("token-row").filter({ hasText: name });
  await expect(row).toContainText("Active");
  await expect(row).toContainText(secret.slice(0, 16));
  // Shown once: a reload lists the token without its secret.
  await page.reload();
  await expect(page.getByTestId("token-created")).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);

  const api = await playwright.request.newContext({ baseURL: `http://localhost:${process.env.E2E_PORT ?? 3200}`, extraHTTPHeaders: { Authorization: `Bearer ${secret}` } });
  const me = await api.get("/api/v1/me");
  expect(me.status()).toBe(200);
  expect(((await me.json()) as { email: string }).email).toBe(member.email);
  // No Origin header needed with a token (no cookie rides along); tokens cannot mint tokens.
  const mint = await api.post("/api/v1/me/tokens", { data: { name: "child", expiresAt: inDays(10) } });
  expect(mint.status()).toBe(403);
  // A token acts with its user's rights at most: a member cannot invite users.
  expect((await api.post("/api/v1/users", { data: { email: `${unique("x")}@example.test`, name: "X", role: "admin" } })).status()).toBe(403);

  // Its inventory record: a credential of the Steward application, found by the token's prefix.
  const listed = (await (await api.get(`/api/v1/credentials?q=${encodeURIComponent(secret.slice(0, 16))}`)).json()) as { items: { id: string; kind: string; ownerName: string | null }[] };
  expect(listed.items).toHaveLength(1);
  expect(listed.items[0]).toMatchObject({ kind: "personal_access_token" });

  // Revoking asks first (a destructive action behind a confirmation).
  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await page.getByRole("dialog", { name: `Revoke ${name}` }).getByRole("button", { name: "Revoke token" }).click();
  await expect(row).toContainText("Revoked");
  const after = await api.get("/api/v1/me");
  expect(after.status()).toBe(401);
  expect(((await after.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");
  await api.dispose();
  await context.close();
  await adminContext.close();
});

test("[TOKENS] a read-only token reads but never writes; a deactivated user's token stops; bad expiries name the field", async ({ browser, playwright }) => {
  const adminContext = await signedInContext(browser);
  const user = await createUser(adminContext.request, "security", unique("Rory Reader"));
  const context = await signedInContext(browser, user);
  for (const [expiresAt, message] of [[undefined, "ISO-8601"], [inDays(366), "at most 365 days"], [inDays(-1), "in the future"]] as const) {
    const bad = await context.request.post("/api/v1/me/tokens", { data: { name: "bad", ...(expiresAt ? { expiresAt } : {}) }, headers: originHeaders() });
    expect(bad.status()).toBe(422);
    expect(((await bad.json()) as { error: { details: { fields: Record<string, string[]> } } }).error.details.fields.expiresAt?.join()).toContain(message);
  }
  const ro = await post<{ secret: string }>(context.request, "/api/v1/me/tokens", { name: "reader", expiresAt: inDays(30), readOnly: true });
  const rw = await post<{ secret: string }>(context.request, "/api/v1/me/tokens", { name: "writer", expiresAt: inDays(30) });
  const base = `http://localhost:${process.env.E2E_PORT ?? 3200}`;
  const reader = await playwright.request.newContext({ baseURL: base, extraHTTPHeaders: { Authorization: `Bearer ${ro.secret}` } });
  expect((await reader.get("/api/v1/teams")).status()).toBe(200);
  const write = await reader.post("/api/v1/teams", { data: { name: unique("Nope"), kind: "application" } });
  expect(write.status()).toBe(403);
  expect(((await write.json()) as { error: { message: string } }).error.message).toContain("read-only");
  const writer = await playwright.request.newContext({ baseURL: base, extraHTTPHeaders: { Authorization: `Bearer ${rw.secret}` } });
  expect((await writer.post("/api/v1/teams", { data: { name: unique("Via token"), kind: "application" } })).status()).toBe(201);

  // The admin sees everyone's tokens; deactivating the user stops both tokens at once.
  const all = (await (await adminContext.request.get("/api/v1/api-tokens")).json()) as { items: { user: { email: string } }[] };
  expect(all.items.filter((t) => t.user.email === user.email)).toHaveLength(2);
  await patch(adminContext.request, `/api/v1/users/${user.id}`, { isActive: false });
  expect((await reader.get("/api/v1/teams")).status()).toBe(401);
  expect((await writer.get("/api/v1/teams")).status()).toBe(401);
  await reader.dispose();
  await writer.dispose();
  await context.close();
  await adminContext.close();
});

test("[IDEMPOTENCY] the same Idempotency-Key and body twice: one team, the same answer; another body with the key: 422", async ({ browser }) => {
  const context = await signedInContext(browser);
  const name = unique("Idempotent team");
  const key = `key-${unique("k")}`;
  const send = (body: unknown) => context.request.post("/api/v1/teams", { data: body, headers: { ...originHeaders(), "Idempotency-Key": key } });
  const first = await send({ name, kind: "application" });
  expect(first.status()).toBe(201);
  const second = await send({ kind: "application", name });
  expect(second.status()).toBe(201);
  expect(second.headers()["idempotent-replayed"]).toBe("true");
  expect(await second.json()).toEqual(await first.json());
  const teams = (await (await context.request.get(`/api/v1/teams?q=${encodeURIComponent(name)}`)).json()) as { items: unknown[] };
  expect(teams.items).toHaveLength(1);
  const other = await send({ name: `${name} 2`, kind: "application" });
  expect(other.status()).toBe(422);
  expect(((await other.json()) as { error: { details: { fields: Record<string, string[]> } } }).error.details.fields).toHaveProperty("Idempotency-Key");
  const badKey = await context.request.post("/api/v1/teams", { data: { name: unique("t"), kind: "application" }, headers: { ...originHeaders(), "Idempotency-Key": "has spaces in it" } });
  expect(badKey.status()).toBe(422);
  await context.close();
});

test("[TOKENS] an auditor creates a read-only token in the UI, pulls the control-mapping export with it, and cannot write", async ({ browser, playwright }) => {
  const { adminContext, context, page } = await tokensPageOfNewUser(browser, "auditor", "Ada Auditor");
  // Read-only is not a choice for an auditor: shown checked and disabled.
  await expect(page.getByLabel(/^Read-only \(GET requests only/)).toBeChecked();
  await expect(page.getByLabel(/^Read-only \(GET requests only/)).toBeDisabled();
  const name = unique("Evidence pull");
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByTestId("token-created")).toBeVisible();
  const secret = await page.getByTestId("token-secret").inputValue();
  const row = page.getByTestId("token-row").filter({ hasText: name });
  await expect(row).toContainText("Read-only");
  await expect(row).toContainText("Active");

  const api = await playwright.request.newContext({ baseURL: `http://localhost:${process.env.E2E_PORT ?? 3200}`, extraHTTPHeaders: { Authorization: `Bearer ${secret}` } });
  const csv = await api.get("/api/v1/exports/csv?frameworks=nist-csf-2.0");
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect((await csv.text()).split("\r\n")[0]).toContain("csf_1_1_aliases");
  const write = await api.post("/api/v1/teams", { data: { name: unique("Auditor team"), kind: "application" } });
  expect(write.status()).toBe(403);
  await api.dispose();
  // Through the session too, a read-write token is refused, naming the field.
  const readWrite = await context.request.post("/api/v1/me/tokens", { data: { name: "rw", expiresAt: inDays(10), readOnly: false }, headers: originHeaders() });
  expect(readWrite.status()).toBe(422);
  expect(((await readWrite.json()) as { error: { details?: { fields?: Record<string, unknown> } } }).error.details?.fields).toHaveProperty("readOnly");
  await context.close();
  await adminContext.close();
});
