import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { pagePermissions, pageRouteOf, type PageRoute } from "../lib/authz/pages";
import { can } from "../lib/authz/permissions";
import { recordPageCells } from "../lib/authz/record-rights";
import { admin, createUser, signInViaApi } from "./support/accounts";

/**
 * Route skeletons (loading.tsx) stream a page inside a Suspense boundary, which sends the 200
 * before the page runs. With them in place, a refused page must still answer 403 (the guarded layout
 * checks the page table outside every boundary) and an unknown record 404 (record pages sit under
 * no boundary; their list page's skeleton is in a (list) route group beside them).
 */
const appDir = path.resolve(import.meta.dirname, "../app/(app)/(guarded)");
const unknownId = "00000000-0000-4000-8000-000000000000";

function filesNamed(dir: string, name: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesNamed(path.join(dir, e.name), name) : e.name === name ? [path.join(dir, e.name)] : []));
}

/** Every page route that renders inside some loading.tsx boundary. */
const routesUnderSkeleton: PageRoute[] = filesNamed(appDir, "loading.tsx").flatMap((loading) =>
  filesNamed(path.dirname(loading), "page.tsx").map((page) => {
    const url = `/${path.relative(appDir, path.dirname(page))}`.replace(/\/\([\w-]+\)/g, "").replace(/\[\w+\]/g, unknownId);
    const route = pageRouteOf(url);
    if (!route) throw new Error(`${page} is not in the page table`);
    return route;
  }),
);

test("[SKELETONS] with loading.tsx present, refused pages answer 403 and unknown records 404", async ({ browser }) => {
  // About thirty page loads, each a full server render.
  test.setTimeout(180_000);
  const adminContext = await browser.newContext();
  await signInViaApi(adminContext, admin.email, admin.password);
  const member = await createUser(adminContext.request, "member");
  const memberContext = await browser.newContext();
  await signInViaApi(memberContext, member.email, member.password);

  expect(routesUnderSkeleton).toEqual(expect.arrayContaining(["/dashboard", "/inventory", "/findings", "/settings/users", "/settings/users/new", "/audit"]));
  const refused = routesUnderSkeleton.filter((route) => !can("member", pagePermissions[route]));
  expect(refused.length).toBeGreaterThanOrEqual(5);

  const page = await memberContext.newPage();
  for (const route of refused) {
    const response = await page.goto(route);
    expect(response?.status(), `member ${route}`).toBe(403);
    // The refusal is drawn in the app shell, with nothing of the page or its skeleton.
    await expect(page.getByRole("heading", { name: "You do not have access to this page" }), route).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main", exact: true }), route).toBeVisible();
    await expect(page.getByTestId("page-skeleton"), route).toHaveCount(0);
  }
  // Allowed pages under a skeleton still render.
  for (const route of ["/inventory", "/findings", "/queue"] as const) {
    expect((await page.goto(route))?.status(), `member ${route}`).toBe(200);
  }

  // Unknown records beside a list page that has its skeleton: a real 404, for every record page.
  const adminPage = await adminContext.newPage();
  expect(fs.existsSync(path.join(appDir, "inventory/(list)/loading.tsx"))).toBe(true);
  for (const route of Object.keys(recordPageCells)) {
    const response = await adminPage.goto(route.replace("[id]", unknownId));
    expect(response?.status(), `admin ${route}`).toBe(404);
    await expect(adminPage.getByRole("heading", { name: "Not found" }), route).toBeVisible();
  }
  await memberContext.close();
  await adminContext.close();
});

test("[SKELETONS] a refused page is audited once, not once by the layout and again by the page", async ({ browser }) => {
  const adminContext = await browser.newContext();
  await signInViaApi(adminContext, admin.email, admin.password);
  const member = await createUser(adminContext.request, "member");
  const memberContext = await browser.newContext();
  await signInViaApi(memberContext, member.email, member.password);
  expect((await (await memberContext.newPage()).goto("/audit"))?.status()).toBe(403);
  const events = ((await (await adminContext.request.get(`/api/v1/audit-events?action=authz.denied&actorId=${member.id}&limit=200`)).json()) as { items: { actorId: string | null; payload: { path?: string } }[] }).items;
  const mine = events.filter((e) => e.actorId === member.id && e.payload.path === "/audit");
  expect(mine).toHaveLength(1);
  await memberContext.close();
  await adminContext.close();
});
