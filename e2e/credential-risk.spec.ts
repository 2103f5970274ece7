import { expect, test, type APIRequestContext } from "@playwright/test";
import { signedInContext } from "./support/accounts";
import { post, seedOwnedCredential } from "./support/inventory-api";

async function openFindingCount(request: APIRequestContext, credentialId: string): Promise<number> {
  const body = (await (await request.get(`/api/v1/credentials/${credentialId}/findings`)).json()) as { open: { status: string }[] };
  return body.open.filter((f) => f.status === "open").length;
}

test("[RISK] a leaked credential shows the incident, the emergency rotation and the next step at the top of its Overview until the rotation is done", async ({ browser }) => {
  const adminContext = await signedInContext(browser);
  const { member, security, credential } = await seedOwnedCredential(adminContext.request, { member: "Rita Risk", security: "Sam Security", team: "Risk team" });
  const secret = await post<{ id: string }>(adminContext.request, `/api/v1/credentials/${credential.id}/secrets`, {
    kind: "client_secret",
    storage: "vault",
    storageRef: "vault://risk/CLIENT_SECRET",
    issuedAt: new Date().toISOString().slice(0, 10),
  });

  const memberContext = await signedInContext(browser, member);
  const leak = await post<{ incident: { id: string }; rotationRequestId: string }>(memberContext.request, `/api/v1/credentials/${credential.id}/secrets/${secret.id}/leak`, {
    source: "public paste site",
    detectedAt: new Date().toISOString(),
  });

  // The Overview leads with the leak: never a green "Active" alone.
  const page = await memberContext.newPage();
  await page.goto(`/inventory/${credential.id}`);
  const banner = page.getByTestId("risk-banner");
  await expect(banner).toHaveAttribute("data-level", "critical");
  await expect(banner).toContainText("Secret leaked");
  await expect(banner).toContainText("public paste site");
  await expect(banner.getByRole("link", { name: /leak reported/ })).toHaveAttribute("href", `/incidents/${leak.incident.id}`);
  await expect(banner.getByRole("link", { name: "waiting for approval" })).toHaveAttribute("href", `/rotations/${leak.rotationRequestId}`);
  await expect(page.getByTestId("risk-next-action")).toContainText("Get the emergency rotation approved.");
  await expect(page.getByTestId("risk-badge")).toHaveAttribute("data-level", "critical");
  await expect(page.getByTestId("risk-badge")).toContainText("Secret leaked");

  // The Findings tab carries the count of open findings, the same findings the banner counts.
  const open = await openFindingCount(memberContext.request, credential.id);
  expect(open).toBeGreaterThan(0);
  await expect(page.getByRole("tab", { name: /Findings & controls/ })).toContainText(String(open));
  await expect(banner).toContainText(`${String(open)} open finding`);

  // Security approves; the next step moves on to completing the rotation.
  const securityContext = await signedInContext(browser, security);
  await post(securityContext.request, `/api/v1/rotation-requests/${leak.rotationRequestId}/approve`, {}, 200);
  await page.reload();
  await expect(page.getByTestId("risk-next-action")).toContainText("Complete the emergency rotation");

  // Completing it remediates the incident: the leak leaves the banner and the badge.
  await post(
    memberContext.request,
    `/api/v1/rotation-requests/${leak.rotationRequestId}/complete`,
    { newSecret: { kind: "client_secret", storage: "vault", storageRef: "vault://risk/CLIENT_SECRET_V2" }, oldSecretDisposition: "revoked", checklist: { deployedToAllConsumers: true, oldSecretRevoked: true } },
    200,
  );
  await page.reload();
  await expect(page.getByTestId("risk-banner")).not.toHaveAttribute("data-level", "critical");
  await expect(page.getByTestId("risk-banner")).not.toContainText("Secret leaked");
  await expect(page.getByTestId("risk-badge")).not.toContainText("Secret leaked");
  const after = await openFindingCount(memberContext.request, credential.id);
  if (after > 0) await expect(page.getByRole("tab", { name: /Findings & controls/ })).toContainText(String(after));

  for (const c of [memberContext, securityContext, adminContext]) await c.close();
});
