import { gzipSync } from "node:zlib";
import type { Server } from "node:http";
import { expect, test, type APIRequestContext, type BrowserContext } from "@playwright/test";
import Provider from "oidc-provider";
import { attachStewardUsage } from "../lib/usage/adapters/oidc-provider";
import { admin, originHeaders, signInViaApi } from "./support/accounts";
import { memberWithTeam, post, unique } from "./support/inventory-api";

/**
 * The usage story of issue 14 (DESIGN §4.5, §5.4), against the production build, one serial story on
 * either database:
 * 1. The OneSpan-style OAuth client arrives in the inventory by import (a migration), its grant of
 *    the signing API carrying the date it was granted elsewhere (`grantedSince`, 120 days ago).
 * 2. Usage evidence, some of it 100 days old (a backdated rollup, through the ingest API), then
 *    tokens from a real oidc-provider on localhost (client_credentials, through the adapter) and an
 *    OPA decision log with an allowed and a denied call: Steward shows last used, the denial, the
 *    unused write scope as a finding, and the shadow client on Unknown clients.
 * 3. The client asks for another team's API on its Access tab; that team's member approves it from
 *    My queue, and the grant then counts as access (Access tab, the API's page).
 * No SQL from the test: every step is something an operator or an integration can do.
 */

const oidcPort = Number(process.env.E2E_OIDC_PORT ?? 3300) + 50;
const issuer = `http://localhost:${oidcPort}`;
const scopes = ["payments.read", "payments.write"];
const DAY = 86_400_000;

type TokenResponse = { access_token: string; expires_in: number; scope?: string };

async function clientCredentials(clientId: string, secret: string, scope: string): Promise<TokenResponse> {
  const response = await fetch(`${issuer}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}` },
    body: new URLSearchParams({ grant_type: "client_credentials", scope }).toString(),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as TokenResponse;
}

/** An ingest token (it can report usage and nothing else), minted by the signed-in admin. */
async function ingestToken(request: APIRequestContext): Promise<string> {
  const expiresAt = new Date(Date.now() + 5 * DAY).toISOString();
  const created = await post<{ secret: string }>(request, "/api/v1/me/tokens", { name: unique("usage ingest"), expiresAt, scope: "ingest" });
  return created.secret;
}

/** The inventory's record of the local OAuth server (one per issuer: a rerun on the same database finds it). */
async function localServer(request: APIRequestContext): Promise<{ id: string; key: string }> {
  const found = (await (await request.get(`/api/v1/authorization-servers?q=${encodeURIComponent(issuer)}`)).json()) as { items: { id: string; key: string; issuerUrl: string }[] };
  return found.items.find((s) => s.issuerUrl === issuer) ?? post<{ id: string; key: string }>(request, "/api/v1/authorization-servers", { name: unique("Local OAuth"), issuerUrl: issuer });
}

type Api = { id: string; key: string; name: string; audience: string; scopes: { id: string; name: string }[] };

/** Imports a migrated inventory record (admin and security may), as the Import page would send it. */
async function importCredential(request: APIRequestContext, record: Record<string, unknown>): Promise<void> {
  const file = JSON.stringify({ format: "steward-inventory/v1", credentials: [record] });
  const response = await request.post("/api/v1/inventory/import?format=json&mode=apply", { data: Buffer.from(file), headers: { ...originHeaders(), "Content-Type": "application/json" } });
  expect(response.status(), await response.text()).toBe(200);
}

test.describe.configure({ mode: "serial" });

