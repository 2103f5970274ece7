import { expect, test } from "@playwright/test";
import { admin, createUser, signInViaApi } from "./support/accounts";
import { patch, post, seedCredential, unique } from "./support/inventory-api";

/** DESIGN §8.6 / issue 15 "Point in time": an auditor opens the inventory as it was before a rename. */
test("[AS-OF] an auditor opens the inventory as of an earlier instant: a read-only banner and the old name", async ({ browser }) => {
  const adminContext = await browser.newContext();
  await signInViaApi(adminContext, admin.email, admin.password);
  const team = await post<{ id: string }>(adminContext.request, "/api/v1/teams", { name: unique("As-of team"), kind: "application" });
  const { credential } = await seedCredential(adminContext.request, { teamId: team.id });
  await new Promise((resolve) => setTimeout(resolve, 50));
  const before = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const renamed = unique("Renamed client");
  await patch(adminContext.request, `/api/v1/credentials/${credential.id}`, { name: renamed });
  const auditor = await createUser(adminContext.request, "auditor", `Aud Itor ${unique("a")}`);

  const context = await browser.newContext();
  await signInViaApi(context, auditor.email, auditor.password);
  const page = await context.newPage();

  // Now: the new name, no banner; the As of control is in the filter bar.
  await page.goto(`/inventory?teamId=${team.id}`);
  await expect(page.getByRole("link", { name: renamed }).first()).toBeVisible();
  await expect(page.getByLabel("As of")).toBeVisible();
  await expect(page.getByTestId("as-of-banner")).toHaveCount(0);

  // As of the instant before the rename: the old name under a read-only banner.
  await page.goto(`/inventory?teamId=${team.id}&asOf=${encodeURIComponent(before)}`);
  await expect(page.getByTestId("as-of-banner")).toContainText("Showing the inventory as it was on");
  await expect(page.getByTestId("as-of-banner")).toContainText("read-only");
  await expect(page.getByRole("link", { name: credential.name }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: renamed })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Add a credential" })).toHaveCount(0);

  // A day before history began: the page says from when history is kept instead of showing the present.
  await page.goto(`/inventory?asOf=2001-01-01`);
  await expect(page.getByTestId("as-of-banner")).toContainText("keeps history from");
  await context.close();

  // Someone who may add credentials sees no write action on the past either.
  const adminPage = await adminContext.newPage();
  await adminPage.goto(`/inventory?teamId=${team.id}`);
  await expect(adminPage.getByRole("link", { name: "Add a credential" }).first()).toBeVisible();
  await adminPage.goto(`/inventory?teamId=${team.id}&asOf=${encodeURIComponent(before)}`);
  await expect(adminPage.getByTestId("as-of-banner")).toBeVisible();
  await expect(adminPage.getByRole("link", { name: "Add a credential" })).toHaveCount(0);
  await adminContext.close();
});
