import { expect, test } from "@playwright/test";
import { signedInContext } from "./support/accounts";

const AA05 = "nist-csf-2.0/PR.AA-05";
const NHI7 = "owasp-nhi-2025/nhi7-2025";

/** Issue 15, "several controls at once": the multi-select, the all/any choice and one removable chip per control. */
test("[CONTROL FILTERS] findings and inventory filter by several controls, each shown as a chip that removes only itself", async ({ browser }) => {
  const context = await signedInContext(browser);
  const page = await context.newPage();

  await page.goto("/findings");
  const controls = page.getByLabel("Controls (choose one or more)");
  await controls.selectOption([AA05, NHI7]);
  await page.getByRole("radio", { name: "Any of them" }).check();
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/controlMatch=any/);
  const chips = page.getByTestId("filter-chips").getByRole("listitem");
  await expect(chips).toHaveCount(2);
  // The multi-select submits in catalog order (OWASP before CSF): find each chip by its control.
  await expect(chips.filter({ hasText: "PR.AA-05" })).toContainText("Any of: PR.AA-05");
  await expect(chips.filter({ hasText: "NHI7:2025" })).toContainText("Any of: NHI7:2025");
  await page.getByRole("link", { name: /Remove filter: Any of: PR\.AA-05/ }).click();
  await expect(page.getByTestId("filter-chips").getByRole("listitem")).toHaveCount(1);
  await expect(page.getByTestId("filter-chips")).toContainText("NHI7:2025");

  await page.goto(`/inventory?control=${encodeURIComponent(`${AA05},${NHI7}`)}`);
  const inventoryChips = page.getByTestId("filter-chips").getByRole("listitem");
  await expect(inventoryChips).toHaveCount(2);
  await expect(inventoryChips.first()).toContainText("All of: Open finding on PR.AA-05");
  await page.getByRole("button", { name: /Remove filter: All of: Open finding on PR\.AA-05/ }).click();
  await expect(page.getByTestId("filter-chips").getByRole("listitem")).toHaveCount(1);
  await expect(page).toHaveURL(new RegExp(`control=${encodeURIComponent(NHI7)}(&|$)`));
  await context.close();
});
