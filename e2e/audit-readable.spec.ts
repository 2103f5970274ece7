import { expect, test } from "@playwright/test";
import { admin, signInViaApi } from "./support/accounts";
import { post, seedCredential, unique } from "./support/inventory-api";

test("[AUDIT] the audit log and History tab say what changed in words, with names, JSON behind Details", async ({ browser }) => {
  const context = await browser.newContext();
  await signInViaApi(context, admin.email, admin.password);
  const { credential } = await seedCredential(context.request);
  const name = unique("Ana Lee");
  const person = await post<{ id: string }>(context.request, "/api/v1/people", { name, email: `${unique("ana")}@example.test`, isActive: true });

  const page = await context.newPage();
  await page.goto(`/inventory/${credential.id}/edit`);
  await page.getByLabel("Backup owner").selectOption(person.id);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(new RegExp(`/inventory/${credential.id}$`));

  const sentence = `Backup owner changed from — to ${name}`;
  await page.goto(`/audit?action=credential.updated&targetId=${credential.id}`);
  const row = page.getByTestId("audit-row").filter({ hasText: sentence });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(credential.name);
  await expect(row).toContainText(admin.name);
  // The raw payload (ids and all) is there, but only behind the disclosure.
  const details = row.getByText("Details");
  await expect(row.locator("pre")).toBeHidden();
  await details.click();
  await expect(row.locator("pre")).toContainText("backupOwnerId");

  await page.goto(`/inventory/${credential.id}?tab=history`);
  await expect(page.getByTestId("history-row").filter({ hasText: sentence })).toHaveCount(1);
  await context.close();
});