test.describe("[USAGE] the usage story", () => {
  let admin$: BrowserContext;
  let provider: Provider;
  let server: Server;
  const onespan = { id: unique("onespan-sign"), secret: "e2e-onespan-secret-not-a-real-one" };
  const shadow = { id: unique("shadow-exporter"), secret: "e2e-shadow-secret-not-a-real-one" };
  let signing: Api;
  let credential: { id: string; name: string };
  let bearer = "";

  test.beforeAll(async ({ browser }) => {
    admin$ = await browser.newContext();
    await signInViaApi(admin$, admin.email, admin.password);
    // The local OAuth server: the inventoried OneSpan client and a shadow client nobody recorded.
    provider = new Provider(issuer, {
      clients: [onespan, shadow].map((c) => ({
        client_id: c.id,
        client_secret: c.secret,
        grant_types: ["client_credentials"],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: "client_secret_basic",
        scope: scopes.join(" "),
      })),
      scopes,
      features: { clientCredentials: { enabled: true }, devInteractions: { enabled: false } },
      ttl: { ClientCredentials: 600 },
    });
    server = provider.listen(oidcPort);
  });

  test.afterAll(async () => {
    server.close();
    await admin$.close();
  });

  test("[USAGE] a migrated OneSpan client with a grant since 120 days, and 100 days of reported use, shows its unused write scope", async () => {
    const request = admin$.request;
    const authServer = await localServer(request);
    signing = await post<Api>(request, "/api/v1/apis", {
      name: unique("Signing API"),
      audience: `https://${unique("signing")}.example.test`,
      trustZone: "internal",
      sensitivity: "high",
      scopes: scopes.map((name) => ({ name, privilege: name.endsWith("write") ? "write" : "read" })),
    });
    const key = unique("onespan-sign-client");
    const name = unique("OneSpan Sign client");
    await importCredential(request, {
      key,
      name,
      kind: "oauth_client",
      environment: "production",
      clientId: onespan.id,
      authorizationServer: authServer.key,
      grantTypes: ["client_credentials"],
      clientAuthMethod: "client_secret_basic",
      accessTokenTtlSeconds: 600,
      grants: [{ api: signing.key, scopes, justification: "signs contracts", grantedSince: new Date(Date.now() - 120 * DAY).toISOString() }],
    });
    const found = (await (await request.get(`/api/v1/credentials?q=${encodeURIComponent(name)}`)).json()) as { items: { id: string; name: string }[] };
    const mine = found.items.find((c) => c.name === name);
    if (!mine) throw new Error("the imported credential is not listed");
    credential = mine;

    // Evidence through ingest, the oldest 100 days back (the rollup keeps the day): read allowed then and yesterday, write never.
    bearer = await ingestToken(request);
    const at = (days: number) => new Date(Date.now() - days * DAY).toISOString();
    const lines = [100, 1].map((days) => JSON.stringify({ id: unique("use"), type: "api_decision", time: at(days), issuer, client_id: onespan.id, audience: signing.audience, scope: "payments.read", decision: "allow" }));
    const sent = await request.post("/api/v1/events", { headers: { authorization: `Bearer ${bearer}`, "content-type": "application/x-ndjson" }, data: Buffer.from(`${lines.join("\n")}\n`) });
    expect(sent.status(), await sent.text()).toBe(200);

    const page = await admin$.newPage();
    const unused = page.locator('[data-testid="posture-finding"][data-rule="scope-unused"]');
    // The rules run for the credential once the ingest response is sent (design §8.7): the page is
    // opened again until they have (a server-rendered page does not refresh itself).
    await expect(async () => {
      await page.goto(`/inventory/${credential.id}?tab=controls`);
      await expect(unused).toContainText("payments.write", { timeout: 1_000 });
      await expect(unused).not.toContainText("payments.read on", { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await page.close();
  });

  test("[USAGE] tokens from the real OAuth server and OPA decisions show up as last used, a denial and an unknown client", async ({ baseURL }) => {
    const request = admin$.request;
    // Tokens from the real server; its issuance events reach Steward through the adapter.
    const usage = attachStewardUsage(provider, { url: baseURL ?? "", token: bearer, flushIntervalMs: 60_000 });
    await clientCredentials(onespan.id, onespan.secret, "payments.read");
    await clientCredentials(shadow.id, shadow.secret, "payments.read");
    expect(usage.pending()).toBe(2);
    await usage.close();
    expect(usage.pending()).toBe(0);
    const now = new Date().toISOString();

    // OPA decision logs (gzip JSON array): read allowed, write denied with a reason.
    const decision = (id: string, scope: string, allow: boolean, reason?: string) => ({
      decision_id: id,
      timestamp: now,
      path: "signing/authz/allow",
      input: { issuer, client_id: onespan.id, audience: signing.audience, scope, token: "redacted" },
      result: allow ? { allow: true } : { allow: false, reason },
    });
    const opa = await request.post("/api/v1/events/opa", {
      headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json", "content-encoding": "gzip" },
      data: gzipSync(JSON.stringify([decision(unique("opa"), "payments.read", true), decision(unique("opa"), "payments.write", false, "write requires a signed approval")])),
    });
    expect(opa.status(), await opa.text()).toBe(200);

    // Steward shows last used and the denied decision on the credential's Usage tab.
    const page = await admin$.newPage();
    await page.goto(`/inventory/${credential.id}?tab=usage`);
    // The issued token (no audience: a client_credentials token without a resource indicator) and the allowed call.
    const issued = page.getByTestId("usage-row").filter({ hasText: "token without audience" });
    await expect(issued).toContainText("payments.read");
    const read = page.getByTestId("usage-row").filter({ hasText: signing.name }).filter({ has: page.getByText("payments.read", { exact: true }) });
    await expect(read).toBeVisible();
    await expect(read).not.toContainText("Never");
    await expect(page.getByTestId("usage-denial")).toContainText("write requires a signed approval");
    await expect(page.getByTestId("usage-denial")).toContainText("payments.write");
    // A denied call is not use: the write scope is still unused.
    await page.goto(`/inventory/${credential.id}?tab=controls`);
    await expect(page.locator('[data-testid="posture-finding"][data-rule="scope-unused"]')).toContainText("payments.write");

    // The unknown client is listed, with Register opening the new-credential form prefilled.
    await page.goto("/usage/unknown-clients");
    const row = page.getByRole("row").filter({ hasText: shadow.id });
    await expect(row).toBeVisible();
    await row.getByRole("link", { name: `Register ${shadow.id}` }).click();
    await expect(page).toHaveURL(/\/inventory\/new\?/);
    await expect(page.getByLabel("Client id")).toHaveValue(shadow.id);
    await expect(page.getByLabel("Authorization server")).toHaveValue((await localServer(request)).id);
    await page.close();
  });

  test("[USAGE] the client asks for another team's API on its Access tab; the API owner approves it from My queue and it counts as access", async ({ browser }) => {
    const request = admin$.request;
    // The archive API belongs to the records team; Rita is one of its members.
    const { member: rita, team: records } = await memberWithTeam(request, "Records team");
    const archive = await post<Api>(request, "/api/v1/apis", {
      name: unique("Archive API"),
      audience: `https://${unique("archive")}.example.test`,
      trustZone: "internal",
      sensitivity: "moderate",
      owningTeamId: records.id,
      scopes: [{ name: "archive.write", privilege: "write" }],
    });

    // Request access, through the form on the client's Access tab.
    const page = await admin$.newPage();
    await page.goto(`/inventory/${credential.id}?tab=access`);
    const form = page.getByRole("form", { name: "Request access to an API" });
    await form.getByLabel("Find an API").fill(archive.name);
    await expect(form.getByLabel("API", { exact: true }).locator("option", { hasText: archive.name })).toHaveCount(1);
    await form.getByLabel("API", { exact: true }).selectOption(archive.id);
    await form.getByLabel("archive.write").check();
    await form.getByLabel("Justification").fill("archives the signed contracts");
    await form.getByRole("button", { name: "Request access" }).click();
    await expect(form.getByText("Requested: pending the API team's approval")).toBeVisible();
    const decisionRow = page.getByTestId("grant-decision-row").filter({ hasText: archive.name });
    await expect(decisionRow.getByText("Pending approval")).toBeVisible();
    // Pending is not access: the archive API's page lists the client as pending.
    await page.goto(`/apis/${archive.id}`);
    const dependent = page.getByRole("listitem").filter({ hasText: credential.name });
    await expect(dependent.getByText("Pending approval")).toBeVisible();

    // Rita, signed in as herself, decides from My queue.
    const rita$ = await browser.newContext();
    await signInViaApi(rita$, rita.email, rita.password);
    const queue = await rita$.newPage();
    await queue.goto("/queue");
    const item = queue.getByRole("region", { name: /API access waiting for my decision/ }).getByTestId("queue-grant-request").filter({ hasText: credential.name });
    await expect(item).toBeVisible();
    await item.getByLabel(/Reason/).fill("contracts must be archived");
    await item.getByRole("button", { name: "Approve" }).click();
    await expect(queue.getByTestId("queue-grant-request").filter({ hasText: credential.name })).toHaveCount(0);
    await rita$.close();

    // Granted: approved by Rita on the Access tab, listed as access on the API's page.
    await page.goto(`/inventory/${credential.id}?tab=access`);
    const approved = page.getByTestId("grant-decision-row").filter({ hasText: archive.name });
    await expect(approved.getByText("Approved")).toBeVisible();
    await expect(approved.getByText(rita.name)).toBeVisible();
    await expect(page.getByTestId("grant-history-row").filter({ hasText: archive.name }).first()).toContainText("contracts must be archived");
    await page.goto(`/apis/${archive.id}`);
    const granted = page.getByRole("listitem").filter({ hasText: credential.name });
    await expect(granted).toBeVisible();
    await expect(granted.getByText("Pending approval")).toHaveCount(0);
    await page.close();
  });
});

test("[USAGE] a credential without usage evidence says so and how to send it", async ({ browser }) => {
  const context = await browser.newContext();
  await signInViaApi(context, admin.email, admin.password);
  const credential = await post<{ id: string }>(context.request, "/api/v1/credentials", { name: unique("Quiet client"), kind: "oauth_client", environment: "test" }, 201);
  const page = await context.newPage();
  await page.goto(`/inventory/${credential.id}?tab=usage`);
  await expect(page.getByRole("heading", { name: "No usage reported yet" })).toBeVisible();
  await expect(page.getByRole("link", { name: "how to send usage" })).toHaveAttribute("href", "/api-docs");
  await expect(page.getByRole("tab", { name: "Usage" })).toHaveAttribute("aria-selected", "true");
  await context.close();
});
