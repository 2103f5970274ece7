import { expect, test, type APIRequestContext } from "@playwright/test";
import { admin, createUser, originHeaders, signInViaApi } from "./support/accounts";
import { post, seedCredential, unique } from "./support/inventory-api";

/** Issue 16 item 2: the compact filter bar; every applied filter is a chip that removes itself. */
test("[INVENTORY] filters behind 'Filters' narrow the list live; each applied one is a removable chip, with the result count", async ({ browser }) => {
  const context = await browser.newContext();
  await signInViaApi(context, admin.email, admin.password);
  const seeded = await seedCredential(context.request);
  const page = await context.newPage();
  await page.goto("/inventory");
  await expect(page.getByTestId("filter-chips")).toHaveCount(0);

  // The selects are folded away until asked for.
  const filters = page.getByRole("button", { name: /^Filters/ });
  await expect(filters).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByLabel("Application", { exact: true })).toBeHidden();
  await filters.click();
  await page.getByLabel("Application", { exact: true }).selectOption(seeded.appId);
  await page.getByLabel("Token cache").selectOption("unknown");

  await expect(page).toHaveURL(new RegExp(`applicationId=${seeded.appId}`));
  const chips = page.getByTestId("filter-chips").getByRole("listitem");
  await expect(chips).toHaveCount(2);
  await expect(chips.first()).toContainText("Application: Billing worker");
  await expect(page.getByTestId("credential-row")).toHaveCount(1);
  await expect(page.getByTestId("credential-row")).toContainText(seeded.credential.name);
  await expect(page.getByTestId("result-count")).toHaveText("1 credential");
  await expect(filters).toContainText("Filters (2)");
  // The id is cut to one line with its whole value as a tooltip, and can be copied.
  await expect(page.getByTestId("credential-row").getByRole("button", { name: `Copy client id of ${seeded.credential.name}` })).toBeVisible();

  await page.getByRole("button", { name: /Remove filter: Application: / }).click();
  await expect(chips).toHaveCount(1);
  await expect(page).not.toHaveURL(/applicationId=/);
  await expect(page).toHaveURL(/tokenCache=unknown/);
  await page.getByRole("button", { name: "Remove filter: Token cache: Unknown" }).click();
  await expect(page.getByTestId("filter-chips")).toHaveCount(0);
  await context.close();
});

/** A production credential owned by `email`'s person whose secret is long past its rotation due date. */
async function overdueCredentialOwnedBy(request: APIRequestContext, email: string) {
  const people = (await (await request.get(`/api/v1/people?q=${encodeURIComponent(email)}`)).json()) as { items: { id: string }[] };
  const person = people.items[0];
  if (!person) throw new Error(`no person for ${email}`);
  const created = await post<{ id: string }>(request, "/api/v1/credentials", { name: unique("Retry client"), environment: "production", kind: "oauth_client", ownerId: person.id });
  await post(request, `/api/v1/credentials/${created.id}/secrets`, { kind: "client_secret", storage: "vault", issuedAt: "2020-01-01T00:00:00Z" });
}

/** Issue 16 item 10: failed deliveries grouped by cause, and one "Retry all" per cause. */
test("[NOTIFY] failed e-mails are grouped by cause; 'Retry all' puts them back in the queue, audited", async ({ browser }) => {
  const context = await browser.newContext();
  await signInViaApi(context, admin.email, admin.password);
  const member = await createUser(context.request, "member");
  await overdueCredentialOwnedBy(context.request, member.email);
  for (const job of ["reminders", "deliveries"]) {
    const run = await context.request.post(`/api/v1/notifications/jobs/${job}/run`, { headers: originHeaders() });
    expect(run.status()).toBe(200);
  }
  const page = await context.newPage();
  await page.goto("/settings/notifications");
  // No SMTP_URL in the e2e server: the reminder e-mail failed for that reason.
  const row = page.getByTestId("failure-cause-row").filter({ hasText: "E-mail" }).first();
  await expect(row).toBeVisible();
  const retry = row.getByRole("button", { name: /^Retry all \d+ E-mail deliveries that failed with/ });
  await retry.click();
  await expect(row.getByRole("button", { name: /Retry all/ })).toContainText(/Queued \d+/);
  const events = (await (await context.request.get("/api/v1/audit-events?action=notification.retried_by_cause&limit=5")).json()) as { items: { payload: { channel: string; count: number } }[] };
  expect(events.items[0]?.payload).toMatchObject({ channel: "email" });
  expect(events.items[0]?.payload.count).toBeGreaterThan(0);
  await context.close();
});
