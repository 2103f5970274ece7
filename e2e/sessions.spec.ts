import { expect, test, type Browser, type BrowserContext } from "@playwright/test";
import { admin, createUser, originHeaders, signInViaApi } from "./support/accounts";

/**
 * Issue 13, items 1 and 2: a session ends for good (sign-out, new password, role change,
 * deactivation, "sign out everywhere"), and the client's address and request id are the server's
 * to know, not the client's to say. Every test uses a user of its own: signing the admin out
 * everywhere would end the other specs' admin sessions.
 */

/** A second browser holding a copy of the first one's cookies: a stolen or leftover session. */
async function copyOf(browser: Browser, context: BrowserContext): Promise<BrowserContext> {
  return browser.newContext({ storageState: await context.storageState() });
}

const meStatus = async (context: BrowserContext) => (await context.request.get("/api/v1/me")).status();

async function adminContext(browser: Browser) {
  const context = await browser.newContext();
  await signInViaApi(context, admin.email, admin.password);
  return context;
}

test("[SESSIONS] signing out (everywhere, from the user menu) ends a copied cookie too", async ({ browser, page, context }) => {
  const boss = await adminContext(browser);
  const user = await createUser(boss.request, "member");
  await boss.close();
  await signInViaApi(context, user.email, user.password);
  const copy = await copyOf(browser, context);
  expect(await meStatus(copy)).toBe(200);

  await page.goto("/");
  await page.getByRole("button", { name: /Account menu/ }).click();
  await page.getByRole("menuitem", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/login/);
  expect(await meStatus(context)).toBe(401);
  expect(await meStatus(copy)).toBe(401);
  // Signing in again works and gives a new, working session.
  await signInViaApi(context, user.email, user.password);
  await copy.close();
});

test("[SESSIONS] deactivation ends sessions, and reactivation does not bring old cookies back", async ({ browser, context }) => {
  const boss = await adminContext(browser);
  const user = await createUser(boss.request, "member");
  await signInViaApi(context, user.email, user.password);
  const patch = (data: unknown) => boss.request.patch(`/api/v1/users/${user.id}`, { data, headers: originHeaders() });

  expect((await patch({ isActive: false })).status()).toBe(200);
  expect(await meStatus(context)).toBe(401);
  expect((await patch({ isActive: true })).status()).toBe(200);
  expect(await meStatus(context)).toBe(401);
  await boss.close();
});

test("[SESSIONS] a role change and a new password end the sessions signed in before them", async ({ browser, context }) => {
  const boss = await adminContext(browser);
  const user = await createUser(boss.request, "member");
  await signInViaApi(context, user.email, user.password);
  expect((await boss.request.patch(`/api/v1/users/${user.id}`, { data: { role: "auditor" }, headers: originHeaders() })).status()).toBe(200);
  expect(await meStatus(context)).toBe(401);

  await signInViaApi(context, user.email, user.password);
  const invite = (await (await boss.request.post(`/api/v1/users/${user.id}/invite`, { headers: originHeaders() })).json()) as { inviteUrl: string };
  const token = new URL(invite.inviteUrl).searchParams.get("token");
  const anonymous = await browser.newContext();
  expect((await anonymous.request.post("/api/v1/auth/set-password", { data: { token, password: "a brand new password 42" }, headers: originHeaders() })).status()).toBe(200);
  expect(await meStatus(context)).toBe(401);
  await anonymous.close();
  await boss.close();
});

test("[SESSIONS] an admin signs a user out everywhere from the user's page", async ({ browser, page, context }) => {
  const boss = await adminContext(browser);
  const user = await createUser(boss.request, "member");
  await boss.close();
  const userContext = await browser.newContext();
  await signInViaApi(userContext, user.email, user.password);

  await signInViaApi(context, admin.email, admin.password);
  await page.goto(`/settings/users/${user.id}`);
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Signed out everywhere." })).toBeVisible();
  expect(await meStatus(userContext)).toBe(401);
  // The admin's own session is untouched.
  expect(await meStatus(context)).toBe(200);
  await userContext.close();
});

test("[CLIENT ADDRESS] a forged X-Forwarded-For neither resets the per-address limit nor reaches the audit log", async ({ browser, playwright, baseURL }) => {
  const forged = "198.51.100.77";
  const anonymous = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { "X-Forwarded-For": forged, "X-Request-Id": "client-chosen-id-1234" } });
  const email = `forged-${Date.now().toString(36)}@example.test`;
  const csrf = (await (await anonymous.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const answer = await anonymous.post("/api/auth/callback/credentials", {
    form: { email, password: "not the password", csrfToken: csrf.csrfToken, callbackUrl: "/" },
    maxRedirects: 0,
    headers: originHeaders(),
  });
  // The server's own request id; the client's travels apart.
  expect(answer.headers()["x-request-id"]).not.toBe("client-chosen-id-1234");
  expect(answer.headers()["x-client-request-id"]).toBe("client-chosen-id-1234");
  await anonymous.dispose();

  const boss = await adminContext(browser);
  const events = (await (await boss.request.get("/api/v1/audit-events?action=auth.sign_in_failed&limit=50")).json()) as {
    items: { ip: string | null; requestId: string | null; clientRequestId: string | null; payload: { email?: string } }[];
  };
  const event = events.items.find((e) => e.payload.email === email);
  expect(event, "the failed sign-in is audited").toBeDefined();
  expect(event?.ip).not.toBe(forged);
  expect(event?.ip).toMatch(/^(127\.0\.0\.1|::1)$/);
  expect(event?.requestId).not.toBe("client-chosen-id-1234");
  // Stored apart, and shown beside the server's in the audit log's details.
  expect(event?.clientRequestId).toBe("client-chosen-id-1234");
  const page = await boss.newPage();
  await page.goto("/audit?action=auth.sign_in_failed");
  await expect(page.getByText("client request client-chosen-id-1234").first()).toBeVisible();
  await boss.close();
});
