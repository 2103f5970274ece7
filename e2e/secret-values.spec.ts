import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { dataDir, serverLog } from "../playwright.config";
import { admin, createUser, originHeaders, signInViaApi } from "./support/accounts";
import { patch, post, seedCredential } from "./support/inventory-api";

/**
 * DESIGN §1: Steward never stores or logs a secret value. Known values go in through every path
 * that accepts one; afterwards neither the database nor the server log nor any API answer holds them.
 */
test("[SECRETS] a pasted value appears nowhere: database, server log, API answers", async ({ context, browser }) => {
  await signInViaApi(context, admin.email, admin.password);
  const request = context.request;
  const canaries = [
    "sv-CANARY-first-7f3e9b21c4d8a6e0",
    "sv-CANARY-second-2a91d7c3f08e5b46",
    "sv-CANARY-lookup-c5e8a1f40b7d3962",
    "sv-CANARY-import-94be03d7a1f6c258",
    "sv-CANARY-rotated-5d0c8e2b7f1a4693",
  ];
  const [first, second, lookupOnly, imported, rotated] = canaries as [string, string, string, string, string];
  const bodies: string[] = [];

  const { credential } = await seedCredential(request);
  const secret = await post<{ id: string }>(request, `/api/v1/credentials/${credential.id}/secrets`, {
    kind: "client_secret",
    storage: "vault",
    storageRef: "vault://kv/billing/client",
    issuedAt: new Date().toISOString(),
    fingerprintOf: first,
  });
  bodies.push(JSON.stringify(secret));
  bodies.push(JSON.stringify(await patch(request, `/api/v1/credentials/${credential.id}/secrets/${secret.id}`, { fingerprintOf: second })));

  // The lookup finds the secret by its (current) value, and a value that matches nothing finds nothing.
  const found = await post<{ matches: { credentialId: string }[] }>(request, "/api/v1/leak-lookup", { value: second }, 200);
  expect(found.matches.map((m) => m.credentialId)).toContain(credential.id);
  const none = await post<{ matches: unknown[] }>(request, "/api/v1/leak-lookup", { value: lookupOnly }, 200);
  expect(none.matches).toEqual([]);
  bodies.push(JSON.stringify(found), JSON.stringify(none));

  // A value where a value does not belong is refused, and the refusal does not echo it.
  const refused = await request.post(`/api/v1/credentials/${credential.id}/secrets`, {
    data: { kind: "client_secret", storage: "vault", issuedAt: "not-a-date", fingerprintOf: first },
    headers: originHeaders(),
  });
  expect(refused.status()).toBe(422);
  bodies.push(await refused.text());

  // An inventory file carrying a value is refused naming the field, in a dry run and when applied.
  const file = JSON.stringify({
    format: "steward-inventory/v1",
    credentials: [
      {
        key: "canary-import",
        name: "Carries a value",
        kind: "oauth_client",
        environment: "staging",
        secrets: [{ kind: "client_secret", storage: "vault", issuedAt: "2026-01-01T00:00:00Z", clientSecret: imported }],
      },
    ],
  });
  for (const mode of ["dry-run", "apply"]) {
    const response = await request.post(`/api/v1/inventory/import?format=json&mode=${mode}`, {
      data: Buffer.from(file),
      headers: { ...originHeaders(), "Content-Type": "application/json" },
    });
    const text = await response.text();
    expect(text).toContain("clientSecret");
    bodies.push(text);
  }

  // A rotation completed with the new value pasted (emergency path: one security approval).
  const rotation = await post<{ id: string }>(request, `/api/v1/credentials/${credential.id}/rotation-requests`, {
    reason: "compromise",
    plannedAt: new Date().toISOString(),
  });
  const security = await createUser(request, "security");
  const securityContext = await browser.newContext();
  await signInViaApi(securityContext, security.email, security.password);
  await post(securityContext.request, `/api/v1/rotation-requests/${rotation.id}/approve`, {}, 200);
  await securityContext.close();
  const completed = await request.post(`/api/v1/rotation-requests/${rotation.id}/complete`, {
    data: {
      newSecret: { kind: "client_secret", storage: "vault", storageRef: "vault://kv/billing/client-v2", fingerprintOf: rotated },
      checklist: { deployedToAllConsumers: true, oldSecretRevoked: true },
    },
    headers: originHeaders(),
  });
  expect(completed.status()).toBe(200);
  bodies.push(await completed.text());
  const afterRotation = await post<{ matches: { credentialId: string }[] }>(request, "/api/v1/leak-lookup", { value: rotated }, 200);
  expect(afterRotation.matches.map((m) => m.credentialId)).toContain(credential.id);
  bodies.push(JSON.stringify(afterRotation));
  bodies.push(await (await request.get(`/api/v1/rotation-requests/${rotation.id}`)).text());

  // An API token: created with an Idempotency-Key (its answer must not be kept for a replay), then used.
  const tokenAnswer = await request.post("/api/v1/me/tokens", {
    data: { name: "canary token", expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString() },
    headers: { ...originHeaders(), "Idempotency-Key": `canary-${Date.now()}` },
  });
  expect(tokenAnswer.status()).toBe(201);
  const apiToken = ((await tokenAnswer.json()) as { secret: string }).secret;
  canaries.push(apiToken, apiToken.slice(17));
  const used = await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${apiToken}` } });
  expect(used.status()).toBe(200);
  bodies.push(await used.text(), await (await request.get("/api/v1/me/tokens")).text());

  bodies.push(await (await request.get(`/api/v1/credentials/${credential.id}`)).text());
  bodies.push(await (await request.get("/api/v1/audit-events?limit=200")).text());
  for (const body of bodies) for (const value of canaries) expect(body).not.toContain(value);

  // The server log.
  const log = fs.readFileSync(serverLog, "utf8");
  for (const value of canaries) expect(log).not.toContain(value);

  // The database, as stored: pg_dump on PostgreSQL, the raw data files of the embedded database.
  const databaseUrl = process.env.E2E_DATABASE_URL;
  const haystack = databaseUrl
    ? execFileSync("pg_dump", ["--data-only", databaseUrl], { maxBuffer: 256 * 1024 * 1024 }).toString("latin1")
    : readTree(path.join(dataDir, "pglite"));
  expect(haystack.length).toBeGreaterThan(1000);
  expect(haystack).toContain("vault://kv/billing/client"); // the scan does see stored metadata
  for (const value of canaries) expect(haystack).not.toContain(value);
});

function readTree(dir: string): string {
  let out = "";
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out += readTree(full);
    else if (entry.isFile()) out += fs.readFileSync(full).toString("latin1");
  }
  return out;
}
