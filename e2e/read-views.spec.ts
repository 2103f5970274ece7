import { expect, test } from "@playwright/test";
import { admin, signInViaApi } from "./support/accounts";
import { post, seedCredential, unique } from "./support/inventory-api";

test("[READ VIEWS] an application opens as a read view; Edit shows the form, saving returns to the read view, the back link leads to the list", async ({ browser }) => {
  const context = await browser.newContext();
  await signInViaApi(context, admin.email, admin.password);
  const { appId } = await seedCredential(context.request);
  const page = await context.newPage();

  await page.goto(`/applications/${appId}`);
  const heading = page.getByRole("heading", { level: 1 });
  const name = (await heading.textContent()) ?? "";
  // Read view: the record's facts, no form.
  await expect(page.getByText("Trust zone", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Save changes" })).toHaveCount(0);

  await page.getByRole("link", { name: `Edit ${name}` }).click();
  await expect(page).toHaveURL(new RegExp(`/applications/${appId}\\?edit=1$`));
  const renamed = unique("Renamed worker");
  await page.getByLabel("Name", { exact: true }).fill(renamed);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(new RegExp(`/applications/${appId}$`));
  await expect(heading).toHaveText(renamed);
  await expect(page.getByRole("button", { name: "Save changes" })).toHaveCount(0);

  // Cancel leaves edit mode without saving.
  await page.getByRole("link", { name: `Edit ${renamed}` }).click();
  await page.getByRole("link", { name: "Cancel editing" }).click();
  await expect(page).toHaveURL(new RegExp(`/applications/${appId}$`));

  await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "← Applications" }).click();
  await expect(page).toHaveURL(/\/applications$/);
  await context.close();
});

test("[READ VIEWS] a failed save puts focus on the first field to fix", async ({ browser }) => {
  const context = await browser.newContext();
  await signInViaApi(context, admin.email, admin.password);
  const person = await post<{ id: string }>(context.request, "/api/v1/people", { name: unique("Ivy Input"), email: `${unique("ivy")}@example.test`, isActive: true });
  const page = await context.newPage();
  await page.goto(`/people/${person.id}?edit=1`);
  const email = page.getByLabel("Email");
  await email.fill("not-an-email");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toBeFocused();
  await context.close();
});
