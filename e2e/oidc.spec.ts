import { expect, test, type Page } from "@playwright/test";
import { admin, createUser, originHeaders, signInViaApi } from "./support/accounts";

async function signInAtProvider(page: Page, login: string) {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in with Test IdP" }).click();
  // oidc-provider's development login and consent pages.
  await page.locator("input[name=login]").fill(login);
  await page.locator("input[name=password]").fill("any-password");
  await page.locator("button[type=submit]").click();
  const consent = page.locator("button[type=submit]", { hasText: /continue|authorize/i });
  if (await consent.isVisible().catch(() => false)) await consent.click();
}

test("[OIDC] a known user signs in through a real OpenID provider", async ({ browser, page }) => {
  const adminContext = await browser.newContext();
  await signInViaApi(adminContext, admin.email, admin.password);
  const user = await createUser(adminContext.request, "security", "Sam Sso");
  await adminContext.close();

  await signInAtProvider(page, user.email);
  await expect(page).not.toHaveURL(/localhost:3300/);
  expect(new URL(page.url()).searchParams.get("error")).toBeNull();
  await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: "Account menu for Sam Sso" })).toBeVisible();
  const me = (await (await page.request.get("/api/v1/me")).json()) as { email: string; role: string };
  expect(me).toMatchObject({ email: user.email, role: "security" });
});

test("[OIDC] an identity Steward does not know is refused", async ({ page }) => {
  await signInAtProvider(page, "stranger@example.test");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByTestId("form-error")).toContainText("Single sign-on did not let you in");
  expect((await page.request.get("/api/v1/me")).status()).toBe(401);
});

test("[OIDC] a known user whose provider does not say the email is verified is refused", async ({ browser, page }) => {
  const adminContext = await browser.newContext();
  await signInViaApi(adminContext, admin.email, admin.password);
  const email = `unverified.${Date.now().toString(36)}@example.test`;
  const created = await adminContext.request.post("/api/v1/users", { data: { name: "Una Verified", email, role: "member" }, headers: originHeaders() });
  expect(created.status()).toBe(201);
  await adminContext.close();

  await signInAtProvider(page, email);
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByTestId("form-error")).toContainText("Single sign-on did not let you in");
  expect((await page.request.get("/api/v1/me")).status()).toBe(401);
});
