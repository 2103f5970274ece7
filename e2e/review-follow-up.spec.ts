import { expect, test } from "@playwright/test";
import { createUser, personOf, signedInContext } from "./support/accounts";
import { patch, post, seedCredential, unique } from "./support/inventory-api";

test("[REVIEWS] a reduce-scope review is tracked until the grants shrink: follow-up in My queue and on the campaign, review clock held back", async ({ browser }) => {
  // Seed: an owner (member) with one credential granted one scope, and a campaign covering it.
  const adminContext = await signedInContext(browser);
  const owner = await createUser(adminContext.request, "member", `Rhea Reducer ${unique("o")}`);
  const ownerPerson = await personOf(adminContext.request, owner.email);
  const team = await post<{ id: string }>(adminContext.request, "/api/v1/teams", { name: unique("Scope team"), kind: "application" });
  const { credential } = await seedCredential(adminContext.request, { teamId: team.id, ownerId: ownerPerson });
  const campaign = await post<{ id: string }>(adminContext.request, "/api/v1/campaigns", {
    name: unique("Scope campaign"),
    filter: { teamId: team.id },
    dueAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
  });

  // 1. The owner reviews: reduce scope. The review is recorded, but the credential is not "reviewed".
  const ownerContext = await signedInContext(browser, owner);
  const ownerPage = await ownerContext.newPage();
  await ownerPage.goto(`/inventory/${credential.id}?tab=lifecycle`);
  await expect(ownerPage.getByTestId("last-reviewed")).toHaveText("Never");
  await ownerPage.getByTestId("review-open").click();
  const dialog = ownerPage.getByRole("dialog");
  await dialog.getByLabel("Reduce scope").check();
  await dialog.getByLabel("Notes (required)").fill("The worker no longer reads payments; drop payments.read");
  await dialog.getByRole("button", { name: "Record review" }).click();
  await expect(dialog).toBeHidden();
  await expect(ownerPage.getByTestId("review-row")).toContainText("Reduce scope");
  await expect(ownerPage.getByTestId("review-follow-up")).toContainText("reduce this credential");
  await expect(ownerPage.getByTestId("last-reviewed")).toHaveText("Never");

  // 2. The follow-up waits in the owner's queue ...
  await ownerPage.goto("/queue");
  const followUp = ownerPage.getByTestId("queue-finding").filter({ hasText: "reduce this credential" });
  await expect(followUp).toHaveCount(1);
  await expect(followUp).toContainText(credential.name);

  // 3. ... and on the campaign, for security to chase.
  const adminPage = await adminContext.newPage();
  await adminPage.goto(`/reviews/campaigns/${campaign.id}`);
  const row = adminPage.getByTestId("follow-up-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(credential.name);
  await expect(row).toContainText("Reduce scope");

  // 4. The owner removes the grant: the follow-up closes and the review now counts.
  await patch(ownerContext.request, `/api/v1/credentials/${credential.id}`, { grants: [] });
  await ownerPage.goto(`/inventory/${credential.id}?tab=lifecycle`);
  await expect(ownerPage.getByTestId("review-follow-up")).toHaveCount(0);
  await expect(ownerPage.getByTestId("last-reviewed")).not.toHaveText("Never");
  await ownerPage.goto("/queue");
  await expect(ownerPage.getByTestId("queue-finding").filter({ hasText: "reduce this credential" })).toHaveCount(0);
  await adminPage.reload();
  await expect(adminPage.getByTestId("follow-up-row")).toHaveCount(0);
  await expect(adminPage.getByTestId("campaign-follow-ups")).toContainText("No open follow-ups");

  await Promise.all([adminContext.close(), ownerContext.close()]);
});
