import fc from "fast-check";
import { expect, test, type APIRequestContext, type BrowserContext } from "@playwright/test";
import type { Endpoint } from "../lib/api/endpoint";
import { allEndpoints } from "../lib/api/endpoints";
import { can } from "../lib/authz/permissions";
import { errorStatus } from "../lib/errors";
import { admin, createUser, originHeaders, signInViaApi } from "./support/accounts";
import { bodyOf, jsonSchemaOf, queryOf, toJsonText, validOf, type KnownIds } from "./support/fuzz";
import { post, seedCredential, unique } from "./support/inventory-api";

/**
 * Every /api/v1 endpoint with a body or query schema, FUZZ_RUNS cases each (default 100) as the
 * admin, and a quarter of that as a member for the endpoints a member may call: valid-shaped values
 * from the schema, the same with one part hostile, and hostile values outright. No answer may be a
 * 5xx, and every 4xx must be the DESIGN §8.1 error envelope with the status its code maps to.
 *
 * Runs in its own Playwright project after every other spec (playwright.config.ts), and path ids
 * are unknown UUIDs or records created here, so the shared users and records are never touched.
 * FUZZ_SEED reproduces a run; the seed and the case counts are annotations on each test.
 */
const runs = Number(process.env.FUZZ_RUNS ?? 100);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const concurrency = Number(process.env.FUZZ_CONCURRENCY ?? 4);
const unknownId = "00000000-0000-4000-8000-00000000f022";

const fuzzed = (allEndpoints as readonly Endpoint[]).filter((e) => e.body !== undefined || e.query !== undefined);
const counts = new Map<string, number>();

type Records = { team: string; person: string; user: string; credential: string; secret: string; api: string; application: string; server: string; webhook: string };
let records: Records;
let known: KnownIds;
let adminContext: BrowserContext;
let memberContext: BrowserContext;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  adminContext = await browser.newContext();
  await signInViaApi(adminContext, admin.email, admin.password);
  const request = adminContext.request;
  const member = await createUser(request, "member", unique("Fuzz member"));
  const target = await createUser(request, "member", unique("Fuzz target"));
  const people = (await (await request.get(`/api/v1/people?q=${encodeURIComponent(member.email)}`)).json()) as { items: { id: string }[] };
  const person = await post<{ id: string }>(request, "/api/v1/people", { name: unique("Fuzz person"), email: `${unique("fuzz.person")}@example.test` });
  const team = await post<{ id: string }>(request, "/api/v1/teams", { name: unique("Fuzz team"), kind: "application", memberIds: [person.id, ...people.items.map((p) => p.id)] });
  const seeded = await seedCredential(request, { teamId: team.id, ownerId: person.id });
  const secret = await post<{ id: string }>(request, `/api/v1/credentials/${seeded.credential.id}/secrets`, { kind: "client_secret", storage: "vault", issuedAt: new Date().toISOString() });
  const server = await post<{ id: string }>(request, "/api/v1/authorization-servers", { key: unique("fuzz-idp").toLowerCase(), name: unique("Fuzz IdP"), issuerUrl: `https://${unique("fuzz")}.example.test` });
  const webhook = await post<{ id: string }>(request, "/api/v1/webhooks", { name: unique("Fuzz hook"), url: "http://127.0.0.1:9/fuzz", teamId: team.id });
  records = { team: team.id, person: person.id, user: target.id, credential: seeded.credential.id, secret: secret.id, api: seeded.api.id, application: seeded.appId, server: server.id, webhook: webhook.id };
  known = [...Object.values(records), ...seeded.api.scopes.map((s) => s.id), unknownId];
  memberContext = await browser.newContext();
  await signInViaApi(memberContext, member.email, member.password);
});

test.afterAll(async () => {
  await memberContext.close();
  await adminContext.close();
});

/** A path parameter: a record created above for the resource the path names (sometimes an unknown id), or a value from the params schema. */
function pathOf(e: Endpoint): fc.Arbitrary<string> {
  const byResource: Record<string, keyof Records> = { teams: "team", people: "person", users: "user", credentials: "credential", apis: "api", applications: "application", "authorization-servers": "server", webhooks: "webhook" };
  const params = e.params ? validOf(jsonSchemaOf(e.params), known) : fc.constant({});
  return fc.tuple(params, fc.boolean(), fc.integer({ min: 0, max: 9 })).map(([generated, useRecord, roll]) =>
    e.path.replace(/\{(\w+)\}/g, (_m, name: string, offset: number) => {
      const resource = /\/([\w-]+)\/$/.exec(e.path.slice(0, offset))?.[1] ?? "";
      if (name === "secretId") return roll < 7 ? records.secret : unknownId;
      if (name === "id") return useRecord && byResource[resource] ? records[byResource[resource]] : unknownId;
      const value = (generated as Record<string, unknown>)[name];
      // "." and ".." are dot-segments: the URL would name another path, not this endpoint.
      return typeof value === "string" && value !== "." && value !== ".." ? encodeURIComponent(value) : "no-such-value";
    }),
  );
}

