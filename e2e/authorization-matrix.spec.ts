import { expect, test, type APIRequestContext, type BrowserContext } from "@playwright/test";
import { allEndpoints } from "../lib/api/endpoints";
import { pagePermissions } from "../lib/authz/pages";
import { can, roles, type Role } from "../lib/authz/permissions";
import { admin, createUser, originHeaders, signInViaApi } from "./support/accounts";

/**
 * Every API endpoint and every page, as every role and as nobody. A role without the permission
 * gets 403 (401 without a session); a role with it is let through to validation or lookup.
 * Write bodies are empty and ids are unknown, so the walk never changes data.
 */
const unknownId = "00000000-0000-4000-8000-000000000000";
const concrete = (p: string) => p.replace(/\{\w+\}|\[\w+\]/g, unknownId);

test.describe.configure({ mode: "serial" });

const contexts = new Map<Role, BrowserContext>();

test.beforeAll(async ({ browser }) => {
  const adminContext = await browser.newContext();
  await signInViaApi(adminContext, admin.email, admin.password);
  contexts.set("admin", adminContext);
  for (const role of roles.filter((r) => r !== "admin")) {
    const user = await createUser(adminContext.request, role);
    const context = await browser.newContext();
    await signInViaApi(context, user.email, user.password);
    contexts.set(role, context);
  }
});

test.afterAll(async () => {
  for (const context of contexts.values()) await context.close();
});

async function call(request: APIRequestContext, method: string, url: string) {
  return request.fetch(url, { method, headers: originHeaders(), ...(method === "GET" ? {} : { data: {} }) });
}

for (const role of [...roles, "anonymous"] as const) {
  test(`[AUTHZ MATRIX] every API endpoint as ${role}`, async ({ playwright }) => {
    const anonymous = await playwright.request.newContext({ baseURL: `http://localhost:${process.env.E2E_PORT ?? 3200}` });
    const request = role === "anonymous" ? anonymous : (contexts.get(role)?.request ?? anonymous);
    for (const e of allEndpoints) {
      const response = await call(request, e.method, concrete(e.path));
      const where = `${role} ${e.method} ${e.path} → ${response.status()}`;
      expect(response.status(), where).toBeLessThan(500);
      if (e.access === "public") {
        expect([401, 403], where).not.toContain(response.status());
      } else if (role === "anonymous") {
        expect(response.status(), where).toBe(401);
      } else if (e.access !== "signed-in" && !can(role, e.access.permission)) {
        expect(response.status(), where).toBe(403);
      } else {
        expect([401, 403], where).not.toContain(response.status());
      }
    }
    await anonymous.dispose();
  });

  test(`[AUTHZ MATRIX] every page as ${role}`, async ({ browser }) => {
    const context = role === "anonymous" ? await browser.newContext() : contexts.get(role);
    if (!context) throw new Error(`no context for ${role}`);
    // The server's answer is what this walks (status, and where a redirect lands), so each page is
    // fetched with the context's cookies rather than loaded and hydrated in a tab.
    for (const [route, permission] of Object.entries(pagePermissions)) {
      const response = await context.request.get(concrete(route));
      const status = response.status();
      const where = `${role} ${route} → ${String(status)} ${response.url()}`;
      if (role === "anonymous") {
        expect(new URL(response.url()).pathname, where).toBe("/login");
      } else if (!can(role, permission)) {
        expect(status, where).toBe(403);
      } else {
        // Allowed: the page renders, or says the (unknown) record is not found.
        expect(route.includes("[") ? [200, 404] : [200], where).toContain(status);
      }
    }
    if (role === "anonymous") await context.close();
  });
}

test("[AUTHZ MATRIX] page denials are audited with the path", async () => {
  const adminRequest = contexts.get("admin")?.request;
  if (!adminRequest) throw new Error("no admin context");
  const response = await adminRequest.get("/api/v1/audit-events?action=authz.denied&limit=200");
  const events = ((await response.json()) as { items: { payload: { path?: string; method?: string } }[] }).items;
  const deniedPages = new Set(events.filter((e) => e.payload.method === "GET").map((e) => e.payload.path));
  for (const [route, permission] of Object.entries(pagePermissions)) {
    if (!can("member", permission)) expect(deniedPages, route).toContain(concrete(route));
  }
});
