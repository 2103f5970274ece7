import { expect, test, type APIRequestContext, type APIResponse, type BrowserContext } from "@playwright/test";
import { allEndpoints } from "../lib/api/endpoints";
import { serverActions, type ServerActionName } from "../lib/authz/actions";
import { pagePermissions } from "../lib/authz/pages";
import { callServerAction, serverActionIds } from "./support/actions";
import { admin, appOrigin, createUser, originHeaders, signInViaApi } from "./support/accounts";
import { unique } from "./support/inventory-api";

/**
 * DESIGN §9 over HTTP: the security headers on every page and every API endpoint of the tables,
 * and CSRF on every state-changing endpoint and server action (a cookie session with a foreign
 * Origin, or with none, is refused before anything runs). Bearer tokens are exempt by design.
 */
const unknownId = "00000000-0000-4000-8000-000000000000";
const concrete = (p: string) => p.replace(/\{\w+\}|\[\w+\]/g, unknownId);
const writes = allEndpoints.filter((e) => e.method !== "GET");

test.describe.configure({ mode: "serial" });

let adminContext: BrowserContext;
test.beforeAll(async ({ browser }) => {
  adminContext = await browser.newContext();
  await signInViaApi(adminContext, admin.email, admin.password);
});
test.afterAll(async () => {
  await adminContext.close();
});

/** The headers every answer carries (proxy.ts), authenticated ones `no-store` too. */
function expectSecurityHeaders(response: APIResponse, where: string, opts: { authenticated: boolean }) {
  const h = response.headers();
  const csp = h["content-security-policy"] ?? "";
  const directive = (name: string) => csp.split(";").map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? "";
  expect(directive("script-src"), `${where}: script-src`).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
  expect(directive("script-src"), `${where}: script-src`).not.toContain("'unsafe-inline'");
  expect(directive("object-src"), where).toBe("object-src 'none'");
  expect(directive("base-uri"), where).toBe("base-uri 'none'");
  expect(directive("frame-ancestors"), where).toBe("frame-ancestors 'none'");
  expect(h["x-content-type-options"], where).toBe("nosniff");
  expect(h["referrer-policy"], where).toMatch(/^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/);
  if (opts.authenticated) expect(h["cache-control"] ?? "", `${where}: cache-control`).toContain("no-store");
  return csp;
}

/** "No inline script without nonce": every <script> in the HTML carries this response's nonce. */
async function expectScriptsNonced(response: APIResponse, csp: string, where: string) {
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  const html = await response.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length, `${where}: the page has scripts`).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, `${where}: ${tag}`).toContain(`nonce="${nonce ?? "?"}"`);
}

async function expectCsrfRefusal(response: APIResponse, where: string) {
  expect(response.status(), where).toBe(403);
  const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; requestId?: string } } | null;
  expect(body?.error?.code, where).toBe("FORBIDDEN");
  expect(body?.error?.message, where).toMatch(/cross-origin/i);
  expect(typeof body?.error?.requestId, where).toBe("string");
}

test("[HTTP] every page carries CSP with a nonce, nosniff, a referrer policy and no-store", async () => {
  for (const route of Object.keys(pagePermissions)) {
    const response = await adminContext.request.get(concrete(route));
    const where = `GET ${route} → ${response.status()}`;
    expect(response.status(), where).toBeLessThan(500);
    const csp = expectSecurityHeaders(response, where, { authenticated: true });
    await expectScriptsNonced(response, csp, where);
  }
});

test("[HTTP] the sign-in pages and unknown pages carry the same headers", async ({ playwright }) => {
  const anonymous = await playwright.request.newContext({ baseURL: appOrigin() });
  for (const route of ["/login", "/set-password?token=x", "/setup", "/no-such-page"]) {
    const response = await anonymous.get(route);
    const where = `anonymous GET ${route} → ${response.status()}`;
    expect(response.status(), where).toBeLessThan(500);
    const csp = expectSecurityHeaders(response, where, { authenticated: false });
    await expectScriptsNonced(response, csp, where);
  }
  await anonymous.dispose();
});

test("[HTTP] every API endpoint answers with nosniff, no-store and the CSP", async ({ playwright }) => {
  const anonymous = await playwright.request.newContext({ baseURL: appOrigin() });
  for (const e of allEndpoints) {
    for (const [who, request] of [["admin", adminContext.request], ["anonymous", anonymous]] as const) {
      // Unknown ids and empty bodies: answers are 4xx (or a harmless read), nothing changes.
      const response = await request.fetch(concrete(e.path), { method: e.method, headers: originHeaders(), ...(e.method === "GET" ? {} : { data: {} }) });
      const where = `${who} ${e.method} ${e.path} → ${response.status()}`;
      expect(response.status(), where).toBeLessThan(500);
      expectSecurityHeaders(response, where, { authenticated: true });
      await response.dispose();
    }
  }
  await anonymous.dispose();
});

