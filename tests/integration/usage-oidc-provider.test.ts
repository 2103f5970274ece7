import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import Provider from "oidc-provider";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { usageClients, usageDaily, usageEvents } from "@/db/schema";
import { createApiToken } from "@/lib/server/api-tokens";
import { attachStewardUsage, tokenIssuedLine } from "@/lib/usage/adapters/oidc-provider";
import { createApiTokenInput } from "@/lib/validation/api-tokens";
import { POST as postEvents } from "@/app/api/v1/events/route";
import { drivers, rowsOf } from "../support/db";
import { suiteDatabase } from "../support/inventory";

const current = vi.hoisted(() => ({ db: undefined as Db | undefined }));
vi.mock("@/db", () => ({ getDb: () => Promise.resolve(current.db) }));
vi.mock("@/lib/server/session", () => ({ currentActor: () => Promise.resolve(null) }));

const API = "https://billing-api.example.test";

/** Steward's ingest route on a real HTTP server: the adapter posts over the network, as in production. */
function stewardServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, { method: req.method, headers, body: new Uint8Array(Buffer.concat(chunks)) });
      const handler = req.url === "/api/v1/events" && req.method === "POST" ? postEvents(request, { params: Promise.resolve({}) }) : Promise.resolve(new Response("not found", { status: 404 }));
      void handler.then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      });
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) });
    }),
  );
}

/** A real oidc-provider issuing client_credentials tokens, with one resource server (the API audience). */
async function oauthServer(): Promise<{ issuer: string; provider: Provider; close: () => Promise<void> }> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      { client_id: "svc-billing", client_secret: "billing-secret-for-tests-only", grant_types: ["client_credentials"], response_types: [], redirect_uris: [], scope: "read write" },
      { client_id: "svc-shadow", client_secret: "shadow-secret-for-tests-only", grant_types: ["client_credentials"], response_types: [], redirect_uris: [], scope: "read" },
    ],
    scopes: ["read", "write"],
    features: {
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== API) throw new Error("unknown resource");
          return { scope: "read write", audience: API, accessTokenTTL: 900, accessTokenFormat: "opaque" };
        },
      },
    },
  });
  const callback = provider.callback();
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => void callback(req, res));
  return { issuer, provider, close: () => new Promise((done) => server.close(() => done())) };
}

async function clientCredentials(issuer: string, clientId: string, secret: string, scope: string) {
  const response = await fetch(`${issuer}/token`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", scope, resource: API }),
  });
  const body = (await response.json()) as { access_token?: string; expires_in?: number; scope?: string; error?: string };
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body;
}

