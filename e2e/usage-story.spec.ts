import { gzipSync } from "node:zlib";
import { expect, test, type APIRequestContext } from "@playwright/test";
import Provider from "oidc-provider";
import postgres from "postgres";
import { attachStewardUsage } from "../lib/usage/adapters/oidc-provider";
import { admin, signInViaApi } from "./support/accounts";
import { patch, post, unique } from "./support/inventory-api";

/**
 * The usage story of issue 14 (DESIGN §5.4), against the production build: an OneSpan-style OAuth
 * client in the inventory gets tokens from a real oidc-provider on localhost (client_credentials),
 * an OPA-style decision log reports an allowed and a denied call, and Steward shows last used, the
 * denied decision, an unused-scope finding (from a backdated rollup) and the unknown client.
 *
 * The provider's issuance reaches Steward through the oidc-provider adapter (lib/usage/adapters), the
 * decisions through POST /api/v1/events/opa, both with an ingest token. The unused-scope finding needs
 * a grant older than the 90-day window: no API can make one, so that story backdates the grant row
 * in the database, which only the PostgreSQL run can reach (the embedded database belongs to the
 * server process); it is declared for that run only, and the posture tests cover the rule on both.
 */

const oidcPort = Number(process.env.E2E_OIDC_PORT ?? 3300) + 50;
const issuer = `http://localhost:${oidcPort}`;
const scopes = ["payments.read", "payments.write"];

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
  const expiresAt = new Date(Date.now() + 5 * 86_400_000).toISOString();
  const created = await post<{ secret: string }>(request, "/api/v1/me/tokens", { name: unique("usage ingest"), expiresAt, scope: "ingest" });
  return created.secret;
}

/** The inventory's record of the local OAuth server (one per issuer: a rerun on the same database finds it). */
async function localServer(request: APIRequestContext): Promise<{ id: string }> {
  const found = (await (await request.get(`/api/v1/authorization-servers?q=${encodeURIComponent(issuer)}`)).json()) as { items: { id: string; issuerUrl: string }[] };
  return found.items.find((s) => s.issuerUrl === issuer) ?? post<{ id: string }>(request, "/api/v1/authorization-servers", { name: unique("Local OAuth"), issuerUrl: issuer });
}

type SigningApi = { id: string; name: string; audience: string; scopes: { id: string; name: string }[] };

/** The inventory of the story: a signing API with read and write scopes, and the OneSpan-style client granted both, declaring 600 s tokens. */
async function signingInventory(request: APIRequestContext, clientId: string): Promise<{ api: SigningApi; credential: { id: string } }> {
  const authServer = await localServer(request);
  const api = await post<SigningApi>(request, "/api/v1/apis", {
    name: unique("Signing API"),
    audience: `https://${unique("signing")}.example.test`,
    trustZone: "internal",
    sensitivity: "high",
    scopes: scopes.map((name) => ({ name, privilege: name.endsWith("write") ? "write" : "read" })),
  });
  const credential = await post<{ id: string }>(request, "/api/v1/credentials", {
    name: unique("OneSpan Sign client"),
    kind: "oauth_client",
    environment: "production",
    clientId,
    authorizationServerId: authServer.id,
    grantTypes: ["client_credentials"],
    clientAuthMethod: "client_secret_basic",
    accessTokenTtlSeconds: 600,
    grants: [{ apiId: api.id, scopeIds: api.scopes.map((s) => s.id), justification: "signs contracts" }],
  });
  return { api, credential };
}

