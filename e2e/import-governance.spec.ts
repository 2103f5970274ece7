import { expect, test } from "@playwright/test";
import { admin, signInViaApi } from "./support/accounts";
import { dryRunImport, unique } from "./support/inventory-api";

/** Issue 12 item 4 through the import: an admin's file may not weaken governance, and "last reviewed at" is not taken from a file. */
test("[IMPORT-GOV] an admin's dry run refuses a weaker policy override (line and field) and lists lastReviewedAt as ignored", async ({ page, context }) => {
  await signInViaApi(context, admin.email, admin.password);
  const api = unique("gov-critical-api");
  const weak = unique("gov-weak-client");
  const reviewed = unique("gov-reviewed-client");
  const grant = [{ api, scopes: [] }];
  const file = JSON.stringify(
    {
      format: "steward-inventory/v1",
      apis: [{ key: api, name: `Critical ${api}`, audience: `https://${api}.example.com`, trustZone: "internal", sensitivity: "critical", scopes: [] }],
      credentials: [
        { key: weak, name: `Weak ${weak}`, environment: "production", grants: grant, rotationPolicy: "default-non-production" },
        { key: reviewed, name: `Reviewed ${reviewed}`, environment: "production", grants: grant, lastReviewedAt: "2026-01-15T00:00:00.000Z" },
      ],
    },
    null,
    2,
  );
  const lineOf = (needle: string) => file.split("\n").findIndex((l) => l.includes(needle)) + 1;

  await dryRunImport(page, file);
  const invalid = page.getByTestId("invalid-row");
  await expect(invalid).toHaveCount(1);
  await expect(invalid).toContainText("rotationPolicy");
  await expect(invalid).toContainText(String(lineOf('"rotationPolicy"')));
  await expect(invalid).toContainText("weaker than the matched policy");
  const ignored = page.getByTestId("ignored-fields");
  await expect(ignored).toContainText(`Line ${lineOf('"lastReviewedAt"')}`);
  await expect(ignored).toContainText("lastReviewedAt");

  await page.getByTestId("import-valid").check();
  await page.getByTestId("import-button").click();
  await expect(page.getByTestId("import-result")).toContainText("created");
  const find = async (key: string) => ((await (await context.request.get(`/api/v1/credentials?q=${key}`)).json()) as { items: { lastReviewedAt?: string | null }[] }).items;
  expect(await find(weak)).toHaveLength(0);
  const [stored] = await find(reviewed);
  expect(stored?.lastReviewedAt ?? null).toBeNull();
});
