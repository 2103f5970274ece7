import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { themeCookie } from "../lib/theme";
import { admin, appOrigin, createUser, signInViaApi } from "./support/accounts";
import { seriousA11yViolations } from "./support/axe";
import { concreteRoute, pageTabs, signedOutRoutes, unknownId, walkedRoutes, walkRecords, type WalkRecords } from "./support/walk";

/**
 * Issue 16 item 12: every page (the route table in lib/authz/pages, detail pages on real records)
 * and every open state — each dialog a page's buttons open, each disclosure, each tab, the command
 * palette, the user menu, the mobile drawer and filter panel — in the light and the dark theme,
 * with no serious or critical axe violation. One browser context per theme and one test per page,
 * so each stays well inside the timeout on a loaded machine; the whole page is checked once, its
 * tabs and open states only where they differ (the main region, the dialog).
 */
const themes = ["light", "dark"] as const;
type Theme = (typeof themes)[number];

const phone = { width: 390, height: 844 };
const phoneRoutes = ["/inventory", "/findings"];

let records: WalkRecords = {};
const contexts = new Map<Theme, BrowserContext>();

async function themedContext(browser: Browser, theme: Theme, email: string, password: string, viewport?: { width: number; height: number }) {
  const context = await browser.newContext({ colorScheme: theme, ...(viewport ? { viewport } : {}) });
  await context.addCookies([{ name: themeCookie, value: theme, url: appOrigin() }]);
  await signInViaApi(context, email, password);
  return context;
}

test.beforeAll(async ({ browser }) => {
  const adminContext = await browser.newContext();
  await signInViaApi(adminContext, admin.email, admin.password);
  records = await walkRecords(adminContext.request);
  await adminContext.close();
  for (const theme of themes) contexts.set(theme, await themedContext(browser, theme, admin.email, admin.password));
});

test.afterAll(async () => {
  for (const context of contexts.values()) await context.close();
  contexts.clear();
});

/** Waits for client-side data to settle (a refetch interval never blocks it: it only asks for 500 ms of quiet). */
async function settle(page: Page) {
  await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => undefined);
}

/** Collects axe's serious and critical findings (in the whole page, or within a part), prefixed with where; logged as found, so a timeout still shows them. */
async function check(page: Page, where: string, found: string[], within?: string) {
  for (const violation of await seriousA11yViolations(page, within)) {
    found.push(`${where} — ${violation}`);
    console.log(`[a11y] ${where} — ${violation}`);
  }
}

/**
 * Calls `open` with each enabled button the selector finds in the page's main region, and its name.
 * A name seen before on this page is the same component in another row (each secret's "Rotate", each
 * grant's "Review"): it is checked once, so a tab with many rows stays one bounded walk.
 */
async function eachButton(page: Page, selector: string, open: (button: Locator, name: string) => Promise<void>) {
  const buttons = page.locator(`main ${selector}:visible`);
  const count = await buttons.count();
  const seen = new Set<string>();
  for (let i = 0; i < count; i += 1) {
    const button = buttons.nth(i);
    if (await button.isDisabled()) continue;
    const name = (await button.getAttribute("aria-label")) ?? (await button.innerText()).trim();
    const kind = `${(await button.getAttribute("data-testid")) ?? ""}|${name.replace(/\d+/g, "#")}`;
    if (seen.has(kind)) continue;
    seen.add(kind);
    await open(button, name);
  }
}

/** Opens each dialog the page's buttons open (Radix triggers say aria-haspopup="dialog"), checks it, and closes it. */
async function checkDialogs(page: Page, where: string, found: string[]) {
  await eachButton(page, 'button[aria-haspopup="dialog"]', async (trigger, name) => {
    await trigger.click();
    const dialog = page.getByRole("dialog");
    await expect(dialog, `${where}: "${name}" opens a dialog`).toBeVisible();
    await check(page, `${where} + dialog "${name}"`, found, '[role="dialog"]');
    await page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);
  });
}

/** Opens each collapsed disclosure in the page (filter panels, inline editors), checks it, and closes it again. */
async function checkDisclosures(page: Page, where: string, found: string[]) {
  await eachButton(page, 'button[aria-expanded="false"]:not([aria-haspopup])', async (toggle, name) => {
    // Marked before it opens: its aria-expanded changes, and its name may be an aria-label ("Edit client
    // secret issued …") that no text filter finds — a lookup that finds nothing waited out the test.
    await toggle.evaluate((element) => element.setAttribute("data-walk-toggle", ""));
    await toggle.click();
    const opened = page.locator('[data-walk-toggle][aria-expanded="true"]');
    await expect(opened, `${where}: "${name}" expands`).toHaveCount(1);
    await check(page, `${where} + expanded "${name}"`, found, "main");
    await opened.click();
    await expect(page.locator('[data-walk-toggle][aria-expanded="false"]'), `${where}: "${name}" collapses`).toHaveCount(1);
    await page.locator("[data-walk-toggle]").evaluate((element) => element.removeAttribute("data-walk-toggle"));
  });
}

/** Inline confirmations (a button that swaps itself for "Confirm …" and "Cancel"), by the opener's test id. */
const inlineConfirms = ["campaign-close"];

async function checkInlineConfirms(page: Page, where: string, found: string[]) {
  for (const testId of inlineConfirms) {
    const opener = page.getByTestId(testId);
    if (!(await opener.isVisible())) continue;
    await opener.click();
    await expect(page.getByRole("button", { name: "Cancel" })).toBeVisible();
    await check(page, `${where} + confirm "${testId}"`, found, "main");
    await page.getByRole("button", { name: "Cancel" }).click();
  }
}

