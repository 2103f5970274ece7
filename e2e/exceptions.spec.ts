import { expect, test } from "@playwright/test";
import { admin, createUser, signInViaApi } from "./support/accounts";
import { post, seedCredential, unique } from "./support/inventory-api";

/** DESIGN §5.3: security accepts a finding's risk from the credential page, sees it excepted, revokes it. */
test("[EXCEPTIONS] security accepts a finding's risk, the finding shows excepted, revoking reopens it", async ({ browser }) => {
  const adminContext = await browser.newContext();
  await signInViaApi(adminContext, admin.email, admin.password);
  const approverName = `Ann Approver ${unique("a")}`;
  await post(adminContext.request, "/api/v1/people", { name: approverName, email: `${unique("approver").toLowerCase()}@example.test`, isActive: true });
  // Production without a backup owner: the backup-owner-missing rule fires.
  const { credential } = await seedCredential(adminContext.request);
  const security = await createUser(adminContext.request, "security", `Sia Security ${unique("s")}`);

  const context = await browser.newContext();
  await signInViaApi(context, security.email, security.password);
  const page = await context.newPage();
  await page.goto(`/inventory/${credential.id}?tab=controls`);
  const finding = page.getByTestId("posture-finding").filter({ hasText: "Backup owner missing" });
  await expect(finding).toBeVisible();
  await finding.getByTestId("accept-risk").click();
  await expect(page).toHaveURL(/\/exceptions\/new\?findingId=/);
  await expect(page.getByLabel("Rule")).toHaveValue("backup-owner-missing");
  await expect(page.getByText(`For the credential ${credential.name} only.`)).toBeVisible();

  // Blank fields are named; then a valid exception.
  await page.getByRole("button", { name: "Accept the risk" }).click();
  await expect(page.getByText("is required").first()).toBeVisible();
  await page.getByLabel("Justification").fill("Single maintainer until the Q3 hire");
  await page.getByLabel("Compensating control").fill("Weekly on-call review of the client");
  await page.getByLabel("Approver (accountable for the risk)").selectOption({ label: approverName });
  await page.getByRole("button", { name: "Accept the risk" }).click();
  await expect(page).toHaveURL(/\/exceptions$/);
  const row = page.getByTestId("exception-row").filter({ hasText: credential.name });
  await expect(row).toContainText("Single maintainer");
  await expect(row).toContainText(/in (89|90) days/);

  await page.goto(`/inventory/${credential.id}?tab=controls`);
  await expect(page.getByTestId("posture-finding").filter({ hasText: "Backup owner missing" })).toContainText("Excepted");

  await page.goto("/exceptions");
  await page.getByTestId("exception-row").filter({ hasText: credential.name }).getByTestId("exception-revoke").click();
  await page.getByLabel("Reason").fill("Backup owner named");
  await page.getByRole("button", { name: "Revoke exception" }).click();
  await expect(page.getByTestId("exception-row").filter({ hasText: credential.name })).toHaveCount(0);
  await page.goto(`/inventory/${credential.id}?tab=controls`);
  await expect(page.getByTestId("posture-finding").filter({ hasText: "Backup owner missing" })).not.toContainText("Excepted");
  await context.close();
  await adminContext.close();
});
