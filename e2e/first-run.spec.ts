import { expect, test } from "@playwright/test";
import { admin } from "./support/accounts";

test.describe.configure({ mode: "serial" });

test("[FIRST RUN] setup creates the first admin, then closes", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Welcome to Steward" })).toBeVisible();

  // Field errors name the field and keep the user on the page.
  await page.getByLabel("Your name").fill(admin.name);
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create admin and sign in" }).click();
  await expect(page.getByTestId("error-email")).toContainText("valid email");
  await expect(page.getByTestId("error-password")).toContainText("at least 12");

  await page.getByLabel("Your name").fill(admin.name);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Create admin and sign in" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: `Account menu for ${admin.name}` })).toBeVisible();

  // Setup is closed for good.
  await page.goto("/setup");
  await expect(page).not.toHaveURL(/\/setup$/);
});

test("[FIRST RUN] sign in, create a team and a person; both are audited and the chain verifies", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: `Account menu for ${admin.name}` })).toBeVisible();

  await page.getByRole("navigation", { name: "Main", exact: true }).getByRole("link", { name: "People" }).click();
  await expect(page.getByRole("heading", { name: "No people yet" })).toHaveCount(0); // the admin is a person already
  await page.getByRole("link", { name: "Add person" }).click();
  await expect(page.getByRole("heading", { name: "Add person" })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("Priya Owner");
  await page.getByLabel("Email", { exact: true }).fill("priya.owner@example.test");
  await page.getByRole("button", { name: "Add person" }).click();
  await expect(page.getByRole("heading", { name: "Priya Owner" })).toBeVisible();

  await page.goto("/teams");
  await expect(page.getByRole("heading", { name: "No teams yet" })).toBeVisible();
  await page.getByRole("link", { name: "Create the first team" }).click();
  await expect(page.getByRole("heading", { name: "New team" })).toBeVisible();
  await page.getByLabel("Team name").fill("CRM Integrations");
  await page.getByLabel("Kind").selectOption("application");
  await page.getByLabel("Find a person to add").fill("Priya");
  await page.getByRole("button", { name: /Priya Owner/ }).click();
  await expect(page.getByRole("list", { name: "Chosen members" })).toContainText("Priya Owner");
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page.getByRole("heading", { name: "CRM Integrations" })).toBeVisible();

  // A duplicate name is refused with the field named.
  await page.goto("/teams/new");
  await expect(page.getByRole("heading", { name: "New team" })).toBeVisible();
  await page.getByLabel("Team name").fill("CRM Integrations");
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page.getByTestId("error-name")).toContainText("already exists");

  await page.goto("/audit");
  const rows = page.getByTestId("audit-row");
  await expect(rows.filter({ hasText: "Team created" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Person created" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Setup completed" })).toHaveCount(1);
  await page.getByRole("button", { name: "Verify chain" }).click();
  await expect(page.getByTestId("verify-result")).toContainText("Chain OK");
});
