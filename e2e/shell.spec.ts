import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { admin, createUser, personOf, signInViaApi } from "./support/accounts";
import { seedCredential } from "./support/inventory-api";

/** Opens the command palette with a few letters typed (options listed), checks it with axe, closes it. */
async function expectPaletteAccessible(page: Page, theme: "light" | "dark") {
  await page.keyboard.press("Control+k");
  await page.getByRole("combobox", { name: /Search pages/ }).fill("inv");
  await expect(page.getByRole("option").first()).toBeVisible();
  await expectNoSeriousA11yViolations(page, `palette open, ${theme}`);
  await page.keyboard.press("Escape");
}

test.beforeEach(async ({ context }) => {
  await signInViaApi(context, admin.email, admin.password);
});

test("[SHELL] Ctrl+K finds a credential by name and Enter opens it", async ({ page, context }) => {
  const { credential } = await seedCredential(context.request);
  await page.goto("/dashboard");
  await page.keyboard.press("Control+k");
  const combobox = page.getByRole("combobox", { name: /Search pages/ });
  await expect(combobox).toBeFocused();
  await combobox.fill(credential.name);
  const option = page.getByRole("option", { name: new RegExp(credential.name) });
  await expect(option).toBeVisible();
  await expect(option).toHaveAttribute("aria-selected", "true");
  await expect(combobox).toHaveAttribute("aria-activedescendant", (await option.getAttribute("id")) ?? "");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/inventory/${credential.id}$`));
  await expect(page.getByRole("dialog")).toHaveCount(0);

  // Pages come from the navigation table; arrows move, Escape closes.
  await page.keyboard.press("Control+k");
  await page.getByRole("combobox", { name: /Search pages/ }).fill("audit log");
  await expect(page.getByRole("option", { name: /Audit log/ })).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
});

test("[SHELL] at 1440×900 every link down to Admin is in view without scrolling, and the current page is marked", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/audit");
  const nav = page.getByRole("navigation", { name: "Main", exact: true });
  for (const name of ["Dashboard", "Findings", "Audit log", "Users", "API tokens", "API"]) {
    await expect(nav.getByRole("link", { name, exact: true })).toBeInViewport();
  }
  await expect(nav.getByRole("link", { name: "Audit log" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Dashboard" })).not.toHaveAttribute("aria-current", "page");
});

test("[SHELL] at 390×844 the menu button opens the grouped navigation and reaches the Admin links", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/dashboard");
  await expect(page.getByRole("navigation", { name: "Main", exact: true })).toBeHidden();
  await page.getByRole("button", { name: "Menu", exact: true }).click();
  const drawer = page.getByRole("dialog", { name: "Menu" });
  const nav = drawer.getByRole("navigation", { name: "Main (mobile)" });
  await expect(nav.getByRole("heading", { name: "Admin" })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "mobile menu open");
  await nav.getByRole("link", { name: "Users" }).click();
  await expect(page).toHaveURL(/\/settings\/users$/);
  await expect(drawer).toBeHidden();
  // No horizontal scroll at phone width.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test("[SHELL] at 390×844 record pages with wide tables and the API reference scroll inside their boxes, not the page", async ({ page, context }) => {
  const ownerId = await personOf(context.request, admin.email);
  const { teamId, api, credential } = await seedCredential(context.request, { ownerId });
  await page.setViewportSize({ width: 390, height: 844 });
  for (const [path, ready] of [
    [`/teams/${teamId}`, "holders-table"],
    [`/inventory/${credential.id}?tab=secrets`, null],
    [`/apis/${api.id}`, null],
    ["/api-docs", null],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    if (ready) await expect(page.getByTestId(ready)).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
  }
});

test("[SHELL] the theme switches to dark from the user menu and stays dark after a reload; axe finds nothing serious in either theme", async ({ page }) => {
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "dashboard, light");

  await page.getByRole("button", { name: /Account menu/ }).click();
  await expect(page.getByRole("menuitem", { name: "API tokens" })).toBeVisible();
  await expect(page.getByRole("menuitem", { name: "Sign out everywhere" })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "user menu open, light");
  await page.getByRole("menuitemradio", { name: "Dark" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.keyboard.press("Escape");

  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe("rgb(2, 6, 23)");
  await expectNoSeriousA11yViolations(page, "dashboard, dark");

  await page.getByRole("button", { name: /Account menu/ }).click();
  await expect(page.getByRole("menuitemradio", { name: "Dark" })).toHaveAttribute("aria-checked", "true");
  await expectNoSeriousA11yViolations(page, "user menu open, dark");
  await page.keyboard.press("Escape");

  await expectPaletteAccessible(page, "dark");

  // Back to light for the palette's own check, then to the OS setting.
  await page.getByRole("button", { name: /Account menu/ }).click();
  await page.getByRole("menuitemradio", { name: "Light" }).click();
  await page.keyboard.press("Escape");
  await expectPaletteAccessible(page, "light");
  await page.getByRole("button", { name: /Account menu/ }).click();
  await page.getByRole("menuitemradio", { name: "System" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "system");
});

test("[SHELL] with the OS in dark mode and the theme left on System, the app is dark", async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: "dark" });
  await signInViaApi(context, admin.email, admin.password);
  const page = await context.newPage();
  await page.goto("/dashboard");
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(2, 6, 23)");
  await expectNoSeriousA11yViolations(page, "dashboard, OS dark");
  await context.close();
});

test("[SHELL] the account menu, fetched on first use, opens from the keyboard and gives focus back when closed", async ({ page }) => {
  await page.goto("/inventory");
  await expect(page.getByRole("heading", { name: "Inventory", level: 1 })).toBeVisible();
  const button = page.getByRole("button", { name: /Account menu/ });
  const menu = page.getByRole("menu");
  // The skeleton's heading can be on screen before the page is interactive: a key pressed before
  // hydration reaches no handler, so the press is repeated until the menu answers.
  await expect(async () => {
    await button.focus();
    await page.keyboard.press("Enter");
    await expect(menu).toBeVisible({ timeout: 1_000 });
  }).toPass();
  // Focus is inside the open menu, and the arrow keys move through its items.
  await expect.poll(() => page.evaluate(() => document.activeElement?.closest("[role=menu]") !== null)).toBe(true);
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("menuitem").first()).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(button).toBeFocused();
  // From then on it is the menu button itself: ArrowDown opens it too.
  await page.keyboard.press("ArrowDown");
  await expect(menu).toBeVisible();
  await page.keyboard.press("Escape");
});

test("[SHELL] a page's response carries one signed-in shell, and a refused page is drawn inside it with a 403", async ({ context, browser }) => {
  // Next renders boundary components (forbidden.tsx, not-found.tsx) with every request and sends them in
  // the page's payload; one that drew the shell would double its HTML and its database reads per request.
  const shellsIn = (body: string) => body.split("profileHref").length - 1;
  for (const path of ["/dashboard", "/inventory", "/settings/users"]) {
    const response = await context.request.get(path);
    expect(response.status(), path).toBe(200);
    expect(shellsIn(await response.text()), `${path}: the account menu's props, once per shell`).toBe(1);
  }
  const member = await createUser(context.request, "member");
  const memberContext = await browser.newContext();
  await signInViaApi(memberContext, member.email, member.password);
  const page = await memberContext.newPage();
  const refused = await memberContext.request.get("/settings/users");
  expect(refused.status()).toBe(403);
  expect(shellsIn(await refused.text())).toBe(1);
  const response = await page.goto("/settings/users");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
  // In the shell: its skip link, and the one <main> is the shell's, holding the refusal.
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeAttached();
  await expect(page.getByRole("main")).toHaveAttribute("id", "main");
  await expect(page.getByRole("main")).toContainText("You do not have access to this page");
  await memberContext.close();
});