/** One page (or one tab of it) with every open state it has; returns the ids of its other tabs. */
async function walkPage(page: Page, url: string, theme: Theme, found: string[]): Promise<string[]> {
  const where = `${url} (${theme})`;
  const response = await page.goto(url);
  const status = response?.status() ?? 0;
  if (status >= 400) found.push(`${where} — HTTP ${status}`);
  await settle(page);
  // Closed <details> hide their content from axe; open them all.
  await page.evaluate(() => document.querySelectorAll("main details").forEach((d) => ((d as HTMLDetailsElement).open = true)));
  await check(page, where, found);
  await checkDialogs(page, where, found);
  await checkDisclosures(page, where, found);
  await checkInlineConfirms(page, where, found);
  const tabs = await page.locator('main [role="tab"][aria-selected="false"]').evaluateAll((links) => links.map((l) => l.getAttribute("href") ?? ""));
  return tabs.map((href) => new URL(href, "http://x").searchParams.get("tab") ?? "").filter(Boolean);
}

for (const theme of themes) {
  for (const route of walkedRoutes) {
    test(`[A11Y WALK] ${theme}: ${route}`, async () => {
      const context = contexts.get(theme);
      if (!context) throw new Error(`no ${theme} context`);
      const page = await context.newPage();
      const found: string[] = [];
      const tabs = await walkPage(page, concreteRoute(route, records), theme, found);
      await page.close();
      expect(found).toEqual([]);
      expect(tabs, `${route}'s tabs: list them in pageTabs (e2e/support/walk.ts)`).toEqual(pageTabs[route] ?? []);
    });
    for (const tab of pageTabs[route] ?? []) {
      test(`[A11Y WALK] ${theme}: ${route}?tab=${tab}`, async () => {
        const context = contexts.get(theme);
        if (!context) throw new Error(`no ${theme} context`);
        const page = await context.newPage();
        const found: string[] = [];
        await walkPage(page, `${concreteRoute(route, records)}?tab=${tab}`, theme, found);
        await page.close();
        expect(found).toEqual([]);
      });
    }
  }

  test(`[A11Y WALK] ${theme}: shell open states — command palette, user menu, mobile drawer`, async () => {
    const context = contexts.get(theme);
    if (!context) throw new Error(`no ${theme} context`);
    const page = await context.newPage();
    const found: string[] = [];
    await page.goto("/dashboard");
    await settle(page);
    await page.keyboard.press("Control+k");
    await page.getByRole("combobox", { name: /Search pages/ }).fill("a");
    await expect(page.getByRole("option").first()).toBeVisible();
    await check(page, `command palette (${theme})`, found, '[role="dialog"]');
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: /Account menu/ }).click();
    await expect(page.getByRole("menu")).toBeVisible();
    await check(page, `user menu (${theme})`, found, '[role="menu"]');
    await page.keyboard.press("Escape");
    await page.setViewportSize(phone);
    await page.getByRole("button", { name: "Menu", exact: true }).click();
    await expect(page.getByRole("dialog", { name: "Menu" })).toBeVisible();
    await check(page, `mobile drawer (${theme})`, found, '[role="dialog"]');
    await page.close();
    expect(found).toEqual([]);
  });

  // At phone width the list filters sit behind a "Filters" disclosure, which the walk opens.
  for (const route of phoneRoutes) {
    test(`[A11Y WALK] ${theme}: ${route} at phone width, filter panel open`, async () => {
      const context = contexts.get(theme);
      if (!context) throw new Error(`no ${theme} context`);
      const page = await context.newPage();
      await page.setViewportSize(phone);
      const found: string[] = [];
      await walkPage(page, route, theme, found);
      await page.close();
      expect(found).toEqual([]);
    });
  }

  test(`[A11Y WALK] ${theme}: 404 in the app and outside it`, async () => {
    const context = contexts.get(theme);
    if (!context) throw new Error(`no ${theme} context`);
    const found: string[] = [];
    const page = await context.newPage();
    for (const url of [`/inventory/${unknownId}`, "/no-such-page"]) {
      expect((await page.goto(url))?.status(), url).toBe(404);
      // One main landmark, in the shell or not (axe calls a nested one only "moderate").
      await expect(page.locator("main"), url).toHaveCount(1);
      await check(page, `${url} (${theme})`, found);
    }
    await page.close();
    expect(found).toEqual([]);
  });

  test(`[A11Y WALK] ${theme}: 403 for a member`, async ({ browser }) => {
    const context = contexts.get(theme);
    if (!context) throw new Error(`no ${theme} context`);
    const found: string[] = [];
    const adminRequest = context.request;
    const member = await createUser(adminRequest, "member");
    const memberContext = await themedContext(browser, theme, member.email, member.password);
    const memberPage = await memberContext.newPage();
    expect((await memberPage.goto("/audit"))?.status()).toBe(403);
    await expect(memberPage.locator("main")).toHaveCount(1);
    await check(memberPage, `403 /audit as a member (${theme})`, found);
    await memberContext.close();
    expect(found).toEqual([]);
  });

  test(`[A11Y WALK] ${theme}: the signed-out pages`, async ({ browser }) => {
    const found: string[] = [];
    const anonymous = await browser.newContext({ colorScheme: theme });
    await anonymous.addCookies([{ name: themeCookie, value: theme, url: appOrigin() }]);
    const anonymousPage = await anonymous.newPage();
    for (const url of signedOutRoutes) {
      await anonymousPage.goto(url);
      await settle(anonymousPage);
      await check(anonymousPage, `${url} signed out (${theme})`, found);
    }
    await anonymous.close();
    expect(found).toEqual([]);
  });
}