test("[USAGE] the usage story: tokens from a real OAuth server and OPA decisions show up as last used, a denial and an unknown client", async ({ browser, baseURL }) => {
  const context = await browser.newContext();
  await signInViaApi(context, admin.email, admin.password);
  const request = context.request;

  // The local OAuth server: the inventoried OneSpan client and a shadow client nobody recorded.
  const onespan = { id: unique("onespan-sign"), secret: "e2e-onespan-secret-not-a-real-one" };
  const shadow = { id: unique("shadow-exporter"), secret: "e2e-shadow-secret-not-a-real-one" };
  const provider = new Provider(issuer, {
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
  const server = provider.listen(oidcPort);
  try {
    // The inventory: the server, the API and the OneSpan client (the shadow client is in no inventory).
    const { api, credential } = await signingInventory(request, onespan.id);

    // Tokens from the real server; its issuance events reach Steward through the adapter.
    const bearer = await ingestToken(request);
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
      input: { issuer, client_id: onespan.id, audience: api.audience, scope, token: "redacted" },
      result: allow ? { allow: true } : { allow: false, reason },
    });
    const opa = await request.post("/api/v1/events/opa", {
      headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json", "content-encoding": "gzip" },
      data: gzipSync(JSON.stringify([decision(unique("opa"), "payments.read", true), decision(unique("opa"), "payments.write", false, "write requires a signed approval")])),
    });
    expect(opa.status(), await opa.text()).toBe(200);

    // Steward shows last used and the denied decision on the credential's Usage tab.
    const page = await context.newPage();
    await page.goto(`/inventory/${credential.id}?tab=usage`);
    // The issued token (no audience: a client_credentials token without a resource indicator) and the allowed call.
    const issued = page.getByTestId("usage-row").filter({ hasText: "token without audience" });
    await expect(issued).toContainText("payments.read");
    const read = page.getByTestId("usage-row").filter({ hasText: api.name }).filter({ has: page.getByText("payments.read", { exact: true }) });
    await expect(read).toBeVisible();
    await expect(read).not.toContainText("Never");
    await expect(page.getByTestId("usage-denial")).toContainText("write requires a signed approval");
    await expect(page.getByTestId("usage-denial")).toContainText("payments.write");

    // The unknown client is listed, with Register opening the new-credential form prefilled.
    await page.goto("/usage/unknown-clients");
    const row = page.getByRole("row").filter({ hasText: shadow.id });
    await expect(row).toBeVisible();
    await row.getByRole("link", { name: `Register ${shadow.id}` }).click();
    await expect(page).toHaveURL(/\/inventory\/new\?/);
    await expect(page.getByLabel("Client id")).toHaveValue(shadow.id);
    await expect(page.getByLabel("Authorization server")).toHaveValue((await localServer(request)).id);

  } finally {
    server.close();
    await context.close();
  }
});

// Declared for the PostgreSQL run only: see the note at the top (the rule itself is tested on both databases).
if (process.env.E2E_DATABASE_URL) {
  test("[USAGE] a scope reported unused for 100 days on a grant older than the window shows as an unused-scope finding", async ({ browser }) => {
    const databaseUrl = process.env.E2E_DATABASE_URL ?? "";
    const context = await browser.newContext();
    await signInViaApi(context, admin.email, admin.password);
    const request = context.request;
    try {
      const clientId = unique("onespan-unused");
      const { api, credential } = await signingInventory(request, clientId);
      // Evidence through ingest: read allowed 100 days ago and yesterday, write never.
      const bearer = await ingestToken(request);
      const at = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
      const lines = [100, 1].map((days) => JSON.stringify({ id: unique("use"), type: "api_decision", time: at(days), issuer, client_id: clientId, audience: api.audience, scope: "payments.read", decision: "allow" }));
      const sent = await request.post("/api/v1/events", { headers: { authorization: `Bearer ${bearer}`, "content-type": "application/x-ndjson" }, data: Buffer.from(`${lines.join("\n")}\n`) });
      expect(sent.status(), await sent.text()).toBe(200);
      // The one thing no API does: a grant recorded 120 days ago.
      const sqlClient = postgres(databaseUrl, { max: 1 });
      try {
        await sqlClient`update credential_grants set created_at = now() - interval '120 days' where credential_id = ${credential.id}`;
      } finally {
        await sqlClient.end();
      }
      // Any edit re-runs the rules in its transaction (the hourly sweep would too).
      await patch(request, `/api/v1/credentials/${credential.id}`, { description: "Signs customer contracts" });
      const page = await context.newPage();
      await page.goto(`/inventory/${credential.id}?tab=controls`);
      const unused = page.locator('[data-testid="posture-finding"][data-rule="scope-unused"]');
      await expect(unused).toContainText("payments.write");
      await expect(unused).not.toContainText("payments.read on");
    } finally {
      await context.close();
    }
  });
}

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