type Case = { path: string; query: string; body: string | undefined };

function casesOf(e: Endpoint, n: number, caseSeed: number): Case[] {
  const arb = fc.record({
    path: pathOf(e),
    query: e.query ? queryOf(jsonSchemaOf(e.query), known) : fc.constant(""),
    body: e.body ? bodyOf(jsonSchemaOf(e.body), known).map(toJsonText) : fc.constant(undefined),
  });
  return fc.sample(arb, { numRuns: n, seed: caseSeed });
}

type Failure = { request: string; status: number; answer: string };

/** Checks one answer: never 5xx; a 4xx is the envelope with the status of its code. */
async function check(request: APIRequestContext, e: Endpoint, c: Case): Promise<Failure | null> {
  const url = `${c.path}${c.query ? `?${c.query}` : ""}`;
  const response = await request.fetch(url, {
    method: e.method,
    headers: { ...originHeaders(), ...(c.body !== undefined ? { "Content-Type": "application/json" } : {}) },
    ...(c.body !== undefined ? { data: Buffer.from(c.body, "utf8") } : {}),
    maxRedirects: 0,
    timeout: 30_000,
  });
  const status = response.status();
  const text = status >= 400 ? await response.text() : "";
  await response.dispose();
  const describeRequest = () => `${e.method} ${url.slice(0, 300)} ${c.body === undefined ? "" : c.body.slice(0, 300)}`;
  if (status >= 500) return { request: describeRequest(), status, answer: text.slice(0, 300) };
  if (status >= 400) {
    type Envelope = { error?: { code?: string; message?: unknown; requestId?: unknown } } | null;
    const body = ((): Envelope => {
      try {
        return JSON.parse(text) as Envelope;
      } catch {
        return null;
      }
    })();
    const code = body?.error?.code as keyof typeof errorStatus | undefined;
    const ok = code !== undefined && errorStatus[code] === status && typeof body?.error?.message === "string" && typeof body.error.requestId === "string";
    if (!ok) return { request: describeRequest(), status, answer: text.slice(0, 300) };
  }
  return null;
}

async function fuzz(request: APIRequestContext, e: Endpoint, n: number, label: string, caseSeed: number) {
  const cases = casesOf(e, n, caseSeed);
  expect(cases).toHaveLength(n);
  const failures: Failure[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < cases.length; i = next++) {
        const c = cases[i];
        if (!c) continue;
        const failure = await check(request, e, c);
        if (failure) failures.push(failure);
      }
    }),
  );
  const key = `${e.method} ${e.path}`;
  counts.set(key, (counts.get(key) ?? 0) + cases.length);
  test.info().annotations.push({ type: "fuzz", description: `${key} as ${label}: ${cases.length} cases (seed ${caseSeed})` });
  expect(failures.slice(0, 5), `${failures.length} of ${cases.length} answers were 5xx or a 4xx outside the envelope (FUZZ_SEED=${seed})`).toEqual([]);
}

const seedOf = (index: number, offset: number) => (seed + index * 7919 + offset) % 2 ** 31;

const memberRuns = Math.max(1, Math.ceil(runs / 4));
fuzzed.forEach((e, index) => {
  // Member first: the admin's cases may change the records the member's rights come from.
  if (e.access === "public" || e.access === "signed-in" || can("member", e.access.permission)) {
    test(`[FUZZ] ${e.method} ${e.path} as member (${memberRuns} cases)`, async () => {
      await fuzz(memberContext.request, e, memberRuns, "member", seedOf(index, 1));
    });
  }
});

fuzzed.forEach((e, index) => {
  test(`[FUZZ] ${e.method} ${e.path} as admin (${runs} cases)`, async () => {
    await fuzz(adminContext.request, e, runs, "admin", seedOf(index, 0));
  });
});

// Counts are per worker: after a failing test Playwright starts a new worker, and this sums that worker's tests only.
test("[FUZZ] case counts, and the server is still well", async () => {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const lines = [...counts.entries()].map(([key, n]) => `${key}: ${n}`);
  test.info().annotations.push({ type: "fuzz-total", description: `${fuzzed.length} endpoints, ${total} cases, FUZZ_RUNS=${runs}, FUZZ_SEED=${seed}` });
  console.log(`[fuzz] ${fuzzed.length} endpoints, ${total} cases (FUZZ_RUNS=${runs}, FUZZ_SEED=${seed})\n${lines.join("\n")}`);
  // Prototype-pollution keys changed nobody's rights: the admin is still the admin, the member still a member.
  const me = (await (await adminContext.request.get("/api/v1/me")).json()) as { email: string; role: string };
  expect(me).toMatchObject({ email: admin.email, role: "admin" });
  expect((await (await fetch(`http://localhost:${process.env.E2E_PORT ?? 3200}/api/v1/ready`)).json()) as unknown).toMatchObject({ status: "ready" });
});