describe.each(drivers)("[USAGE] oidc-provider adapter against a real provider on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: true, appDb: current });
  let steward: Awaited<ReturnType<typeof stewardServer>>;
  let oauth: Awaited<ReturnType<typeof oauthServer>>;
  let credentialId: string;
  let ingestToken: string;

  beforeAll(async () => {
    const security = await fx.account("security");
    ingestToken = (await createApiToken(handle.db, security.ctx, createApiTokenInput.parse({ name: "oidc-provider", expiresAt: new Date(Date.now() + 86_400_000).toISOString(), scope: "ingest", storage: "vault" }))).secret;
    steward = await stewardServer();
    oauth = await oauthServer();
    const server = await fx.server({ issuerUrl: oauth.issuer });
    const api = await fx.api({ audience: API });
    credentialId = (await fx.credential({ clientId: "svc-billing", authorizationServerId: server.id, grants: [{ apiId: api.id, scopeIds: api.scopes.map((s) => s.id) }] })).credential.id;
  });
  afterAll(async () => {
    await oauth.close();
    await steward.close();
  });

  it("[USAGE] client_credentials tokens issued by oidc-provider reach Steward: raw events, rollups, clients (known and unknown), last used", async () => {
    const errors: Error[] = [];
    const usage = attachStewardUsage(oauth.provider, { url: steward.url, token: ingestToken, flushIntervalMs: 60_000, onError: (e) => errors.push(e) });
    const first = await clientCredentials(oauth.issuer, "svc-billing", "billing-secret-for-tests-only", "read");
    await clientCredentials(oauth.issuer, "svc-billing", "billing-secret-for-tests-only", "read write");
    await clientCredentials(oauth.issuer, "svc-shadow", "shadow-secret-for-tests-only", "read");
    expect(usage.pending()).toBe(3);
    await usage.close();
    expect(errors).toEqual([]);
    expect(usage.pending()).toBe(0);

    const raw = await handle.db.select().from(usageEvents).where(eq(usageEvents.kind, "token_issued"));
    expect(raw).toHaveLength(3);
    for (const r of raw) expect(r.eventId).toMatch(/^steward:oidc-provider:/);
    // No token value leaves the provider: an opaque token's jti is its value, so only its hash is the event id.
    expect(JSON.stringify(raw)).not.toContain(first.access_token ?? "missing");
    expect(raw.filter((r) => r.credentialId === credentialId)).toHaveLength(2);
    expect(raw.find((r) => r.clientId === "svc-shadow")).toMatchObject({ credentialId: null, issuer: oauth.issuer, audience: API, expiresInSeconds: 900 });

    const [all] = await handle.db.select().from(usageDaily).where(and(eq(usageDaily.subject, credentialId), eq(usageDaily.scope, "")));
    expect(all).toMatchObject({ issued: 2, maxTtlSeconds: 900, audience: API });
    const [write] = await handle.db.select().from(usageDaily).where(and(eq(usageDaily.subject, credentialId), eq(usageDaily.scope, "write")));
    expect(write).toMatchObject({ issued: 1 });
    const clients = await handle.db.select().from(usageClients).orderBy(usageClients.clientId);
    expect(clients.map((c) => [c.clientId, c.credentialId, c.events])).toEqual([
      ["svc-billing", credentialId, 2],
      ["svc-shadow", null, 1],
    ]);
    const rows = rowsOf<{ name: string; last_used_at: string | null }>(
      await handle.db.execute(
        sql`select s.name, gs.last_used_at from credential_grant_scopes gs join credential_grants g on g.id = gs.grant_id join api_scopes s on s.id = gs.scope_id where g.credential_id = ${credentialId} order by s.name`,
      ),
    );
    expect(rows.map((r) => [r.name, r.last_used_at !== null])).toEqual([
      ["read", true],
      ["write", true],
    ]);
  });

  it("[USAGE] the line for a token: jti as id, iat as time, scopes split, lifetime; tokens without a client are skipped", () => {
    expect(tokenIssuedLine("https://as", { jti: "j1", clientId: "c", scope: "a b", aud: ["https://x", "https://y"], iat: 1_800_000_000, exp: 1_800_003_600 })).toEqual({
      id: `oidc-provider:${createHash("sha256").update("j1").digest("hex")}`,
      type: "token_issued",
      time: new Date(1_800_000_000_000).toISOString(),
      issuer: "https://as",
      client_id: "c",
      audience: "https://x",
      scopes: ["a", "b"],
      expires_in: 3600,
    });
    expect(tokenIssuedLine("https://as", { jti: "j2" })).toBeNull();
  });

  it("[USAGE] a failed delivery stays queued and is sent again; a refused batch (422) is dropped and reported", async () => {
    const errors: Error[] = [];
    let down = true;
    const flaky: typeof fetch = (input, init) => (down ? Promise.resolve(new Response("busy", { status: 503 })) : fetch(input, init));
    const usage = attachStewardUsage(oauth.provider, { url: steward.url, token: ingestToken, flushIntervalMs: 60_000, fetch: flaky, onError: (e) => errors.push(e) });
    await clientCredentials(oauth.issuer, "svc-billing", "billing-secret-for-tests-only", "read");
    await usage.flush();
    expect(usage.pending()).toBe(1);
    expect(errors[0]?.message).toContain("503");
    down = false;
    await usage.close();
    expect(usage.pending()).toBe(0);
    const bad = attachStewardUsage(oauth.provider, { url: steward.url, token: ingestToken, flushIntervalMs: 60_000, fetch: () => Promise.resolve(new Response("{}", { status: 422 })), onError: (e) => errors.push(e) });
    await clientCredentials(oauth.issuer, "svc-billing", "billing-secret-for-tests-only", "read");
    await bad.close();
    expect(bad.pending()).toBe(0);
    expect(errors.at(-1)?.message).toContain("422");
  });
});
