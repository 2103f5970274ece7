import { expect, type APIRequestContext, type Browser, type BrowserContext } from "@playwright/test";

/** The first admin, created by the first-run spec through the setup page. */
export const admin = { name: "Ada Admin", email: "ada.admin@example.test", password: "correct horse battery staple" };

export const appOrigin = () => `http://localhost:${process.env.E2E_PORT ?? 3200}`;

/** Same-origin headers for state-changing API calls (the CSRF check wants an Origin). */
export const originHeaders = () => ({ Origin: appOrigin() });

/** Signs a browser context in through Auth.js's credentials endpoint: no UI, cookies land in the context. */
export async function signInViaApi(context: BrowserContext, email: string, password: string): Promise<void> {
  const request = context.request;
  const csrf = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { email, password, csrfToken: csrf.csrfToken, callbackUrl: "/" },
    maxRedirects: 0,
    headers: originHeaders(),
  });
  expect([200, 302]).toContain(response.status());
  const me = await request.get("/api/v1/me");
  expect(me.status(), `sign-in as ${email} should succeed`).toBe(200);
}

/** A new browser context signed in as `user` (the first admin unless told). */
export async function signedInContext(browser: Browser, user: { email: string; password: string } = admin): Promise<BrowserContext> {
  const context = await browser.newContext();
  await signInViaApi(context, user.email, user.password);
  return context;
}

let counter = 0;

/** Creates a user with a role (as the signed-in admin) and sets their password through the invite link. */
export async function createUser(
  adminRequest: APIRequestContext,
  role: "admin" | "security" | "member" | "auditor",
  name?: string,
): Promise<{ id: string; email: string; password: string; name: string }> {
  counter += 1;
  const unique = `${Date.now().toString(36)}${counter}`;
  const user = { name: name ?? `Test ${role} ${unique}`, email: `${role}.${unique}@example.test`, password: `pw-${unique}-long-enough` };
  const created = await adminRequest.post("/api/v1/users", { data: { name: user.name, email: user.email, role }, headers: originHeaders() });
  expect(created.status()).toBe(201);
  const body = (await created.json()) as { user: { id: string }; inviteUrl: string };
  const token = new URL(body.inviteUrl).searchParams.get("token");
  const set = await adminRequest.post("/api/v1/auth/set-password", { data: { token, password: user.password }, headers: originHeaders() });
  expect(set.status()).toBe(200);
  return { id: body.user.id, ...user };
}

/** The person linked to a user (same email, DESIGN §3.1). */
export async function personOf(request: APIRequestContext, email: string): Promise<string> {
  const people = (await (await request.get(`/api/v1/people?q=${encodeURIComponent(email)}`)).json()) as { items: { id: string }[] };
  const id = people.items[0]?.id;
  if (!id) throw new Error(`no person for ${email}`);
  return id;
}
