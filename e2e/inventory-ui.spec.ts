import { expect, test, type Locator } from "@playwright/test";
import { admin, originHeaders, signInViaApi } from "./support/accounts";
import { post, seedCredential, unique } from "./support/inventory-api";

/** Options may carry a hint after the name ("Name — issuer"): pick the one that contains the text. */
async function selectContaining(select: Locator, text: string) {
  const value = await select.locator("option", { hasText: text }).first().getAttribute("value");
  expect(value, `an option containing ${text}`).toBeTruthy();
  await select.selectOption(value ?? "");
}

/**
 * Issue #3's main story through the UI: an authorization server filled from discovery (the test
 * OpenID provider's metadata), an API with scopes, an application, an OAuth client with a secret;
 * then the client is found by filter and by leak lookup.
 */
test("[INVENTORY UI] server from discovery, API with scopes, application, OAuth client with a secret, found by filter", async ({ page, context }) => {
  await signInViaApi(context, admin.email, admin.password);
  const teamName = unique("Signing team");
  await post(context.request, "/api/v1/teams", { name: teamName, kind: "application" });
  const issuer = `http://localhost:${process.env.E2E_OIDC_PORT ?? 3300}`;

  // Authorization server, filled from the provider's discovery document.
  await page.goto("/servers/new");
  await page.getByLabel("Issuer URL").fill(issuer);
  await page.getByRole("button", { name: "Fill from issuer" }).click();
  await expect(page.getByLabel("Token endpoint URL")).toHaveValue(`${issuer}/token`);
  await expect(page.getByLabel("JWKS URI")).toHaveValue(/\/jwks$/);
  const serverName = unique("Test IdP");
  await page.getByLabel("Name", { exact: true }).fill(serverName);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page.getByRole("heading", { name: serverName })).toBeVisible();

  // An API with two scopes.
  const apiName = unique("Signing API");
  await page.goto("/apis/new");
  await page.getByLabel("Name", { exact: true }).fill(apiName);
  await page.getByLabel("Audience").fill(`https://${unique("signing")}.example.test`);
  await page.getByLabel("Trust zone").fill("partner");
  await page.getByLabel("Sensitivity").selectOption("critical");
  await selectContaining(page.getByLabel("Owning team"), teamName);
  await page.getByRole("button", { name: "Add scope" }).click();
  await page.getByLabel("Scope 1 name").fill("documents.sign");
  await page.getByLabel("Scope 1 privilege").selectOption("write");
  await page.getByRole("button", { name: "Add scope" }).click();
  await page.getByLabel("Scope 2 name").fill("documents.admin");
  await page.getByLabel("Scope 2 privilege").selectOption("admin");
  await page.getByRole("button", { name: "Create API" }).click();
  await expect(page.getByRole("heading", { name: apiName })).toBeVisible();

  // An application.
  const appName = unique("CRM signing worker");
  await page.goto("/applications/new");
  await page.getByLabel("Name", { exact: true }).fill(appName);
  await selectContaining(page.getByLabel("Owning team"), teamName);
  await page.getByLabel("Environment").selectOption("production");
  await page.getByLabel("Trust zone").fill("internal");
  await page.getByRole("button", { name: "Create application" }).click();
  await expect(page.getByRole("heading", { name: appName })).toBeVisible();

  // The OAuth client.
  const credentialName = unique("OneSpan Sign — CRM signing integration");
  const clientId = unique("crm-signing");
  await page.goto("/inventory/new");
  await page.getByLabel("Name", { exact: true }).fill(credentialName);
  await page.getByLabel("Environment").selectOption("production");
  await page.getByLabel("Client id").fill(clientId);
  await selectContaining(page.getByLabel("Authorization server"), serverName);
  await page.getByLabel("Client authentication method").selectOption("client_secret_basic");
  await page.getByLabel("Access-token TTL (seconds)").fill("299");
  await page.getByRole("checkbox", { name: /client credentials/i }).check();
  await page.getByRole("checkbox", { name: appName }).check();
  await selectContaining(page.getByLabel("Owning team (application team)"), teamName);
  await page.getByLabel("Token cache").selectOption("in_memory");
  await page.getByRole("button", { name: "Add API grant" }).click();
  await selectContaining(page.getByLabel("API of grant 1"), apiName);
  await page.getByRole("checkbox", { name: /documents\.sign/ }).check();
  await page.getByLabel("Justification").fill("signs CRM contracts");
  await page.getByRole("button", { name: "Create credential" }).click();
  await expect(page.getByRole("heading", { name: credentialName })).toBeVisible();

  // A secret, with its fingerprint taken from a pasted value.
  await page.getByRole("tab", { name: "Secrets" }).click();
  await page.getByRole("button", { name: "Add secret" }).click();
  await page.getByLabel("Storage", { exact: true }).selectOption("vault");
  await page.getByLabel("Storage reference").fill("vault://kv/crm/onespan");
  await page.getByLabel("Issued on (UTC)").fill("2026-01-15");
  const value = `onespan-${unique("value")}`;
  await page.getByLabel(/Fingerprint: paste the value/).fill(value);
  await page.getByRole("button", { name: "Add secret", exact: true }).last().click();
  await expect(page.getByText("vault://kv/crm/onespan")).toBeVisible();

  // Found by filter: team + environment + API, then by search.
  await page.goto("/inventory");
  await page.getByRole("button", { name: /^Filters/ }).click();
  await selectContaining(page.getByLabel("API", { exact: true }), apiName);
  await page.getByLabel("Environment").selectOption("production");
  await expect(page.getByRole("link", { name: credentialName }).first()).toBeVisible();
  expect(page.url()).toContain("apiId=");
  await page.goto(`/inventory?q=${encodeURIComponent(clientId)}`);
  await expect(page.getByRole("link", { name: credentialName }).first()).toBeVisible();

  // And by leak lookup of the pasted value.
  await page.goto("/leak-lookup");
  await page.getByLabel("Suspected secret value").fill(value);
  await page.getByRole("button", { name: "Look up" }).click();
  await expect(page.getByRole("link", { name: credentialName })).toBeVisible();
});

test("[INVENTORY UI] at 1440×900 beside the sidebar every column is in view, the due dates and status included", async ({ page, context }) => {
  await signInViaApi(context, admin.email, admin.password);
  // A row as wide as real ones get: a long name, a long client id, a long team name.
  const { credential } = await seedCredential(context.request);
  const longName = unique("Settlement batch job → General Ledger API — nightly reconciliation worker");
  const clientId = unique("settlement-batch-ledger-nightly-reconciliation-worker@payments.iam.example.test");
  expect((await context.request.patch(`/api/v1/credentials/${credential.id}`, { data: { name: longName, clientId }, headers: originHeaders() })).status()).toBe(200);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/inventory?q=${encodeURIComponent(longName)}`);
  await expect(page.getByTestId("credential-row").first()).toBeVisible();
  for (const heading of ["Status", "Review due", "Rotation due", "Name", "Client id", "Owner · team"]) {
    await expect(page.getByRole("columnheader", { name: heading }), heading).toBeInViewport({ ratio: 1 });
  }
  // Kind, environment and team still show, under the name and the owner.
  await expect(page.getByTestId("credential-row").first()).toContainText(" · ");
});
