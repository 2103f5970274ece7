import { expect, test } from "@playwright/test";
import { admin, createUser, originHeaders, personOf, signInViaApi } from "./support/accounts";
import { post, seedCredential, unique } from "./support/inventory-api";

/** Issue 12 items 1 and 5: what the app says about departures and emergency rotations must be true. */

test("[DEPARTURES] marking a person as left warns what they hold, then ends their sessions and API tokens at once", async ({ browser }) => {
  const adminContext = await browser.newContext();
  await signInViaApi(adminContext, admin.email, admin.password);
  const leaver = await createUser(adminContext.request, "security", `Lou Leaver ${unique("l")}`);
  const leaverContext = await browser.newContext();
  await signInViaApi(leaverContext, leaver.email, leaver.password);
  const token = await post<{ secret: string }>(leaverContext.request, "/api/v1/me/tokens", { name: "laptop", expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), storage: "vault" });
  const bearer = { Authorization: `Bearer ${token.secret}` };
  expect((await leaverContext.request.get("/api/v1/credentials?limit=1")).status()).toBe(200);
  expect((await adminContext.request.get("/api/v1/credentials?limit=1", { headers: bearer })).status()).toBe(200);

  const personId = await personOf(adminContext.request, leaver.email);
  const page = await adminContext.newPage();
  await page.goto(`/people/${personId}?edit=1`);
  await page.getByLabel(/^Active/).uncheck();
  await page.getByRole("button", { name: "Save changes" }).click();
  const warning = page.getByTestId("departure-warning");
  await expect(warning).toContainText("Their Steward user (security) is deactivated at once");
  await expect(warning).toContainText("1 active API token stops working");
  // Nothing has happened yet.
  expect((await leaverContext.request.get("/api/v1/credentials?limit=1")).status()).toBe(200);
  await page.getByRole("button", { name: "Confirm: mark as left" }).click();
  await expect(page.getByText("Left the organisation")).toBeVisible();

  // The session and the token stop at once.
  expect((await leaverContext.request.get("/api/v1/credentials?limit=1")).status()).toBe(401);
  expect((await adminContext.request.get("/api/v1/credentials?limit=1", { headers: bearer })).status()).toBe(401);
  expect(await (await adminContext.request.get(`/api/v1/users/${leaver.id}`)).json()).toMatchObject({ isActive: false });
  for (const c of [leaverContext, adminContext]) await c.close();
});

test("[INCIDENTS] an emergency rotation shows one rule — needed, who can give it, missing — and an admin approves it as break-glass", async ({ browser }) => {
  const adminContext = await browser.newContext();
  await signInViaApi(adminContext, admin.email, admin.password);
  const member = await createUser(adminContext.request, "member", `Mo Member ${unique("m")}`);
  const memberPerson = await personOf(adminContext.request, member.email);
  const team = await post<{ id: string }>(adminContext.request, "/api/v1/teams", { name: unique("Trust team"), kind: "application", memberIds: [memberPerson] });
  const { credential } = await seedCredential(adminContext.request, { teamId: team.id, ownerId: memberPerson });
  const secret = await post<{ id: string }>(adminContext.request, `/api/v1/credentials/${credential.id}/secrets`, { kind: "client_secret", storage: "vault", issuedAt: new Date().toISOString().slice(0, 10) });

  // The owner reports the leak with a note; the incident shows it.
  const memberContext = await browser.newContext();
  await signInViaApi(memberContext, member.email, member.password);
  const reported = await memberContext.request.post(`/api/v1/credentials/${credential.id}/secrets/${secret.id}/leak`, {
    data: { source: "public gist", detectedAt: new Date(Date.now() - 60_000).toISOString(), note: "Spotted by the scanner in build 4411" },
    headers: originHeaders(),
  });
  expect(reported.status()).toBe(201);
  const { incident, rotationRequestId } = (await reported.json()) as { incident: { id: string }; rotationRequestId: string };
  const page = await memberContext.newPage();
  await page.goto(`/incidents/${incident.id}`);
  await expect(page.getByTestId("incident-note")).toHaveText("Spotted by the scanner in build 4411");

  // The owner-requester is not offered an approval that could not count; the rule is said once, the same everywhere.
  await page.goto(`/rotations/${rotationRequestId}`);
  const approvals = page.getByTestId("rotation-approvals");
  await expect(approvals.getByTestId("approval-progress")).toContainText("0/1");
  await expect(approvals).toContainText("Needed: Emergency (break-glass): 1 approval from the security team or an admin.");
  await expect(approvals).toContainText("Who can give it: The security team or an admin (break-glass).");
  await expect(approvals).toContainText("Missing: 1 break-glass approval.");
  await expect(page.getByTestId("rotation-approve")).toHaveCount(0);
  const dto = (await (await memberContext.request.get(`/api/v1/rotation-requests/${rotationRequestId}`)).json()) as { approvalCount: number; approvalsRequired: number; requirement: { words: { missing: string } } };
  expect(dto).toMatchObject({ approvalCount: 0, approvalsRequired: 1, requirement: { words: { missing: "1 break-glass approval." } } });

  // An admin acts as break-glass approver.
  const adminPage = await adminContext.newPage();
  await adminPage.goto(`/rotations/${rotationRequestId}`);
  await adminPage.getByTestId("rotation-approve").click();
  await adminPage.getByRole("dialog").getByRole("button", { name: "Approve", exact: true }).click();
  await expect(adminPage.getByTestId("rotation-state")).toContainText("Approved");
  await expect(adminPage.getByTestId("rotation-state")).toContainText("Break-glass");
  await expect(adminPage.getByTestId("approval-progress")).toContainText("1/1");
  await expect(adminPage.getByTestId("rotation-timeline")).toContainText("Approved (break-glass)");
  for (const c of [memberContext, adminContext]) await c.close();
});
