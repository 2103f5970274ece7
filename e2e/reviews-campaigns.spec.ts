import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { createUser, originHeaders, personOf, signedInContext } from "./support/accounts";
import { post, seedCredential, unique } from "./support/inventory-api";

test("[REVIEWS] security creates a campaign (sees the count), the owner reviews keep from their tasks, progress updates, the CSV downloads", async ({ browser }) => {
  const adminContext = await signedInContext(browser);
  const security = await createUser(adminContext.request, "security", `Sia Security ${unique("s")}`);
  const owner = await createUser(adminContext.request, "member", `Oona Owner ${unique("o")}`);
  const ownerPerson = await personOf(adminContext.request, owner.email);
  const teamName = unique("Review team");
  const team = await post<{ id: string }>(adminContext.request, "/api/v1/teams", { name: teamName, kind: "application" });
  const first = await seedCredential(adminContext.request, { teamId: team.id, ownerId: ownerPerson });
  const second = await seedCredential(adminContext.request, { teamId: team.id, ownerId: ownerPerson });

  // 1. Security builds the campaign and sees how many tasks it will create before creating it.
  const securityContext = await signedInContext(browser, security);
  const securityPage = await securityContext.newPage();
  await securityPage.goto("/reviews");
  await securityPage.getByRole("link", { name: "New campaign" }).first().click();
  await expect(securityPage).toHaveURL(/\/reviews\/campaigns\/new$/);
  await securityPage.getByLabel("Owning team").selectOption({ label: teamName });
  await expect(securityPage.getByTestId("campaign-preview")).toHaveText("This will create 2 review tasks for 1 owner.");
  const campaignName = unique("Quarterly review");
  await securityPage.getByLabel("Name").fill(campaignName);
  await securityPage.getByRole("button", { name: "Create campaign" }).click();
  await expect(securityPage).toHaveURL(/\/reviews\/campaigns\/[0-9a-f-]{36}$/);
  const campaignId = securityPage.url().split("/").at(-1) ?? "";
  await expect(securityPage.getByRole("heading", { level: 1 })).toHaveText(campaignName);
  await expect(securityPage.getByTestId("campaign-progress-summary")).toContainText("0 of 2 reviewed");
  await expect(securityPage.getByTestId("task-row")).toHaveCount(2);

  // 2. The owner (a member) sees the tasks under "My review tasks" and reviews one: keep.
  const ownerContext = await signedInContext(browser, owner);
  const ownerPage = await ownerContext.newPage();
  await ownerPage.goto("/reviews");
  await expect(ownerPage.getByRole("link", { name: "New campaign" })).toHaveCount(0);
  const myTasks = ownerPage.getByTestId("my-task-row");
  await expect(myTasks).toHaveCount(2);
  await myTasks.filter({ hasText: first.credential.name }).getByRole("link", { name: first.credential.name }).click();
  await expect(ownerPage).toHaveURL(new RegExp(`/inventory/${first.credential.id}\\?tab=lifecycle`));
  await expect(ownerPage.getByTestId("last-reviewed")).toHaveText("Never");
  await ownerPage.getByTestId("review-open").click();
  const dialog = ownerPage.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Keep").check();
  await dialog.getByLabel("Notes (optional)").fill("Still used by the billing worker");
  await dialog.getByRole("button", { name: "Record review" }).click();
  await expect(dialog).toBeHidden();
  await expect(ownerPage.getByTestId("review-row")).toHaveCount(1);
  await expect(ownerPage.getByTestId("review-row")).toContainText("Keep");
  await expect(ownerPage.getByTestId("last-reviewed")).not.toHaveText("Never");
  await ownerPage.goto("/reviews");
  await expect(ownerPage.getByTestId("my-task-row")).toHaveCount(1);
  await expect(ownerPage.getByTestId("my-task-row")).toContainText(second.credential.name);

  // 3. Progress updates for security: overall and per owner.
  await securityPage.reload();
  await expect(securityPage.getByTestId("campaign-progress-summary")).toContainText("1 of 2 reviewed");
  await expect(securityPage.getByTestId("owner-row")).toContainText(owner.name);
  await expect(securityPage.getByTestId("owner-row").getByTestId("progress-text")).toHaveText("1/2 (50%)");
  await securityPage.goto(`/reviews/campaigns/${campaignId}?status=done`);
  await expect(securityPage.getByTestId("task-row")).toHaveCount(1);
  await expect(securityPage.getByTestId("task-row")).toContainText("Keep");

  // 4. The CSV downloads with one row per task.
  const downloadPromise = securityPage.waitForEvent("download");
  await securityPage.getByTestId("campaign-export").click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^steward-campaign-.*\.csv$/);
  const csv = await readFile(await download.path(), "utf8");
  const lines = csv.trim().split("\r\n");
  expect(lines[0]).toBe("credential_key,credential_name,environment,owner,team,status,decision,reviewed_at,reviewer");
  expect(lines).toHaveLength(3);
  const reviewed = lines.find((l) => l.includes(first.credential.name));
  expect(reviewed).toContain(",done,keep,");
  expect(reviewed).toContain(owner.name);
  expect(lines.find((l) => l.includes(second.credential.name))).toContain(",open,,,");

  // 5. The campaigns list shows it with its progress.
  await securityPage.goto("/reviews");
  const row = securityPage.getByTestId("campaign-row").filter({ hasText: campaignName });
  await expect(row.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "1");
  await expect(row.getByTestId("progress-text")).toHaveText("1/2 (50%)");

  await Promise.all([adminContext.close(), securityContext.close(), ownerContext.close()]);
});

