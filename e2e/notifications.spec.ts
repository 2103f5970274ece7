import { expect, test, type APIRequestContext } from "@playwright/test";
import { admin, createUser, originHeaders, signInViaApi } from "./support/accounts";
import { post, unique } from "./support/inventory-api";

/** A production credential owned by `email`'s person whose secret is long past its rotation due date. */
async function overdueCredentialOwnedBy(request: APIRequestContext, email: string) {
  const people = (await (await request.get(`/api/v1/people?q=${encodeURIComponent(email)}`)).json()) as { items: { id: string }[] };
  const person = people.items[0];
  if (!person) throw new Error(`no person for ${email}`);
  const name = unique("Reminder client");
  const created = await post<{ id: string }>(request, "/api/v1/credentials", { name, environment: "production", kind: "oauth_client", ownerId: person.id });
  await post(request, `/api/v1/credentials/${created.id}/secrets`, { kind: "client_secret", storage: "vault", issuedAt: "2020-01-01T00:00:00Z" });
  return { id: created.id, name };
}

test("[NOTIFY] the inbox shows a rotation reminder with the unread count; marking it read clears the badge", async ({ browser }) => {
  const adminContext = await browser.newContext();
  await signInViaApi(adminContext, admin.email, admin.password);
  const member = await createUser(adminContext.request, "member");
  const cred = await overdueCredentialOwnedBy(adminContext.request, member.email);
  // Run the reminder sweep now rather than waiting for the scheduler's next tick.
  const run = await adminContext.request.post("/api/v1/notifications/jobs/reminders/run", { headers: originHeaders() });
  expect(run.status()).toBe(200);
  expect(((await run.json()) as { status: string }).status).toBe("ran");

  const context = await browser.newContext();
  await signInViaApi(context, member.email, member.password);
  const page = await context.newPage();
  await page.goto("/inbox");
  await expect(page.getByTestId("inbox-unread-count")).toHaveText("1");
  const item = page.getByTestId("inbox-item").filter({ hasText: `Rotation of ${cred.name}` });
  await expect(item).toHaveAttribute("data-unread", "true");
  await expect(item).toContainText("overdue");
  await expect(item.getByRole("link", { name: new RegExp(`Rotation of ${cred.name}`) })).toHaveAttribute("href", `/inventory/${cred.id}`);

  await item.getByRole("button", { name: /Mark read/ }).click();
  await expect(item).toHaveAttribute("data-unread", "false");
  await expect(page.getByTestId("inbox-unread-count")).toHaveCount(0);
  await expect(page.getByTestId("inbox-page-unread")).toHaveText("(0)");

  const events = (await (await adminContext.request.get(`/api/v1/audit-events?action=notification.read&actorId=${member.id}`)).json()) as { items: unknown[] };
  expect(events.items).toHaveLength(1);
  await context.close();
  await adminContext.close();
});

test("[NOTIFY] an admin adds a webhook: a blocked address is refused in the form, a valid one shows its signing key once", async ({ browser }) => {
  const context = await browser.newContext();
  await signInViaApi(context, admin.email, admin.password);
  const page = await context.newPage();
  await page.goto("/settings/notifications");
  await expect(page.getByTestId("smtp-status")).toContainText("Not configured");
  await expect(page.getByTestId("job-row")).toHaveCount(10); // every scheduler job (lib/server/scheduler/jobs.ts)

  const name = unique("Ops hook");
  await page.getByLabel("Name").fill(name);
  await page.getByRole("textbox", { name: "URL", exact: true }).fill("http://169.254.169.254/latest/meta-data");
  await page.getByRole("button", { name: "Add webhook" }).click();
  await expect(page.getByTestId("error-webhook-url")).toContainText("never allowed");
  await expect(page.getByTestId("webhook-row").filter({ hasText: name })).toHaveCount(0);

  // The e2e server allows private addresses (its identity provider is on loopback).
  await page.getByRole("textbox", { name: "URL", exact: true }).fill(`http://127.0.0.1:${process.env.E2E_OIDC_PORT ?? 3300}/steward-hook`);
  await page.getByRole("button", { name: "Add webhook" }).click();
  await expect(page.getByTestId("webhook-created")).toBeVisible();
  await expect(page.getByTestId("webhook-signing-key")).toHaveValue(/^[A-Za-z0-9_-]{43}$/);
  const row = page.getByTestId("webhook-row").filter({ hasText: name });
  await expect(row).toContainText("Active");
  // Webhooks are deactivated, never deleted.
  await row.getByRole("button", { name: `Deactivate ${name}` }).click();
  await page.getByRole("dialog", { name: `Deactivate ${name}` }).getByRole("button", { name: "Deactivate" }).click();
  await expect(row).toContainText("Inactive");

  const api = await context.request.post("/api/v1/webhooks", { data: { name: unique("Hook"), url: "http://169.254.169.254/x" }, headers: originHeaders() });
  expect(api.status()).toBe(422);
  expect(((await api.json()) as { error: { details: { fields: Record<string, string[]> } } }).error.details.fields).toHaveProperty("url");
  await context.close();
});

test("[NOTIFY] a member creates a calendar feed, fetches the ICS, revokes it, and the URL answers 404", async ({ browser, playwright }) => {
  const adminContext = await browser.newContext();
  await signInViaApi(adminContext, admin.email, admin.password);
  const member = await createUser(adminContext.request, "member");
  const cred = await overdueCredentialOwnedBy(adminContext.request, member.email);

  const context = await browser.newContext();
  await signInViaApi(context, member.email, member.password);
  const page = await context.newPage();
  await page.goto("/settings/calendar");
  await expect(page.getByText("No calendar feeds yet")).toBeVisible();
  await page.getByRole("button", { name: "Create feed" }).click();
  const url = await page.getByTestId("feed-url").inputValue();
  expect(url).toMatch(/\/api\/v1\/calendar\/[A-Za-z0-9_-]{43}$/);
  await expect(page.getByTestId("feed-row")).toHaveCount(1);

  // Calendar apps fetch without a session: the token is the only key.
  const anonymous = await playwright.request.newContext();
  const ics = await anonymous.get(url);
  expect(ics.status()).toBe(200);
  expect(ics.headers()["content-type"]).toContain("text/calendar");
  const text = await ics.text();
  expect(text.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
  expect(text).toContain(`SUMMARY:Rotation due: ${cred.name}`);
  expect(text.trimEnd().endsWith("END:VCALENDAR")).toBe(true);

  await page.getByTestId("feed-row").getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog", { name: "Revoke this calendar feed" }).getByRole("button", { name: "Revoke feed" }).click();
  await expect(page.getByTestId("feed-row")).toContainText("Revoked");
  expect((await anonymous.get(url)).status()).toBe(404);
  await anonymous.dispose();
  await context.close();
  await adminContext.close();
});
