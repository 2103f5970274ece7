import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { admin, createUser, signInViaApi } from "./support/accounts";
import { post, seedCredential, unique } from "./support/inventory-api";

/**
 * Issue 16 items 3 and 4: security triages findings from the list (bulk assign, bulk risk acceptance), sees
 * the assignee on a finding's detail, and acts on an open finding from the Overview without leaving it.
 * With SCREENSHOTS_DIR set, the list, a detail and the Overview are captured in light and dark theme.
 */
const shots = process.env.SCREENSHOTS_DIR;

async function capture(context: BrowserContext, page: Page, name: string) {
  if (!shots) return;
  for (const theme of ["light", "dark"] as const) {
    await context.addCookies([{ name: "steward-theme", value: theme, url: page.url() }]);
    await page.reload();
    await page.screenshot({ path: `${shots}/${name}-${theme}.png`, fullPage: true });
  }
}

/**
 * Two production credentials of one team, neither with a backup owner (backup-owner-missing fires on both), an
 * active person to assign or approve, and a security user on the findings list of that rule and team.
 */
async function twoFindings(browser: Browser) {
  const adminContext = await browser.newContext();
  await signInViaApi(adminContext, admin.email, admin.password);
  const personName = `Tia Triage ${unique("t")}`;
  await post(adminContext.request, "/api/v1/people", { name: personName, email: `${unique("tia").toLowerCase()}@example.test`, isActive: true });
  const first = await seedCredential(adminContext.request);
  const second = await seedCredential(adminContext.request, { teamId: first.teamId });
  const security = await createUser(adminContext.request, "security", `Sia Security ${unique("s")}`);
  const context = await browser.newContext();
  await signInViaApi(context, security.email, security.password);
  const page = await context.newPage();
  const list = `/findings?teamId=${first.teamId}&rule=backup-owner-missing`;
  await page.goto(list);
  const rows = page.getByTestId("finding-row");
  await expect(rows).toHaveCount(2);
  return { adminContext, context, page, personName, first, second, list, rows };
}

test("[TRIAGE] security assigns two findings from the findings list; the detail shows the assignee; a member sees no triage controls", async ({ browser }) => {
  const { adminContext, context, page, personName: assigneeName, list, rows } = await twoFindings(browser);
  await expect(page.getByRole("navigation", { name: "Filter by status" }).getByRole("link", { name: /^Open/ })).toContainText("2");

  // Bulk assign: select all on the page, choose the person, both rows show them.
  await expect(page.getByTestId("triage-assign")).toBeDisabled();
  await page.getByTestId("finding-select-all").check();
  await expect(page.getByTestId("triage-count")).toHaveText("2 findings selected");
  await page.getByTestId("triage-assign").click();
  const assign = page.getByRole("dialog", { name: "Assign 2 findings" });
  await assign.getByLabel("Assign to").selectOption({ label: assigneeName });
  await assign.getByRole("button", { name: "Assign" }).click();
  await expect(page.getByTestId("triage-done")).toContainText("2 assigned.");
  await expect(rows.getByTestId("finding-assignee")).toHaveText([assigneeName, assigneeName]);
  await expect(page.getByTestId("triage-count")).toHaveText("No findings selected");
  await capture(context, page, "findings-list");
  // Detail view: who it is assigned to, and a Reassign action.
  await page.getByTestId("finding-link").first().click();
  await expect(page).toHaveURL(/\/findings\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("finding-assignee")).toHaveText(assigneeName);
  await expect(page.getByTestId("finding-assign")).toHaveText("Reassign…");
  await capture(context, page, "finding-detail");
  await context.close();

  // A member sees the assignee but no triage controls.
  const member = await createUser(adminContext.request, "member");
  const memberContext = await browser.newContext();
  await signInViaApi(memberContext, member.email, member.password);
  const memberPage = await memberContext.newPage();
  await memberPage.goto(list);
  await expect(memberPage.getByTestId("finding-row").getByTestId("finding-assignee")).toHaveText([assigneeName, assigneeName]);
  await expect(memberPage.getByTestId("triage-bar")).toHaveCount(0);
  await expect(memberPage.getByTestId("finding-select")).toHaveCount(0);
  await memberContext.close();
  await adminContext.close();
});

