import { expect, test } from "@playwright/test";
import { admin, originHeaders, signInViaApi } from "./support/accounts";
import { memberWithTeam, seedCredential } from "./support/inventory-api";

type Fields = { error: { details: { fields: Record<string, string[]> } } };

test("[TRUTH] a member cannot weaken their credential's governance, and impossible facts are refused naming the field (issue 12)", async ({ browser }) => {
  const adminContext = await browser.newContext();
  await signInViaApi(adminContext, admin.email, admin.password);
  const { member, person, team } = await memberWithTeam(adminContext.request, "Truth team");
  const { credential } = await seedCredential(adminContext.request, { teamId: team.id, ownerId: person.id });

  const context = await browser.newContext();
  await signInViaApi(context, member.email, member.password);
  const patch = (data: unknown) => context.request.patch(`/api/v1/credentials/${credential.id}`, { data, headers: originHeaders() });

  // Governance is not the member's to change; a review date only a recorded review sets.
  expect((await patch({ reviewCadenceDays: 3650 })).status()).toBe(403);
  const reviewed = await patch({ lastReviewedAt: "2026-01-01" });
  expect(reviewed.status()).toBe(422);
  expect(((await reviewed.json()) as Fields).error.details.fields.lastReviewedAt?.join()).toContain("recording a review");

  // A secret that expires before it was issued is refused, naming the field.
  const secret = await context.request.post(`/api/v1/credentials/${credential.id}/secrets`, {
    data: { kind: "client_secret", storage: "vault", issuedAt: "2026-03-01", expiresAt: "2026-02-01" },
    headers: originHeaders(),
  });
  expect(secret.status()).toBe(422);
  expect(Object.keys(((await secret.json()) as Fields).error.details.fields)).toEqual(["expiresAt"]);

  // The form shows what the member may not change read-only, and refuses a contradiction on the field.
  const page = await context.newPage();
  await page.goto(`/inventory/${credential.id}/edit`);
  await expect(page.getByLabel("Last reviewed on (UTC)")).toHaveAttribute("readonly", "");
  await expect(page.getByLabel("Review cadence override (days)")).toHaveAttribute("readonly", "");
  await expect(page.getByLabel("Rotation policy")).toHaveAttribute("readonly", "");
  await page.getByLabel("Token cache").selectOption("none");
  await page.getByLabel("Where tokens persist").fill("/var/cache/tokens");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByLabel("Where tokens persist")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText(/must be blank when the token cache is/)).toBeVisible();
  await page.getByLabel("Where tokens persist").fill("");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(new RegExp(`/inventory/${credential.id}$`));

  await context.close();
  await adminContext.close();
});