test("[DECOMMISSION] a revoke review goes straight on to decommissioning; the confirmation is required; the record is then read-only", async ({ browser }) => {
  const adminContext = await signedInContext(browser);
  const owner = await createUser(adminContext.request, "member", `Dara Owner ${unique("d")}`);
  const ownerPerson = await personOf(adminContext.request, owner.email);
  const { credential } = await seedCredential(adminContext.request, { ownerId: ownerPerson });
  await post(adminContext.request, `/api/v1/credentials/${credential.id}/secrets`, { kind: "client_secret", storage: "vault", storageRef: "vault://kv/billing", issuedAt: "2026-01-01" });

  const ownerContext = await signedInContext(browser, owner);
  const page = await ownerContext.newPage();
  await page.goto(`/inventory/${credential.id}?tab=lifecycle`);
  await expect(page.getByRole("link", { name: "Edit", exact: true })).toBeVisible();

  // The review decides to revoke: notes are required, then the decommission dialog follows, prefilled.
  await page.getByTestId("review-open").click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Revoke").check();
  await dialog.getByRole("button", { name: "Record review" }).click();
  await expect(dialog.getByTestId("error-review-notes")).toContainText("required");
  await dialog.getByLabel("Notes (required)").fill("The billing worker was retired");
  await dialog.getByRole("button", { name: "Record review" }).click();
  await expect(dialog.getByRole("heading", { name: /^Decommission/ })).toBeVisible();
  await expect(dialog.getByLabel("Reason")).toHaveValue("review_revoke");
  await expect(dialog).toContainText("Review recorded. Now decommission the credential.");

  // Without the confirmation the server refuses and names the field.
  await dialog.getByRole("button", { name: "Decommission", exact: true }).click();
  await expect(dialog.getByTestId("error-decommission-confirm")).toContainText("must be confirmed");
  await dialog.getByLabel("I confirm the client has been disabled at the authorization server.").check();
  await dialog.getByRole("button", { name: "Decommission", exact: true }).click();
  await expect(dialog).toBeHidden();

  // The record is shown read-only: reason, date and who; no Edit, no Review, no Decommission.
  const record = page.getByTestId("decommissioned-record");
  await expect(record).toContainText("Review decided to revoke");
  await expect(record).toContainText(owner.name);
  await expect(record).toContainText("Confirmed");
  await expect(page.getByTestId("decommissioned-banner")).toBeVisible();
  await expect(page.getByRole("link", { name: "Edit", exact: true })).toHaveCount(0);
  await expect(page.getByTestId("review-open")).toHaveCount(0);
  await expect(page.getByTestId("decommission-open")).toHaveCount(0);
  await page.goto(`/inventory/${credential.id}?tab=secrets`);
  await expect(page.getByTestId("secret-row")).toContainText("Revoked");

  // The API refuses every edit with 409.
  const patch = await ownerContext.request.patch(`/api/v1/credentials/${credential.id}`, { data: { name: "Renamed" }, headers: originHeaders() });
  expect(patch.status()).toBe(409);
  expect(((await patch.json()) as { error: { message: string } }).error.message).toMatch(/decommissioned.*read-only/);
  const adminPatch = await adminContext.request.patch(`/api/v1/credentials/${credential.id}`, { data: { status: "active" }, headers: originHeaders() });
  expect(adminPatch.status()).toBe(409);
  const again = await adminContext.request.post(`/api/v1/credentials/${credential.id}/decommission`, { data: { reason: "compromised", disabledAtServerConfirmed: true }, headers: originHeaders() });
  expect(again.status()).toBe(409);

  await Promise.all([adminContext.close(), ownerContext.close()]);
});
