import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { admin, createUser, originHeaders, signInViaApi } from "./support/accounts";
import { post, seedCredential, unique } from "./support/inventory-api";

async function personOf(request: APIRequestContext, email: string): Promise<string> {
  const people = (await (await request.get(`/api/v1/people?q=${encodeURIComponent(email)}`)).json()) as { items: { id: string }[] };
  const id = people.items[0]?.id;
  if (!id) throw new Error(`no person for ${email}`);
  return id;
}

/** Opens the action dialog whose trigger has this test id and submits it with its primary button. */
async function decide(page: Page, trigger: string, submit: string) {
  await page.getByTestId(trigger).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: submit, exact: true }).click();
  await expect(dialog).toBeHidden();
}

test("[ROTATIONS] the full rotation story with three users: request, no self-approval, owner, security, completion, overdue cleared, audited", async ({ browser }) => {
  const adminContext = await browser.newContext();
  await signInViaApi(adminContext, admin.email, admin.password);
  const member = await createUser(adminContext.request, "member", `Mia Member ${unique("m")}`);
  const owner = await createUser(adminContext.request, "member", `Olu Owner ${unique("o")}`);
  const security = await createUser(adminContext.request, "security", `Sam Security ${unique("s")}`);
  const memberPerson = await personOf(adminContext.request, member.email);
  const ownerPerson = await personOf(adminContext.request, owner.email);

  // A production credential on a critical API (default policy: 2 approvals incl. security), owned by
  // Olu; Mia may edit it through her team. Its only secret is long overdue.
  const team = await post<{ id: string }>(adminContext.request, "/api/v1/teams", { name: unique("Payments team"), kind: "application", memberIds: [memberPerson] });
  const { credential } = await seedCredential(adminContext.request, { teamId: team.id, ownerId: ownerPerson });
  await post(adminContext.request, `/api/v1/credentials/${credential.id}/secrets`, {
    kind: "client_secret",
    storage: "vault",
    storageRef: "vault://kv/payments/billing",
    issuedAt: "2025-01-01",
    fingerprintOf: "e2e-old-secret-value",
  });

  // 1. The member requests the rotation on the credential's Lifecycle tab.
  const memberContext = await browser.newContext();
  await signInViaApi(memberContext, member.email, member.password);
  const memberPage = await memberContext.newPage();
  await memberPage.goto(`/inventory/${credential.id}?tab=lifecycle`);
  await expect(memberPage.locator("dt", { hasText: "Rotation due" }).locator("xpath=..")).toContainText("Overdue");
  await memberPage.getByTestId("rotation-request").click();
  const requestDialog = memberPage.getByRole("dialog");
  await requestDialog.getByLabel("Reason").selectOption("scheduled");
  await requestDialog.getByLabel("Note (optional)").fill("Quarterly rotation, overdue");
  await requestDialog.getByRole("button", { name: "Request rotation", exact: true }).click();
  await expect(requestDialog).toBeHidden();
  const section = memberPage.getByTestId("rotation-section");
  await expect(section.getByTestId("rotation-state")).toContainText("Awaiting approval");
  await expect(section.getByTestId("rotation-approvals")).toContainText("0/2");

  // 2. The member cannot approve their own request: no button, and the API answers 403.
  await expect(memberPage.getByTestId("rotation-approve")).toHaveCount(0);
  await expect(memberPage.getByTestId("rotation-cancel")).toBeVisible();
  const detailsHref = await section.getByRole("link", { name: "Details and timeline" }).getAttribute("href");
  const requestId = detailsHref?.split("/").at(-1) ?? "";
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  const selfApproval = await memberContext.request.post(`/api/v1/rotation-requests/${requestId}/approve`, { data: {}, headers: originHeaders() });
  expect(selfApproval.status()).toBe(403);

  // 3. The owner approves; the policy still needs security.
  const ownerContext = await browser.newContext();
  await signInViaApi(ownerContext, owner.email, owner.password);
  const ownerPage = await ownerContext.newPage();
  await ownerPage.goto(`/rotations/${requestId}`);
  await decide(ownerPage, "rotation-approve", "Approve");
  await expect(ownerPage.getByTestId("rotation-approvals")).toContainText("1/2");
  await expect(ownerPage.getByTestId("rotation-approvals")).toContainText("Missing: 1 security approval.");
  await expect(ownerPage.getByTestId("rotation-state")).toContainText("Awaiting approval");
  await expect(ownerPage.getByTestId("rotation-approve")).toHaveCount(0);

  // 4. A security user approves: the request is approved.
  const securityContext = await browser.newContext();
  await signInViaApi(securityContext, security.email, security.password);
  const securityPage = await securityContext.newPage();
  await securityPage.goto("/rotations?status=requested");
  await securityPage.getByRole("link", { name: credential.name }).click();
  await expect(securityPage).toHaveURL(new RegExp(`/rotations/${requestId}$`));
  await decide(securityPage, "rotation-approve", "Approve");
  await expect(securityPage.getByTestId("rotation-state")).toContainText("Approved");
  await expect(securityPage.getByTestId("rotation-approvals")).toContainText("incl. security");

  // 5. The member completes it with a new secret; the overdue state clears.
  await memberPage.goto(`/inventory/${credential.id}?tab=lifecycle`);
  await memberPage.getByTestId("rotation-complete").click();
  const completeDialog = memberPage.getByRole("dialog");
  await completeDialog.getByLabel("Storage reference").fill("vault://kv/payments/billing-2");
  await completeDialog.getByLabel("Fingerprint: paste the new value (optional)").fill("e2e-old-secret-value");
  await completeDialog.getByRole("button", { name: "Complete rotation", exact: true }).click();
  // The same value as before is refused, naming the field; the checklist is refused too once the value differs.
  await expect(completeDialog.getByTestId("error-complete-fingerprintOf")).toContainText("same fingerprint");
  await completeDialog.getByLabel("Fingerprint: paste the new value (optional)").fill("e2e-new-secret-value");
  await completeDialog.getByRole("button", { name: "Complete rotation", exact: true }).click();
  await expect(completeDialog.getByTestId("error-checklist-deployedToAllConsumers")).toBeVisible();
  await expect(completeDialog.getByTestId("error-checklist-oldSecretRevoked")).toBeVisible();
  await completeDialog.getByLabel("Fingerprint: paste the new value (optional)").fill("e2e-new-secret-value");
  await completeDialog.getByLabel("The new secret is deployed to all consumers").check();
  await completeDialog.getByLabel("The old secret is revoked at the authorization server").check();
  await completeDialog.getByRole("button", { name: "Complete rotation", exact: true }).click();
  await expect(completeDialog).toBeHidden();
  await expect(memberPage.getByText("No rotation is in progress.")).toBeVisible();
  await expect(memberPage.getByTestId("rotation-section").getByTestId("rotation-row").first()).toContainText("Completed");
  await expect(memberPage.locator("dt", { hasText: "Rotation due" }).locator("xpath=..")).not.toContainText("Overdue");
  await memberPage.goto(`/inventory/${credential.id}?tab=secrets`);
  await expect(memberPage.getByTestId("secret-row")).toHaveCount(2);
  await expect(memberPage.getByTestId("secret-row").filter({ hasText: "billing-2" })).toContainText("Active");

  // 6. The audit log shows each step (the History tab, as admin), and the refused self-approval.
  const adminPage = await adminContext.newPage();
  await adminPage.goto(`/inventory/${credential.id}?tab=history`);
  const history = adminPage.getByTestId("history-row");
  await expect(history.filter({ hasText: "Rotation requested" })).toHaveCount(1);
  await expect(history.filter({ hasText: "Rotation approved" })).toHaveCount(2);
  await expect(history.filter({ hasText: "Rotation completed" })).toHaveCount(1);
  const denials = (await (await adminContext.request.get(`/api/v1/audit-events?action=authz.denied&actorId=${member.id}`)).json()) as { items: { payload: { path?: string } }[] };
  expect(denials.items.some((e) => e.payload.path === `/api/v1/rotation-requests/${requestId}/approve`)).toBe(true);
  const timeline = await adminContext.request.get(`/api/v1/rotation-requests/${requestId}`);
  expect(await timeline.json()).toMatchObject({ state: "completed", approvalCount: 2, hasSecurityApproval: true, checklistDeployed: true, checklistOldRevoked: true });

  for (const c of [memberContext, ownerContext, securityContext, adminContext]) await c.close();
});
