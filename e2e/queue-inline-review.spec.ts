import { expect, test } from "@playwright/test";
import { createUser, personOf, signedInContext } from "./support/accounts";
import { post, seedCredential, unique } from "./support/inventory-api";

/**
 * Issue 16 item 4: a member decides a campaign review task from My queue, keyboard only, with the
 * credential page's own review endpoint: the button says it is recording, then the result is
 * announced and the task leaves the queue; the credential's review history has the decision.
 */
test("[QUEUE] a campaign review task is decided inline from My queue", async ({ browser }) => {
  const adminContext = await signedInContext(browser);
  const owner = await createUser(adminContext.request, "member", `Quinn Queue ${unique("q")}`);
  const ownerPerson = await personOf(adminContext.request, owner.email);
  const team = await post<{ id: string }>(adminContext.request, "/api/v1/teams", { name: unique("Queue review team"), kind: "application" });
  const seeded = await seedCredential(adminContext.request, { teamId: team.id, ownerId: ownerPerson });
  const dueAt = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await post(adminContext.request, "/api/v1/campaigns", { name: unique("Inline review"), filter: { teamId: team.id }, dueAt });

  const ownerContext = await signedInContext(browser, owner);
  const page = await ownerContext.newPage();
  await page.goto("/queue");
  const task = page.getByTestId("queue-review").filter({ hasText: seeded.credential.name });
  await expect(task).toBeVisible();
  const open = task.getByRole("button", { name: `Review here ${seeded.credential.name}` });
  await open.focus();
  await page.keyboard.press("Enter");
  await expect(task.getByRole("button", { name: `Close review ${seeded.credential.name}` })).toHaveAttribute("aria-expanded", "true");
  await task.getByLabel("Keep").check();
  await task.getByLabel("Notes (optional)").fill("Still used by the nightly export");
  await task.getByRole("button", { name: "Record review" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("queue-review-recorded")).toHaveText(`Review of ${seeded.credential.name} recorded: Keep.`);
  await expect(page.getByTestId("queue-review").filter({ hasText: seeded.credential.name })).toHaveCount(0);

  const reviews = (await (await ownerContext.request.get(`/api/v1/credentials/${seeded.credential.id}/reviews`)).json()) as { items: { decision: string; notes: string | null }[] };
  expect(reviews.items[0]).toMatchObject({ decision: "keep", notes: "Still used by the nightly export" });
  await adminContext.close();
  await ownerContext.close();
});