test("[TRIAGE] security accepts the risk of one of two findings from the findings list; blank terms are named", async ({ browser }) => {
  const { adminContext, context, page, personName: approverName, first, second, list, rows } = await twoFindings(browser);

  // Bulk exception of the first row only: blank terms are named, then accepted; the row leaves the Open tab.
  const firstRow = rows.filter({ hasText: first.credential.name });
  await firstRow.getByTestId("finding-select").check();
  await page.getByTestId("triage-except").click();
  const except = page.getByRole("dialog", { name: "Accept the risk of 1 finding" });
  await except.getByRole("button", { name: "Accept the risk" }).click();
  await expect(except.getByText("is required").first()).toBeVisible();
  await except.getByLabel("Justification").fill("Single maintainer until the Q3 hire");
  await except.getByLabel("Compensating control").fill("Weekly on-call review of the client");
  await except.getByLabel("Approver (accountable for the risk)").selectOption({ label: approverName });
  await except.getByRole("button", { name: "Accept the risk" }).click();
  await expect(page.getByTestId("triage-done")).toContainText("1 accepted by exception.");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(second.credential.name);
  await page.goto(`${list}&status=excepted`);
  await expect(page.getByTestId("finding-row")).toHaveCount(1);
  await expect(page.getByTestId("finding-row").first()).toContainText(first.credential.name);

  await context.close();
  await adminContext.close();
});

test("[TRIAGE] the Overview lists a team's open findings most severe first and requests a rotation inline", async ({ browser }) => {
  const context = await browser.newContext();
  await signInViaApi(context, admin.email, admin.password);
  const { teamId, credential } = await seedCredential(context.request);
  // A secret issued two years ago: rotation-overdue (high), fixed by a rotation.
  await post(context.request, `/api/v1/credentials/${credential.id}/secrets`, { kind: "client_secret", storage: "vault", issuedAt: new Date(Date.now() - 730 * 86_400_000).toISOString() });
  const page = await context.newPage();
  await page.goto(`/dashboard?teamId=${teamId}`);
  const overview = page.getByTestId("overview-findings");
  await expect(overview.getByTestId("overview-finding").first()).toBeVisible();
  const severities = await overview.getByTestId("severity-badge").evaluateAll((els) => els.map((e) => e.getAttribute("data-severity") ?? ""));
  const rank = { critical: 0, high: 1, medium: 2, low: 3 } as Record<string, number>;
  expect(severities.map((s) => rank[s])).toEqual([...severities.map((s) => rank[s])].sort());
  await capture(context, page, "overview");

  const row = overview.getByTestId("overview-finding").and(page.locator('[data-rule="rotation-overdue"]'));
  await row.getByTestId("next-action-rotate").click();
  await expect(row.getByRole("status")).toHaveText("Rotation requested");
  const requests = (await (await context.request.get(`/api/v1/rotation-requests?credentialId=${credential.id}&status=open`)).json()) as { items: { reason: string }[] };
  expect(requests.items.map((r) => r.reason)).toEqual(["scheduled"]);
  await context.close();
});

test("[FINDINGS] a phone gets 25 findings a page with a link to the next and the filters folded, a wide screen 50 with them open, and ?limit= still decides", async ({ browser }) => {
  const adminContext = await browser.newContext();
  await signInViaApi(adminContext, admin.email, admin.password);
  // At least 26 open findings: each seeded credential opens some (a production credential with no backup owner).
  for (;;) {
    const open = (await (await adminContext.request.get("/api/v1/findings?status=open&limit=26")).json()) as { items: unknown[] };
    if (open.items.length >= 26) break;
    await seedCredential(adminContext.request);
  }
  const state = await adminContext.storageState();
  await adminContext.close();
  const phoneUserAgent = "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";
  const phone = await browser.newContext({ storageState: state, userAgent: phoneUserAgent, viewport: { width: 390, height: 844 } });
  const page = await phone.newPage();
  await page.goto("/findings?status=open");
  await expect(page.getByTestId("finding-row")).toHaveCount(25);
  // The filters fold behind "Filters" on a phone, so the findings are on the first screen.
  await expect(page.getByLabel("Severity")).toBeHidden();
  await expect(page.getByTestId("finding-row").first()).toBeInViewport();
  await page.getByText("Filters", { exact: true }).click();
  await expect(page.getByLabel("Severity")).toBeVisible();
  await page.getByRole("link", { name: "Next page →" }).click();
  await expect(page.getByTestId("finding-row").first()).toBeVisible();
  await page.goto("/findings?status=open&limit=26");
  await expect(page.getByTestId("finding-row")).toHaveCount(26);
  await phone.close();

  const wide = await browser.newContext({ storageState: state });
  const widePage = await wide.newPage();
  const total = ((await (await wide.request.get("/api/v1/findings?status=open&limit=50")).json()) as { items: unknown[] }).items.length;
  await widePage.goto("/findings?status=open");
  await expect(widePage.getByTestId("finding-row")).toHaveCount(total);
  await expect(widePage.getByLabel("Severity")).toBeVisible();
  await wide.close();
});
