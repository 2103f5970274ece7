import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { unzipSync } from "fflate";
import { verifyPackZip } from "../lib/domain/exports/verify-pack";
import { admin, createUser, signInViaApi } from "./support/accounts";
import { post, seedCredential, unique } from "./support/inventory-api";

/** DESIGN §8.4 / issue #5: the auditor's path in the browser — controls, then the OSCAL export and the evidence pack. */
test("[AUDITOR] an auditor reads the controls, finds PR.AC-4, and downloads OSCAL and a verifiable evidence pack", async ({ browser }) => {
  const adminContext = await browser.newContext();
  await signInViaApi(adminContext, admin.email, admin.password);
  const team = await post<{ id: string }>(adminContext.request, "/api/v1/teams", { name: unique("Audit team"), kind: "application" });
  await seedCredential(adminContext.request, { teamId: team.id });
  const auditor = await createUser(adminContext.request, "auditor", `Aud Itor ${unique("a")}`);

  const context = await browser.newContext();
  await signInViaApi(context, auditor.email, auditor.password);
  const page = await context.newPage();

  // Controls: frameworks with coverage; a legacy id finds its CSF 2.0 successor.
  await page.goto("/");
  await page.getByRole("link", { name: "Controls" }).click();
  await expect(page).toHaveURL(/\/controls$/);
  await expect(page.getByRole("heading", { level: 2, name: "OWASP Top 10 Non-Human Identities Risks 2025" })).toBeVisible();
  await page.getByLabel(/Find a control/).fill("PR.AC-4");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page.getByTestId("catalog-hit").first()).toContainText("PR.AA-05");
  await expect(page.getByTestId("catalog-hit").first()).toContainText("PR.AC-4 (CSF 1.1) maps to PR.AA-05 in CSF 2.0");
  await page.getByTestId("catalog-hit").first().getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("PR.AA-05");

  // Exports: OSCAL component definition, then the evidence pack.
  await page.getByRole("link", { name: "Auditor exports" }).click();
  await expect(page).toHaveURL(/\/exports$/);
  const oscalDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "OSCAL component definition" }).click();
  const oscal = await oscalDownload;
  // Issue 16 item 8: the button said what it was doing, and says when the file is saved.
  await expect(page.getByTestId("export-status-oscal-component-definition")).toContainText(/Downloaded \(\d+ (B|KB|MB)\)/);
  expect(oscal.suggestedFilename()).toMatch(/^steward-oscal-component-definition-\d{4}-\d{2}-\d{2}\.json$/);
  const doc = JSON.parse(await readFile(await oscal.path(), "utf8")) as { "component-definition": { components?: unknown[]; metadata: { "oscal-version": string } } };
  expect(doc["component-definition"].metadata["oscal-version"]).toBe("1.0.6");
  expect(doc["component-definition"].components?.length ?? 0).toBeGreaterThan(0);

  const packDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "Evidence pack (zip)" }).click();
  const pack = await packDownload;
  expect(pack.suggestedFilename()).toMatch(/^steward-evidence-pack-.*\.zip$/);
  const zip = await readFile(await pack.path());
  expect(Object.keys(unzipSync(zip))).toContain("manifest.sig");
  // Verified against the instance key the auditor fetches from the API, not the one the pack carries.
  const key = (await (await context.request.get("/api/v1/evidence/public-key")).json()) as { algorithm: string; publicKey: string };
  expect(key.algorithm).toBe("Ed25519");
  const check = verifyPackZip(zip, { publicKey: key.publicKey });
  expect(check.ok, check.problems.join("; ")).toBe(true);
  expect(check.pinned).toBe(true);

  // Both exports are in the audit log, under the auditor's name.
  const events = (await (await context.request.get("/api/v1/audit-events?action=compliance.exported&limit=10")).json()) as { items: { action: string; actorLabel: string; payload: { format: string } }[] };
  const formats = events.items.filter((e) => e.action === "compliance.exported").map((e) => e.payload.format);
  expect(formats).toEqual(expect.arrayContaining(["oscal-component-definition", "evidence-pack"]));
  await context.close();
  await adminContext.close();
});

/** Issue 16 item 8: an export button shows preparing while the server assembles it, then saves the file. */
test("[AUDITOR] an export button shows Preparing… until the server answers, then the download", async ({ browser }) => {
  const context = await browser.newContext();
  await signInViaApi(context, admin.email, admin.password);
  const page = await context.newPage();
  await page.goto("/exports");
  // Hold the answer back until the test has seen the preparing state.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api/v1/exports/csv?*", async (route) => {
    await held;
    await route.continue();
  });
  const button = page.getByRole("button", { name: /Control mapping \(CSV\)/ });
  const download = page.waitForEvent("download");
  await button.click();
  await expect(button).toHaveAttribute("data-state", "preparing");
  await expect(button).toContainText("Preparing…");
  release();
  expect((await download).suggestedFilename()).toMatch(/^steward-controls-.*\.csv$/);
  await expect(button).toHaveAttribute("data-state", "done");
  await expect(button).toContainText("Control mapping (CSV)");
  await context.close();
});

/** Issue 15: Steward's own catalogs resolve at the stable route the OSCAL exports cite, without an account. */
test("[AUDITOR] Steward's OSCAL catalogs are served publicly at their stable route; the exports embed the same", async ({ playwright, browser }) => {
  const anonymous = await playwright.request.newContext({ baseURL: `http://localhost:${process.env.E2E_PORT ?? 3200}` });
  const owasp = await anonymous.get("/api/v1/oscal/catalogs/owasp-nhi-2025");
  expect(owasp.status()).toBe(200);
  expect(owasp.headers()["content-type"]).toContain("application/oscal.catalog+json");
  const catalog = (await owasp.json()) as { catalog: { controls: { id: string; props: { value: string }[] }[] } };
  expect(catalog.catalog.controls.map((c) => c.id)).toContain("nhi7-2025");
  const tenets = (await (await anonymous.get("/api/v1/oscal/catalogs/nist-sp-800-207")).json()) as { catalog: { controls: { title: string }[] } };
  expect(tenets.catalog.controls[5]?.title).toBe("All resource authentication and authorization are dynamic and strictly enforced before access is allowed.");
  // An unknown catalog is not found (the route refuses params outside its enum with 404).
  expect((await anonymous.get("/api/v1/oscal/catalogs/iso-27001")).status()).toBe(404);

  const adminContext = await browser.newContext();
  await signInViaApi(adminContext, admin.email, admin.password);
  const results = (await (await adminContext.request.get("/api/v1/exports/oscal-assessment-results?frameworks=owasp-nhi-2025")).json()) as { "assessment-results": { "back-matter": { resources: { rlinks: { href: string }[]; base64?: { value: string } }[] } } };
  const embedded = results["assessment-results"]["back-matter"].resources.find((r) => r.rlinks.some((l) => l.href === "/api/v1/oscal/catalogs/owasp-nhi-2025"));
  expect(JSON.parse(Buffer.from(embedded?.base64?.value ?? "", "base64").toString("utf8"))).toEqual(catalog);
  await anonymous.dispose();
  await adminContext.close();
});
