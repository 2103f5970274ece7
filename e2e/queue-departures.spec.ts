import { expect, test, type APIRequestContext } from "@playwright/test";
import { admin, createUser, originHeaders, signInViaApi } from "./support/accounts";
import { post, seedCredential, unique } from "./support/inventory-api";

async function personIdOf(request: APIRequestContext, email: string): Promise<string> {
  const people = (await (await request.get(`/api/v1/people?q=${encodeURIComponent(email)}`)).json()) as { items: { id: string }[] };
  const id = people.items[0]?.id;
  if (!id) throw new Error(`no person for ${email}`);
  return id;
}

const twoYearsAgo = () => new Date(Date.now() - 730 * 86_400_000).toISOString();

test("[QUEUE] a member lands on My queue and sees their overdue credential", async ({ browser }) => {
  const adminContext = await browser.newContext();
  await signInViaApi(adminContext, admin.email, admin.password);
  const member = await createUser(adminContext.request, "member", unique("Mona Member"));
  const personId = await personIdOf(adminContext.request, member.email);
  const { credential } = await seedCredential(adminContext.request, { ownerId: personId });
  await post(adminContext.request, `/api/v1/credentials/${credential.id}/secrets`, { kind: "client_secret", storage: "vault", issuedAt: twoYearsAgo() });

  const context = await browser.newContext();
  await signInViaApi(context, member.email, member.password);
  const page = await context.newPage();
  await page.goto("/");
  await expect(page).toHaveURL(/\/queue$/);
  await expect(page.getByRole("heading", { name: "My queue", level: 1 })).toBeVisible();
  const due = page.getByRole("region", { name: /My credentials needing action/ });
  const item = due.getByTestId("queue-due").filter({ hasText: credential.name });
  await expect(item).toBeVisible();
  await expect(item.getByText("Overdue")).toBeVisible();
  await item.getByRole("link", { name: credential.name }).click();
  await expect(page).toHaveURL(new RegExp(`/inventory/${credential.id}\\?tab=lifecycle$`));

  // The API answers the same queue; the navigation groups items under section headings, and the inbox link sits in the header.
  const api = (await (await context.request.get("/api/v1/queue")).json()) as { due: { items: { id: string }[] } };
  expect(api.due.items.map((i) => i.id)).toContain(credential.id);
  await expect(page.getByRole("navigation", { name: "Main", exact: true }).getByRole("heading", { name: "Lifecycle" })).toBeVisible();
  // Members cannot reassign ownership.
  expect((await context.request.post(`/api/v1/people/${personId}/reassign`, { data: { toPersonId: personId, roles: ["owner"] }, headers: originHeaders() })).status()).toBe(403);
  await context.close();
  await adminContext.close();
});

test("[DEPARTURES] deactivating a person flags their credential; a bulk reassignment clears it", async ({ browser }) => {
  const adminContext = await browser.newContext();
  await signInViaApi(adminContext, admin.email, admin.password);
  const security = await createUser(adminContext.request, "security");
  const context = await browser.newContext();
  await signInViaApi(context, security.email, security.password);
  const leaverName = unique("Lee Leaver");
  const heirName = unique("Hana Heir");
  const leaver = await post<{ id: string }>(context.request, "/api/v1/people", { name: leaverName, email: `${unique("leaver")}@example.test`, isActive: true });
  await post<{ id: string }>(context.request, "/api/v1/people", { name: heirName, email: `${unique("heir")}@example.test`, isActive: true });
  const { credential } = await seedCredential(context.request, { ownerId: leaver.id });

  const page = await context.newPage();
  // The person leaves: the people page's form.
  await page.goto(`/people/${leaver.id}?edit=1`);
  await expect(page.getByTestId("holdings").getByRole("link", { name: credential.name })).toBeVisible();
  await page.getByLabel(/^Active/).uncheck();
  await page.getByRole("button", { name: "Save changes" }).click();
  // A warning says what leaving takes away before anything happens.
  await expect(page.getByTestId("departure-warning")).toContainText("1 credential they hold needs a new owner");
  await page.getByRole("button", { name: "Confirm: mark as left" }).click();
  await expect(page.getByText("Left the organisation")).toBeVisible();

  await page.goto(`/inventory/${credential.id}?tab=lifecycle`);
  const finding = page.getByTestId("finding-open").filter({ hasText: "Owner missing or gone" });
  await expect(finding).toBeVisible();
  await expect(finding).toContainText(`${leaverName} (owner) has left the organisation`);

  // Bulk reassignment from the person's page.
  await finding.getByRole("link", { name: `Reassign ${leaverName}’s credentials` }).click();
  await expect(page).toHaveURL(new RegExp(`/people/${leaver.id}/reassign$`));
  await page.getByLabel("Find the new holder").fill(heirName);
  await page.getByRole("button", { name: new RegExp(heirName) }).click();
  await expect(page.getByTestId("reassign-to")).toContainText(heirName);
  await expect(page.getByTestId("reassign-preview")).toContainText("1 credential will change (owner ×1)");
  await page.getByRole("button", { name: "Reassign ownership" }).click();
  await expect(page.getByText(/Reassigned 1 credential to .* 1 orphaned finding resolved/)).toBeVisible();

  await page.goto(`/inventory/${credential.id}?tab=lifecycle`);
  // The departure finding is gone (other posture rules may still have something to say about the record).
  await expect(page.getByTestId("findings-section")).toBeVisible();
  await expect(page.getByTestId("finding-open").filter({ hasText: "Owner missing or gone" })).toHaveCount(0);

  // The audit log shows the move on the credential.
  const events = (await (await context.request.get(`/api/v1/audit-events?targetId=${credential.id}`)).json()) as { items: { action: string }[] };
  expect(events.items.map((e) => e.action)).toEqual(expect.arrayContaining(["credential.updated", "finding.resolved", "finding.opened"]));
  await context.close();
  await adminContext.close();
});
