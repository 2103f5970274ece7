import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { createUser, signedInContext } from "./support/accounts";
import { post, seedCredential, unique } from "./support/inventory-api";

const twoYearsAgo = () => new Date(Date.now() - 730 * 86_400_000).toISOString();

/** How many credentials the inventory API lists for these filters (every page walked). */
async function countListed(request: APIRequestContext, search: URLSearchParams): Promise<number> {
  let total = 0;
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams(search);
    params.set("limit", "200");
    if (cursor) params.set("cursor", cursor);
    const page = (await (await request.get(`/api/v1/credentials?${params.toString()}`)).json()) as { items: unknown[]; nextCursor: string | null };
    total += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return total;
}

const statNumber = async (page: Page, testId: string) => Number((await page.getByTestId(testId).locator("dd span").first().innerText()).replace(/[^\d]/g, ""));


test("[DASHBOARD] security reads the dashboard, drills into a team, and follows its overdue rotations to exactly those credentials", async ({ browser }) => {
  const adminContext = await signedInContext(browser);
  const security = await createUser(adminContext.request, "security", unique("Sasha Security"));
  await adminContext.close();

  const context = await signedInContext(browser, security);
  // A team with two overdue production credentials (secrets issued two years ago) and one without a secret.
  const ownerName = unique("Olu Owner");
  const owner = await post<{ id: string }>(context.request, "/api/v1/people", { name: ownerName, email: `${unique("olu")}@example.test`, isActive: true });
  const first = await seedCredential(context.request, { ownerId: owner.id });
  const teamName = ((await (await context.request.get(`/api/v1/teams/${first.teamId}`)).json()) as { name: string }).name;
  const second = await seedCredential(context.request, { teamId: first.teamId });
  await seedCredential(context.request, { teamId: first.teamId });
  for (const c of [first.credential, second.credential]) {
    await post(context.request, `/api/v1/credentials/${c.id}/secrets`, { kind: "client_secret", storage: "vault", issuedAt: twoYearsAgo() });
  }

  const page = await context.newPage();
  await page.goto("/");
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
  // Figures as of now (the scheduler may have counted before the seeding above).
  await Promise.all([page.waitForResponse((r) => r.url().includes("/api/v1/dashboard?") && r.url().includes("fresh=true") && r.ok()), page.getByRole("button", { name: "Refresh now" }).click()]);

  // The organisation-wide number equals the list it links to.
  const overdue = await countListed(context.request, new URLSearchParams({ status: "active", due: "overdue" }));
  expect(overdue).toBeGreaterThanOrEqual(2);
  await expect.poll(() => statNumber(page, "stat-rotations-overdue")).toBe(overdue);
  await expectNoSeriousA11yViolations(page, "dashboard");

  // The environment filter lives in the URL and narrows every figure.
  await page.getByRole("combobox", { name: "Environment", exact: true }).selectOption("production");
  await expect(page).toHaveURL(/environment=production/);
  const productionOverdue = await countListed(context.request, new URLSearchParams({ status: "active", due: "overdue", environment: "production" }));
  await expect.poll(() => statNumber(page, "stat-rotations-overdue")).toBe(productionOverdue);
  await page.getByRole("combobox", { name: "Environment", exact: true }).selectOption("");

  // Drill into the team from the per-team table (sorted by most overdue first).
  await page.getByRole("button", { name: /Rotations overdue/ }).click();
  await page.getByRole("button", { name: /Rotations overdue/ }).click();
  await expect(page).toHaveURL(/sort=rotationsOverdue&dir=desc/);
  const row = page.getByTestId("team-row").filter({ hasText: teamName });
  await expect(row).toBeVisible();
  await row.getByRole("link", { name: teamName }).click();
  await expect(page).toHaveURL(new RegExp(`/teams/${first.teamId}`));
  await expect(page.getByRole("heading", { name: teamName, level: 1 })).toBeVisible();
  expect(await statNumber(page, "stat-active")).toBe(3);
  expect(await statNumber(page, "stat-rotations-overdue")).toBe(2);
  // Who holds what: the owner of one of the three.
  const holder = page.getByTestId("holder-row").filter({ hasText: ownerName });
  await expect(holder).toBeVisible();
  await expect(holder.getByRole("link", { name: `${ownerName} owns 1 — show them` })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "team page");

  // Follow the team's overdue number: the inventory filtered to exactly those two credentials.
  await page.getByTestId("stat-rotations-overdue").getByRole("link").click();
  await expect(page).toHaveURL(/\/inventory\?/);
  const url = new URL(page.url());
  expect(Object.fromEntries(url.searchParams)).toEqual({ status: "active", due: "overdue", teamId: first.teamId });
  await expect(page.getByTestId("credential-row")).toHaveCount(2);
  await expect(page.getByTestId("credential-row").filter({ hasText: first.credential.name })).toBeVisible();
  await expect(page.getByTestId("credential-row").filter({ hasText: second.credential.name })).toBeVisible();
  await context.close();
});

test("[DASHBOARD] the trends are charts with their numbers as a table, and the API serves the same figures", async ({ browser }) => {
  const context = await signedInContext(browser);
  const page = await context.newPage();
  await page.goto("/dashboard");
  const overdueTrend = page.getByTestId("trend-overdue");
  await expect(overdueTrend.getByText(/Overdue rotations, last 90 days/)).toBeVisible();
  await overdueTrend.getByText("Show the numbers").click();
  const table = overdueTrend.getByRole("table", { name: "Overdue rotations per day" });
  await expect(table).toBeVisible();
  const api = (await (await context.request.get("/api/v1/dashboard/trends")).json()) as { points: { day: string; rotationsOverdue: number }[] };
  expect(api.points.length).toBeGreaterThan(0);
  await expect(table.getByRole("row")).toHaveCount(api.points.length + 1);
  const bad = await context.request.get("/api/v1/dashboard?environment=moon");
  expect(bad.status()).toBe(422);
  expect(((await bad.json()) as { error: { details: { fields: Record<string, string[]> } } }).error.details.fields).toHaveProperty("environment");
  await context.close();
});
