import { expect, test } from "@playwright/test";
import { admin, createUser, originHeaders, signInViaApi } from "./support/accounts";

test("[AUTHZ] a member gets 403 on user administration, page and API", async ({ browser }) => {
  const adminContext = await browser.newContext();
  await signInViaApi(adminContext, admin.email, admin.password);
  const member = await createUser(adminContext.request, "member");

  const context = await browser.newContext();
  await signInViaApi(context, member.email, member.password);
  const page = await context.newPage();

  const response = await page.goto("/settings/users");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
  await page.goto("/");
  await expect(page.getByRole("navigation", { name: "Main", exact: true }).getByRole("link", { name: "Users" })).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Main", exact: true }).getByRole("link", { name: "Audit log" })).toHaveCount(0);

  expect((await context.request.get("/api/v1/users")).status()).toBe(403);
  const create = await context.request.post("/api/v1/users", { data: { name: "X", email: "x@example.test", role: "admin" }, headers: originHeaders() });
  expect(create.status()).toBe(403);
  expect(((await create.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
  await context.close();
  await adminContext.close();
});

test("[AUTHZ] an auditor cannot mutate anything: no buttons, 403 from the API, denial audited", async ({ browser }) => {
  const adminContext = await browser.newContext();
  await signInViaApi(adminContext, admin.email, admin.password);
  const auditor = await createUser(adminContext.request, "auditor");

  const context = await browser.newContext();
  await signInViaApi(context, auditor.email, auditor.password);
  const page = await context.newPage();

  await page.goto("/teams");
  await expect(page.getByRole("heading", { name: "Teams" })).toBeVisible();
  await expect(page.getByRole("link", { name: "New team" })).toHaveCount(0);
  await page.goto("/people");
  await expect(page.getByRole("link", { name: "Add person" })).toHaveCount(0);
  await page.goto("/settings/users");
  await expect(page.getByRole("link", { name: "Invite user" })).toHaveCount(0);
  expect((await page.goto("/teams/new"))?.status()).toBe(403);

  // The auditor reads the audit log and can verify the chain: reading is not mutating.
  await page.goto("/audit");
  await page.getByRole("button", { name: "Verify chain" }).click();
  await expect(page.getByTestId("verify-result")).toContainText("Chain OK");

  const attempts = [
    context.request.post("/api/v1/teams", { data: { name: "Auditor team", kind: "security" }, headers: originHeaders() }),
    context.request.post("/api/v1/people", { data: { name: "Auditor person", email: "ap@example.test" }, headers: originHeaders() }),
    context.request.post("/api/v1/users", { data: { name: "A", email: "a@example.test", role: "admin" }, headers: originHeaders() }),
  ];
  for (const response of await Promise.all(attempts)) expect(response.status()).toBe(403);
  const teams = (await (await context.request.get("/api/v1/teams?q=Auditor")).json()) as { items: unknown[] };
  expect(teams.items).toHaveLength(0);

  const denied = (await (
    await adminContext.request.get(`/api/v1/audit-events?action=authz.denied&actorId=${auditor.id}`)
  ).json()) as { items: { payload: { permission: string } }[] };
  const permissions = denied.items.map((e) => e.payload.permission).sort();
  expect(permissions).toEqual(expect.arrayContaining(["person:manage", "team:manage", "user:manage"]));
  await context.close();
  await adminContext.close();
});

test("[AUTHZ] a deactivated user is signed out at once", async ({ browser }) => {
  const adminContext = await browser.newContext();
  await signInViaApi(adminContext, admin.email, admin.password);
  const member = await createUser(adminContext.request, "member");
  const context = await browser.newContext();
  await signInViaApi(context, member.email, member.password);

  const off = await adminContext.request.patch(`/api/v1/users/${member.id}`, { data: { isActive: false }, headers: originHeaders() });
  expect(off.status()).toBe(200);
  expect((await context.request.get("/api/v1/me")).status()).toBe(401);
  await context.close();
  await adminContext.close();
});
