import { expect, test } from "@playwright/test";
import { admin, createUser, signInViaApi } from "./support/accounts";

test("[SIGN-IN] five wrong passwords lock the account with a clear message", async ({ browser, page }) => {
  const adminContext = await browser.newContext();
  await signInViaApi(adminContext, admin.email, admin.password);
  const user = await createUser(adminContext.request, "member");
  await adminContext.close();

  await page.goto("/login");
  for (let attempt = 1; attempt <= 5; attempt++) {
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(`wrong-password-${attempt}`);
    // Wait for this attempt's answer: the message from the previous attempt is still on screen.
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login"),
      page.getByRole("button", { name: "Sign in", exact: true }).click(),
    ]);
    await expect(page.getByTestId("form-error")).toHaveText("Invalid email or password.");
    // The answer re-renders the form and empties the password: fill the next attempt after that,
    // or the re-render can wipe what was typed and the attempt goes out without a password.
    await expect(page.getByLabel("Password")).toHaveValue("");
  }
  // Even the right password is refused now, with the rate-limit message.
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("form-error")).toContainText("Too many failed sign-in attempts");
});

test("[SIGN-IN] an unknown account gets the same message as a wrong password", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("nobody@example.test");
  await page.getByLabel("Password").fill("whatever-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("form-error")).toHaveText("Invalid email or password.");
});

test("[SIGN-IN] sign out ends the session", async ({ browser, page, context }) => {
  // A user of its own: sign-out ends every session of the user, other specs' admin sessions included.
  const adminContext = await browser.newContext();
  await signInViaApi(adminContext, admin.email, admin.password);
  const user = await createUser(adminContext.request, "member");
  await adminContext.close();
  await signInViaApi(context, user.email, user.password);
  await page.goto("/");
  await page.getByRole("button", { name: /Account menu/ }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  expect((await context.request.get("/api/v1/me")).status()).toBe(401);
});
