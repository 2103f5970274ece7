import { expect, test } from "@playwright/test";
import { signedInContext } from "./support/accounts";
import { post, seedOwnedCredential } from "./support/inventory-api";

test("[INCIDENTS] marking a secret leaked opens an incident and an emergency request; completing the rotation remediates it with the time shown", async ({ browser }) => {
  const adminContext = await signedInContext(browser);
  const { member, security, credential } = await seedOwnedCredential(adminContext.request, { member: "Lee Leak", security: "Sasha Security", team: "Leak team" });
  await post(adminContext.request, `/api/v1/credentials/${credential.id}/secrets`, { kind: "client_secret", storage: "ci_variable", storageRef: "ci://billing/CLIENT_SECRET", issuedAt: new Date().toISOString().slice(0, 10) });

  // The member marks the secret leaked from the Secrets tab.
  const memberContext = await signedInContext(browser, member);
  const page = await memberContext.newPage();
  await page.goto(`/inventory/${credential.id}?tab=secrets`);
  await page.getByTestId("mark-leaked").click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Where was it found?").fill("public GitHub gist");
  await dialog.getByRole("button", { name: "Mark leaked", exact: true }).click();

  // The incident page: open, with its emergency rotation awaiting approval.
  await expect(page).toHaveURL(/\/incidents\/[0-9a-f-]{36}$/);
  const incidentUrl = page.url();
  const summary = page.getByTestId("incident-summary");
  await expect(summary).toContainText("Open");
  await expect(summary).toContainText("public GitHub gist");
  // Who answers for it, what happened, and what is left to contain it.
  await expect(page.getByTestId("incident-owners")).toContainText(member.name);
  const timeline = page.getByTestId("incident-timeline");
  await expect(timeline).toContainText("Opened: secret marked leaked");
  await expect(timeline).toContainText("Emergency rotation requested · Compromise (emergency)");
  const step = (id: string) => page.locator(`[data-testid="containment-step"][data-step="${id}"]`);
  await expect(step("request-rotation")).toHaveAttribute("data-done", "true");
  await expect(step("approve-rotation")).toHaveAttribute("data-done", "false");
  await expect(step("check-usage")).toContainText("No usage evidence");
  await summary.getByRole("link", { name: "Awaiting approval" }).click();
  await expect(page).toHaveURL(/\/rotations\/[0-9a-f-]{36}$/);
  const rotationUrl = page.url();
  await expect(page.getByTestId("rotation-summary")).toContainText("Compromise (emergency)");
  // The reporter requested it, so they cannot approve it.
  await expect(page.getByTestId("rotation-approve")).toHaveCount(0);
  await page.goto("/incidents");
  await expect(page.getByTestId("incident-row").filter({ hasText: credential.name })).toContainText("Open");

  // One security approval suffices: break-glass.
  const securityContext = await signedInContext(browser, security);
  const securityPage = await securityContext.newPage();
  // Security approves from the incident page: the action sits next to the open step.
  await securityPage.goto(incidentUrl);
  const securityStep = securityPage.locator('[data-testid="containment-step"][data-step="approve-rotation"]');
  await securityStep.getByTestId("rotation-approve").click();
  await securityPage.getByRole("dialog").getByRole("button", { name: "Approve", exact: true }).click();
  await expect(securityStep).toHaveAttribute("data-done", "true");
  await securityPage.goto(rotationUrl);
  await expect(securityPage.getByTestId("rotation-state")).toContainText("Approved");
  await expect(securityPage.getByTestId("rotation-state")).toContainText("Break-glass");

  // The member completes the rotation; the incident is remediated with its time to remediate.
  await page.goto(rotationUrl);
  await page.getByTestId("rotation-complete").click();
  const complete = page.getByRole("dialog");
  await complete.getByLabel("Storage reference").fill("ci://billing/CLIENT_SECRET_V2");
  await complete.getByLabel("The new secret is deployed to all consumers").check();
  await complete.getByLabel("The old secret is revoked at the authorization server").check();
  await complete.getByRole("button", { name: "Complete rotation", exact: true }).click();
  await expect(complete).toBeHidden();
  await expect(page.getByTestId("rotation-state")).toContainText("Completed");
  await page.goto(incidentUrl);
  await expect(page.getByTestId("incident-summary")).toContainText("Remediated");
  await expect(page.getByTestId("time-to-remediate")).toHaveText(/\d+(\.\d)? (min|h)/);
  for (const id of ["request-rotation", "approve-rotation", "record-new-secret", "revoke-old-secret"]) await expect(step(id)).toHaveAttribute("data-done", "true");
  await expect(page.getByTestId("incident-timeline")).toContainText("Closed: remediated");
  // What closed it, in words: the rotation is a link, its id is not shown.
  await expect(page.getByTestId("incident-summary").getByRole("link", { name: "Secret rotated", exact: true })).toHaveAttribute("href", new URL(rotationUrl).pathname);
  await expect(page.getByTestId("incident-timeline")).toContainText("Secret rotated");
  await expect(page.getByTestId("incident-summary")).not.toContainText(new URL(rotationUrl).pathname.split("/").at(-1) ?? "—");
  await page.screenshot({ path: "test-results/incident-page.png", fullPage: true });
  await page.goto("/incidents?status=remediated");
  await expect(page.getByTestId("incident-row").filter({ hasText: credential.name })).toContainText("Remediated");

  for (const c of [memberContext, securityContext, adminContext]) await c.close();
});