const foreignRequests: [string, Record<string, string>][] = [
  ["a foreign Origin", { Origin: "http://evil.example" }],
  ["the same host on another port", { Origin: appOrigin().replace(/:(\d+)$/, (_m, port: string) => `:${Number(port) + 1}`) }],
  ["Origin: null", { Origin: "null" }],
  ["no Origin", {}],
  ["no Origin, Sec-Fetch-Site cross-site", { "Sec-Fetch-Site": "cross-site" }],
];

test(`[CSRF] every state-changing endpoint (${writes.length}) refuses cookie requests that are cross-origin or carry no Origin`, async () => {
  for (const e of writes) {
    for (const [label, headers] of foreignRequests) {
      const response = await adminContext.request.fetch(concrete(e.path), { method: e.method, headers, data: {} });
      await expectCsrfRefusal(response, `${e.method} ${e.path} with ${label}`);
    }
  }
  // Refused before anything ran: a valid body from elsewhere creates nothing, the same body from here does.
  const name = unique("CSRF team");
  for (const [, headers] of foreignRequests) {
    await expectCsrfRefusal(await adminContext.request.post("/api/v1/teams", { headers, data: { name, kind: "platform" } }), "POST /api/v1/teams");
  }
  const teams = (await (await adminContext.request.get(`/api/v1/teams?q=${encodeURIComponent(name)}`)).json()) as { items: unknown[] };
  expect(teams.items).toHaveLength(0);
  expect((await adminContext.request.post("/api/v1/teams", { headers: originHeaders(), data: { name, kind: "platform" } })).status()).toBe(201);
});

test("[CSRF] every server action refuses cookie posts that are cross-origin or carry no Origin", async () => {
  const ids = serverActionIds();
  for (const name of Object.keys(serverActions) as ServerActionName[]) {
    for (const [label, headers] of foreignRequests) {
      const response = await callServerAction(adminContext.request, name, ids[name], { headers, fields: { email: admin.email, password: admin.password } });
      await expectCsrfRefusal(response, `${name} with ${label}`);
    }
    // The no-JavaScript form post names the action in the body instead of a header: the same check.
    const mpa = await adminContext.request.post(serverActions[name].page, { headers: { Origin: "http://evil.example" }, multipart: { [`$ACTION_ID_${ids[name]}`]: "" }, maxRedirects: 0 });
    await expectCsrfRefusal(mpa, `${name} as a form post from a foreign Origin`);
  }
  // None of them ran: sign-out from elsewhere left the session alone.
  expect((await adminContext.request.get("/api/v1/me")).status()).toBe(200);
});

test("[CSRF] server actions run when posted from our own origin", async ({ browser }) => {
  const ids = serverActionIds();
  // A user of its own: sign-out ends every session of the user, the shared admin context's too.
  const user = await createUser(adminContext.request, "member");
  const context = await browser.newContext();
  const request = context.request;
  const signIn = await callServerAction(request, "signInAction", ids.signInAction, { headers: originHeaders(), fields: { email: user.email, password: user.password, next: "/" } });
  expect(signIn.status(), await signIn.text()).toBeLessThan(400);
  expect((await request.get("/api/v1/me")).status()).toBe(200);
  const signOut = await callServerAction(request, "signOutAction", ids.signOutAction, { headers: originHeaders() });
  expect(signOut.status()).toBeLessThan(400);
  expect((await request.get("/api/v1/me")).status()).toBe(401);
  await context.close();
});

test("[CSRF] a bearer token needs no Origin: API clients are not browsers", async ({ playwright }) => {
  const expiresAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
  const created = await adminContext.request.post("/api/v1/me/tokens", { headers: originHeaders(), data: { name: unique("csrf bearer"), expiresAt } });
  expect(created.status()).toBe(201);
  const { secret } = (await created.json()) as { secret: string };
  const api: APIRequestContext = await playwright.request.newContext({ baseURL: appOrigin(), extraHTTPHeaders: { Authorization: `Bearer ${secret}` } });
  const name = unique("Bearer team");
  const response = await api.post("/api/v1/teams", { data: { name, kind: "platform" } });
  expect(response.status(), await response.text()).toBe(201);
  expectSecurityHeaders(response, "bearer POST /api/v1/teams", { authenticated: true });
  const patched = await api.patch(`/api/v1/teams/${((await response.json()) as { id: string }).id}`, { data: { name: `${name} renamed` } });
  expect(patched.status()).toBe(200);
  await api.dispose();
});
