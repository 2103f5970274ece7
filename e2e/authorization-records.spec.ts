import { expect, test, type APIRequestContext, type BrowserContext } from "@playwright/test";
import { endpoints } from "../lib/api/endpoints";
import { recordEndpointCells, recordPageCells, statusOf, type RecordOutcome } from "../lib/authz/record-rights";
import { admin, createUser, originHeaders, signInViaApi } from "./support/accounts";
import { post, seedCredential, unique } from "./support/inventory-api";

/**
 * The record-level cells of the authorization matrix (lib/authz/record-rights): a member on their
 * own team's records and on another team's, with real records; IDOR (another team's ids mixed into
 * one's own paths and bodies) and mass assignment (fields a member may not set), checked by reading
 * back. Each denial must carry no data of the record it names.
 */
test.describe.configure({ mode: "serial" });

type Person = { userId: string; personId: string; email: string; context: BrowserContext };
type Seeded = Awaited<ReturnType<typeof seedCredential>> & { secretId: string };
type World = {
  me: Person;
  other: Person;
  teamA: string;
  teamB: string;
  a: Seeded;
  b: Seeded;
  aLeak: Seeded;
  bLeak: Seeded;
  aSpare: Seeded;
  bSpare: Seeded;
  server: string;
  policy: string;
  campaign: string;
  webhook: string;
  rr: Record<string, string>;
  /** Grant decision records (DESIGN §4.5): requests by the admin, and the same-team grants seeding approved. */
  grants: Record<"approveOwn" | "rejectOwn" | "decideOthers" | "aOwn" | "bOwn" | "aLeakOwn" | "bLeakOwn", string>;
  incident?: string;
  feeds: { mine: string; theirs: string };
  tokens: { mine: string; theirs: string };
  inbox: { mine: string; theirs: string };
};

let w: World;
let adminContext: BrowserContext;
let securityContext: BrowserContext;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

async function personOf(request: APIRequestContext, email: string): Promise<string> {
  const found = (await (await request.get(`/api/v1/people?q=${encodeURIComponent(email)}`)).json()) as { items: { id: string }[] };
  const id = found.items[0]?.id;
  if (!id) throw new Error(`no person for ${email}`);
  return id;
}

async function withSecret(request: APIRequestContext, seeded: Awaited<ReturnType<typeof seedCredential>>): Promise<Seeded> {
  const secret = await post<{ id: string }>(request, `/api/v1/credentials/${seeded.credential.id}/secrets`, { kind: "client_secret", storage: "vault", issuedAt: new Date().toISOString() });
  return { ...seeded, secretId: secret.id };
}

async function firstInboxId(request: APIRequestContext): Promise<string> {
  const inbox = (await (await request.get("/api/v1/inbox?limit=50")).json()) as { items: { id: string }[] };
  const id = inbox.items[0]?.id;
  if (!id) throw new Error("expected an in-app notification (a rotation request waiting for the owner's approval)");
  return id;
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  adminContext = await browser.newContext();
  await signInViaApi(adminContext, admin.email, admin.password);
  const request = adminContext.request;
  const member = async (): Promise<Person> => {
    const user = await createUser(request, "member");
    const context = await browser.newContext();
    await signInViaApi(context, user.email, user.password);
    return { userId: user.id, personId: await personOf(request, user.email), email: user.email, context };
  };
  const me = await member();
  const other = await member();
  const security = await createUser(request, "security");
  securityContext = await browser.newContext();
  await signInViaApi(securityContext, security.email, security.password);

  const teamA = (await post<{ id: string }>(request, "/api/v1/teams", { name: unique("Records A"), kind: "application", memberIds: [me.personId] })).id;
  const teamB = (await post<{ id: string }>(request, "/api/v1/teams", { name: unique("Records B"), kind: "application", memberIds: [other.personId] })).id;
  const seed = async (teamId: string, ownerId: string) => withSecret(request, await seedCredential(request, { teamId, ownerId }));
  const [a, b, aLeak, bLeak, aSpare, bSpare] = [await seed(teamA, me.personId), await seed(teamB, other.personId), await seed(teamA, me.personId), await seed(teamB, other.personId), await seed(teamA, me.personId), await seed(teamB, other.personId)];

  const server = (await post<{ id: string }>(request, "/api/v1/authorization-servers", { name: unique("Records IdP"), issuerUrl: `https://${unique("records")}.example.test` })).id;
  const policies = (await (await request.get("/api/v1/policies")).json()) as { items: { id: string }[] };
  const campaign = (await post<{ campaign?: { id: string }; id?: string }>(request, "/api/v1/campaigns", { name: unique("Records campaign"), filter: { teamId: teamA }, dueAt: inDays(30).slice(0, 10) }));
  const webhook = (await post<{ id: string }>(request, "/api/v1/webhooks", { name: unique("Records hook"), url: "http://127.0.0.1:9/records", teamId: teamB })).id;

  // Rotation requests by the admin, waiting for each owner's approval (and putting a message in their inboxes).
  const requestRotation = async (credentialId: string) =>
    (await post<{ id: string }>(request, `/api/v1/credentials/${credentialId}/rotation-requests`, { reason: "scheduled", plannedAt: inDays(2) })).id;
  const rr = { a: await requestRotation(a.credential.id), b: await requestRotation(b.credential.id), aSpare: await requestRotation(aSpare.credential.id) };

  // Grant requests by the admin to the other team's API (pending until that team decides), and the seeded same-team grants.
  const requestGrant = async (credentialId: string, api: Seeded["api"]) =>
    (await post<{ id: string }>(request, `/api/v1/credentials/${credentialId}/grants`, { apiId: api.id, scopeIds: [api.scopes[0]?.id ?? ""] })).id;
  const grantOf = async (s: Seeded) =>
    ((await (await request.get(`/api/v1/credentials/${s.credential.id}/grants`)).json()) as { grants: { id: string; apiId: string }[] }).grants.find((g) => g.apiId === s.api.id)?.id ?? "";
  const grants = {
    approveOwn: await requestGrant(b.credential.id, a.api),
    rejectOwn: await requestGrant(bLeak.credential.id, a.api),
    decideOthers: await requestGrant(aLeak.credential.id, b.api),
    aOwn: await grantOf(a),
    bOwn: await grantOf(b),
    aLeakOwn: await grantOf(aLeak),
    bLeakOwn: await grantOf(bLeak),
  };

  const feed = async (p: Person) => (await post<{ id: string }>(p.context.request, "/api/v1/calendar-feeds", { scope: "user" })).id;
  const token = async (p: Person) => (await post<{ token: { id: string } }>(p.context.request, "/api/v1/me/tokens", { name: unique("records token"), expiresAt: inDays(7) })).token.id;

  w = {
    me,
    other,
    teamA,
    teamB,
    a,
    b,
    aLeak,
    bLeak,
    aSpare,
    bSpare,
    server,
    policy: policies.items[0]?.id ?? "",
    campaign: campaign.campaign?.id ?? campaign.id ?? "",
    webhook,
    rr,
    grants,
    feeds: { mine: await feed(me), theirs: await feed(other) },
    tokens: { mine: await token(me), theirs: await token(other) },
    inbox: { mine: await firstInboxId(me.context.request), theirs: await firstInboxId(other.context.request) },
  };
});

test.afterAll(async () => {
  for (const c of [w.me.context, w.other.context, securityContext, adminContext]) await c.close();
});

type Key = keyof typeof recordEndpointCells;
type Call = { path: string; body?: unknown; before?: () => Promise<void> };
type Fixture = { own: () => Call; others: () => Call };

const cred = (s: Seeded) => `/api/v1/credentials/${s.credential.id}`;
const same = (call: () => Call): Fixture => ({ own: call, others: call });
const secretMeta = { kind: "client_secret", storage: "vault", issuedAt: new Date().toISOString() };

/** How to call each endpoint on the member's own record and on the other team's; the keys are the table's. */
const fixtures: Record<Key, Fixture> = {
  // Access decisions (DESIGN §4.5): "own" is the member's team's API (deciding, reviewing) or credential (requesting, revoking).
  listCredentialGrants: { others: () => ({ path: `${cred(w.b)}/grants` }), own: () => ({ path: `${cred(w.a)}/grants` }) },
  requestGrant: {
    others: () => ({ path: `${cred(w.bSpare)}/grants`, body: { apiId: w.a.api.id, scopeIds: [] } }),
    own: () => ({ path: `${cred(w.aSpare)}/grants`, body: { apiId: w.b.api.id, scopeIds: [] } }),
  },
  approveGrant: {
    others: () => ({ path: `${cred(w.aLeak)}/grants/${w.grants.decideOthers}/approve`, body: {} }),
    own: () => ({ path: `${cred(w.b)}/grants/${w.grants.approveOwn}/approve`, body: {} }),
  },
  rejectGrant: {
    others: () => ({ path: `${cred(w.aLeak)}/grants/${w.grants.decideOthers}/reject`, body: { justification: "not ours to give" } }),
    own: () => ({ path: `${cred(w.bLeak)}/grants/${w.grants.rejectOwn}/reject`, body: { justification: "too broad" } }),
  },
  revokeGrant: {
    others: () => ({ path: `${cred(w.b)}/grants/${w.grants.bOwn}/revoke`, body: {} }),
    own: () => ({ path: `${cred(w.a)}/grants/${w.grants.aOwn}/revoke`, body: { justification: "no longer needed" } }),
  },
  reviewGrant: {
    others: () => ({ path: `${cred(w.bLeak)}/grants/${w.grants.bLeakOwn}/review`, body: { decision: "keep", justification: "still needed" } }),
    own: () => ({ path: `${cred(w.aLeak)}/grants/${w.grants.aLeakOwn}/review`, body: { decision: "keep", justification: "still needed" } }),
  },
  // Lifecycle first, in an order where each own-call finds the state it needs.
  approveRotationRequest: {
    others: () => ({ path: `/api/v1/rotation-requests/${w.rr.b}/approve`, body: {} }),
    own: () => ({ path: `/api/v1/rotation-requests/${w.rr.a}/approve`, body: {} }),
  },
  completeRotationRequest: {
    others: () => ({ path: `/api/v1/rotation-requests/${w.rr.b}/complete`, body: { newSecret: secretMeta, checklist: { deployedToAllConsumers: true, oldSecretRevoked: true } } }),
    own: () => ({
      path: `/api/v1/rotation-requests/${w.rr.a}/complete`,
      body: { newSecret: secretMeta, checklist: { deployedToAllConsumers: true, oldSecretRevoked: true } },
      // The policy may want a security approval besides the owner's.
      before: async () => {
        const state = async () => ((await (await adminContext.request.get(`/api/v1/rotation-requests/${w.rr.a}`)).json()) as { state?: string; status?: string });
        const s = await state();
        if ((s.state ?? s.status) === "requested") await post(securityContext.request, `/api/v1/rotation-requests/${w.rr.a}/approve`, {}, 200);
      },
    }),
  },
  rejectRotationRequest: {
    others: () => ({ path: `/api/v1/rotation-requests/${w.rr.b}/reject`, body: { note: "not now" } }),
    own: () => ({ path: `/api/v1/rotation-requests/${w.rr.aSpare}/reject`, body: { note: "not now" } }),
  },
  createRotationRequest: {
    others: () => ({ path: `${cred(w.bSpare)}/rotation-requests`, body: { reason: "scheduled", plannedAt: inDays(3) } }),
    own: () => ({ path: `${cred(w.aSpare)}/rotation-requests`, body: { reason: "scheduled", plannedAt: inDays(3) } }),
  },
  cancelRotationRequest: {
    others: () => ({ path: `/api/v1/rotation-requests/${w.rr.b}/cancel`, body: {} }),
    own: () => ({ path: `/api/v1/rotation-requests/${w.rr.mine ?? ""}/cancel`, body: {} }),
  },
  reportLeak: {
    others: () => ({ path: `${cred(w.bLeak)}/secrets/${w.bLeak.secretId}/leak`, body: { source: "a paste site", detectedAt: new Date().toISOString() } }),
    own: () => ({ path: `${cred(w.aLeak)}/secrets/${w.aLeak.secretId}/leak`, body: { source: "a paste site", detectedAt: new Date().toISOString() } }),
  },
  decommissionCredential: {
    others: () => ({ path: `${cred(w.bSpare)}/decommission`, body: { reason: "no_longer_needed", disabledAtServerConfirmed: true } }),
    own: () => ({ path: `${cred(w.aSpare)}/decommission`, body: { reason: "no_longer_needed", disabledAtServerConfirmed: true } }),
  },
  recordReview: { others: () => ({ path: `${cred(w.b)}/reviews`, body: { decision: "keep" } }), own: () => ({ path: `${cred(w.a)}/reviews`, body: { decision: "keep" } }) },
  updateCredential: { others: () => ({ path: cred(w.b), body: { description: "edited by a member" } }), own: () => ({ path: cred(w.a), body: { description: "edited by a member" } }) },
  addSecret: { others: () => ({ path: `${cred(w.b)}/secrets`, body: secretMeta }), own: () => ({ path: `${cred(w.a)}/secrets`, body: secretMeta }) },
  updateSecret: {
    others: () => ({ path: `${cred(w.b)}/secrets/${w.b.secretId}`, body: { storageRef: "vault://member/edit" } }),
    own: () => ({ path: `${cred(w.a)}/secrets/${w.a.secretId}`, body: { storageRef: "vault://member/edit" } }),
  },
  updateApi: { others: () => ({ path: `/api/v1/apis/${w.b.api.id}`, body: { name: unique("Renamed API") } }), own: () => ({ path: `/api/v1/apis/${w.a.api.id}`, body: { name: unique("Renamed API") } }) },
  updateApplication: { others: () => ({ path: `/api/v1/applications/${w.b.appId}`, body: { name: unique("Renamed app") } }), own: () => ({ path: `/api/v1/applications/${w.a.appId}`, body: { name: unique("Renamed app") } }) },
  markInboxRead: { others: () => ({ path: `/api/v1/inbox/${w.inbox.theirs}/read` }), own: () => ({ path: `/api/v1/inbox/${w.inbox.mine}/read` }) },
  revokeCalendarFeed: { others: () => ({ path: `/api/v1/calendar-feeds/${w.feeds.theirs}/revoke` }), own: () => ({ path: `/api/v1/calendar-feeds/${w.feeds.mine}/revoke` }) },
  revokeMyApiToken: { others: () => ({ path: `/api/v1/me/tokens/${w.tokens.theirs}/revoke` }), own: () => ({ path: `/api/v1/me/tokens/${w.tokens.mine}/revoke` }) },
  // Reads: anyone signed in reads every record (DESIGN §2).
  getPerson: { others: () => ({ path: `/api/v1/people/${w.other.personId}` }), own: () => ({ path: `/api/v1/people/${w.me.personId}` }) },
  getHoldings: { others: () => ({ path: `/api/v1/people/${w.other.personId}/holdings` }), own: () => ({ path: `/api/v1/people/${w.me.personId}/holdings` }) },
  getTeam: { others: () => ({ path: `/api/v1/teams/${w.teamB}` }), own: () => ({ path: `/api/v1/teams/${w.teamA}` }) },
  getTeamHolders: { others: () => ({ path: `/api/v1/teams/${w.teamB}/holders` }), own: () => ({ path: `/api/v1/teams/${w.teamA}/holders` }) },
  getServer: same(() => ({ path: `/api/v1/authorization-servers/${w.server}` })),
  getApi: { others: () => ({ path: `/api/v1/apis/${w.b.api.id}` }), own: () => ({ path: `/api/v1/apis/${w.a.api.id}` }) },
  getApplication: { others: () => ({ path: `/api/v1/applications/${w.b.appId}` }), own: () => ({ path: `/api/v1/applications/${w.a.appId}` }) },
  getCredential: { others: () => ({ path: cred(w.b) }), own: () => ({ path: cred(w.a) }) },
  listCredentialReviews: { others: () => ({ path: `${cred(w.b)}/reviews` }), own: () => ({ path: `${cred(w.a)}/reviews` }) },
  listCredentialFindings: { others: () => ({ path: `${cred(w.b)}/findings` }), own: () => ({ path: `${cred(w.a)}/findings` }) },
  getCredentialControls: { others: () => ({ path: `${cred(w.b)}/controls` }), own: () => ({ path: `${cred(w.a)}/controls` }) },
  getPolicy: same(() => ({ path: `/api/v1/policies/${w.policy}` })),
  getRotationRequest: { others: () => ({ path: `/api/v1/rotation-requests/${w.rr.b}` }), own: () => ({ path: `/api/v1/rotation-requests/${w.rr.a}` }) },
  getIncident: same(() => ({ path: `/api/v1/incidents/${w.incident ?? ""}` })),
  getCampaign: same(() => ({ path: `/api/v1/campaigns/${w.campaign}` })),
  listCampaignTasks: same(() => ({ path: `/api/v1/campaigns/${w.campaign}/tasks` })),
  exportCampaign: same(() => ({ path: `/api/v1/campaigns/${w.campaign}/export` })),
  // Governors only: refused whoever owns the record.
  getUser: { others: () => ({ path: `/api/v1/users/${w.other.userId}` }), own: () => ({ path: `/api/v1/users/${w.me.userId}` }) },
  updateUser: { others: () => ({ path: `/api/v1/users/${w.other.userId}`, body: { role: "admin" } }), own: () => ({ path: `/api/v1/users/${w.me.userId}`, body: { role: "admin" } }) },
  reissueInvite: { others: () => ({ path: `/api/v1/users/${w.other.userId}/invite` }), own: () => ({ path: `/api/v1/users/${w.me.userId}/invite` }) },
  signOutUserEverywhere: { others: () => ({ path: `/api/v1/users/${w.other.userId}/sign-out` }), own: () => ({ path: `/api/v1/users/${w.me.userId}/sign-out` }) },
  updatePerson: { others: () => ({ path: `/api/v1/people/${w.other.personId}`, body: { name: "Renamed" } }), own: () => ({ path: `/api/v1/people/${w.me.personId}`, body: { name: "Renamed" } }) },
  reassignOwnership: {
    others: () => ({ path: `/api/v1/people/${w.other.personId}/reassign`, body: { toPersonId: w.me.personId } }),
    own: () => ({ path: `/api/v1/people/${w.me.personId}/reassign`, body: { toPersonId: w.other.personId } }),
  },
  updateTeam: { others: () => ({ path: `/api/v1/teams/${w.teamB}`, body: { memberIds: [w.me.personId] } }), own: () => ({ path: `/api/v1/teams/${w.teamA}`, body: { name: "Mine now" } }) },
  updateServer: same(() => ({ path: `/api/v1/authorization-servers/${w.server}`, body: { name: "Renamed IdP" } })),
  updatePolicy: same(() => ({ path: `/api/v1/policies/${w.policy}`, body: { name: "Renamed policy" } })),
  closeCampaign: same(() => ({ path: `/api/v1/campaigns/${w.campaign}/close` })),
  updateWebhook: same(() => ({ path: `/api/v1/webhooks/${w.webhook}`, body: { isActive: false } })),
  retryDelivery: { others: () => ({ path: `/api/v1/notifications/deliveries/${w.inbox.theirs}/retry` }), own: () => ({ path: `/api/v1/notifications/deliveries/${w.inbox.mine}/retry` }) },
  revokeApiToken: { others: () => ({ path: `/api/v1/api-tokens/${w.tokens.theirs}/revoke` }), own: () => ({ path: `/api/v1/api-tokens/${w.tokens.mine}/revoke` }) },
  revokeException: same(() => ({ path: "/api/v1/exceptions/00000000-0000-4000-8000-000000000000/revoke", body: { reason: "member tries" } })),
};

/** A denial is the envelope and nothing of the record it names. */
async function expectCell(request: APIRequestContext, key: Key, which: "own" | "others", expected: RecordOutcome) {
  const e = endpoints[key];
  const call = fixtures[key][which]();
  await call.before?.();
  const response = await request.fetch(call.path, { method: e.method, headers: originHeaders(), ...(e.method === "GET" ? {} : { data: call.body ?? {} }) });
  const text = await response.text();
  const where = `member ${which} ${key}: ${e.method} ${call.path} → ${response.status()} ${text.slice(0, 300)}`;
  expect(statusOf[expected], where).toContain(response.status());
  if (expected !== "allow") {
    const body = JSON.parse(text) as { error?: { code?: string }; [k: string]: unknown };
    expect(Object.keys(body), where).toEqual(["error"]);
    expect(body.error?.code, where).toBe(expected === "forbidden" ? "FORBIDDEN" : "NOT_FOUND");
    for (const s of [w.a, w.b, w.aLeak, w.bLeak, w.aSpare, w.bSpare]) expect(text, where).not.toContain(s.credential.name);
  }
  return text;
}

let cells = 0;
test("[AUTHZ RECORDS] every record endpoint as a member, on their team's record and on another team's", async () => {
  test.setTimeout(120_000);
  const request = w.me.context.request;
  for (const key of Object.keys(fixtures) as Key[]) {
    if (key === "getIncident") continue; // needs the incident the leak row opens; checked below
    await expectCell(request, key, "others", recordEndpointCells[key].others);
    const text = await expectCell(request, key, "own", recordEndpointCells[key].own);
    cells += 2;
    if (key === "createRotationRequest") w.rr.mine = (JSON.parse(text) as { id: string }).id;
    if (key === "reportLeak") w.incident = (JSON.parse(text) as { incident?: { id: string }; incidentId?: string }).incident?.id ?? (JSON.parse(text) as { incidentId?: string }).incidentId;
  }
  expect(w.incident, "the leak report names its incident").toBeTruthy();
  await expectCell(request, "getIncident", "own", recordEndpointCells.getIncident.own);
  cells += 1;
  test.info().annotations.push({ type: "record-cells", description: `${cells} endpoint cells (${Object.keys(recordEndpointCells).length} endpoints × own/others)` });
});

test("[AUTHZ RECORDS] every record page as a member, on their team's record and on another team's", async () => {
  // Statuses are what this walks: each page is fetched with the member's cookies, not loaded in a tab.
  const request = w.me.context.request;
  const findingOf = async (credentialId: string) =>
    ((await (await adminContext.request.get(`/api/v1/credentials/${credentialId}/findings`)).json()) as { open: { id: string }[] }).open[0]?.id ?? "";
  const idsFor: Record<keyof typeof recordPageCells, { own: string; others: string }> = {
    "/people/[id]": { own: w.me.personId, others: w.other.personId },
    "/people/[id]/reassign": { own: w.me.personId, others: w.other.personId },
    "/teams/[id]": { own: w.teamA, others: w.teamB },
    "/settings/users/[id]": { own: w.me.userId, others: w.other.userId },
    "/inventory/[id]": { own: w.a.credential.id, others: w.b.credential.id },
    "/inventory/[id]/edit": { own: w.a.credential.id, others: w.b.credential.id },
    "/servers/[id]": { own: w.server, others: w.server },
    "/apis/[id]": { own: w.a.api.id, others: w.b.api.id },
    "/applications/[id]": { own: w.a.appId, others: w.b.appId },
    "/policies/[id]": { own: w.policy, others: w.policy },
    "/rotations/[id]": { own: w.rr.a ?? "", others: w.rr.b ?? "" },
    "/reviews/campaigns/[id]": { own: w.campaign, others: w.campaign },
    "/incidents/[id]": { own: w.incident ?? "", others: w.incident ?? "" },
    "/findings/[id]": { own: await findingOf(w.a.credential.id), others: await findingOf(w.b.credential.id) },
  };
  let pageCells = 0;
  for (const [route, ids] of Object.entries(idsFor) as [keyof typeof recordPageCells, { own: string; others: string }][]) {
    for (const which of ["others", "own"] as const) {
      const status = (await request.get(route.replace("[id]", ids[which]))).status();
      const expected = recordPageCells[route][which];
      expect(expected === "allow" ? [200] : statusOf[expected], `member ${which} ${route} → ${String(status)}`).toContain(status);
      pageCells += 1;
    }
  }
  test.info().annotations.push({ type: "record-cells", description: `${pageCells} page cells` });
});

test("[AUTHZ RECORDS] IDOR: another team's ids inside one's own paths and bodies give 403/404, never their data", async () => {
  const request = w.me.context.request;
  // Their secret under my credential: not found, and their secret is unchanged.
  const mixed = await request.patch(`${cred(w.a)}/secrets/${w.b.secretId}`, { headers: originHeaders(), data: { storageRef: "vault://stolen" } });
  expect([403, 404]).toContain(mixed.status());
  const theirs = await (await adminContext.request.get(cred(w.b))).text();
  expect(theirs).not.toContain("vault://stolen");
  // A rotation of my credential naming their secret.
  const rotate = await request.post(`${cred(w.a)}/rotation-requests`, { headers: originHeaders(), data: { reason: "scheduled", plannedAt: inDays(4), secretId: w.b.secretId } });
  expect([403, 404, 422]).toContain(rotate.status());
  // Pulling their credential, API or application into my team.
  for (const path of [cred(w.b), `/api/v1/apis/${w.b.api.id}`, `/api/v1/applications/${w.b.appId}`]) {
    expect((await request.patch(path, { headers: originHeaders(), data: { owningTeamId: w.teamA } })).status(), path).toBe(403);
  }
  // Creating records for their team.
  expect((await request.post("/api/v1/applications", { headers: originHeaders(), data: { name: unique("Planted app"), owningTeamId: w.teamB, environment: "production", trustZone: "internal" } })).status()).toBe(403);
  expect((await request.post("/api/v1/calendar-feeds", { headers: originHeaders(), data: { scope: "team", teamId: w.teamB } })).status()).toBe(403);
  // Their tokens, feeds and messages do not show up in my lists, whatever the query says.
  const myTokens = await (await request.get(`/api/v1/me/tokens?userId=${w.other.userId}`)).text();
  expect(myTokens).not.toContain(w.tokens.theirs);
  expect(await (await request.get("/api/v1/calendar-feeds")).text()).not.toContain(w.feeds.theirs);
  expect(await (await request.get("/api/v1/inbox?limit=200")).text()).not.toContain(w.inbox.theirs);
  expect((await request.get(`/api/v1/api-tokens?userId=${w.other.userId}`)).status()).toBe(403);
  expect((await request.get("/api/v1/audit-events")).status()).toBe(403);
  // Their token still works after my attempts to revoke it (the table's 404s changed nothing).
  const tokens = (await (await w.other.context.request.get("/api/v1/me/tokens")).json()) as { items: { id: string; state: string }[] };
  expect(tokens.items.find((t) => t.id === w.tokens.theirs)?.state).toBe("active");
});

test("[AUTHZ RECORDS] mass assignment: fields a member may not set are refused or ignored", async () => {
  const request = w.me.context.request;
  const before = (await (await request.get(cred(w.a))).json()) as Record<string, unknown>;
  const sneaky = { id: w.b.credential.id, createdBy: w.other.userId, createdAt: "2000-01-01T00:00:00Z", updatedAt: "2000-01-01T00:00:00Z", status: "decommissioned", decommissionedAt: "2000-01-01T00:00:00Z", effectivePolicyId: w.policy, rotationDueAt: "2000-01-01T00:00:00Z", role: "admin" };
  const patched = await request.patch(cred(w.a), { headers: originHeaders(), data: { ...sneaky, description: "mass assignment probe" } });
  expect([200, 422], await patched.text()).toContain(patched.status());
  const after = (await (await request.get(cred(w.a))).json()) as Record<string, unknown>;
  for (const field of ["id", "createdAt", "status", "decommissionedAt", "rotationDueAt", "owningTeam", "owningTeamId"]) expect(after[field], field).toEqual(before[field]);
  const stillTheirs = (await (await request.get(cred(w.b))).json()) as { description?: string | null };
  expect(stillTheirs.description ?? "").not.toBe("mass assignment probe");

  // An id, a creator and another team in a create body: the id is the server's, the team refused.
  const created = await post<{ id: string }>(request, "/api/v1/applications", { ...sneaky, status: undefined, name: unique("Mine app"), owningTeamId: w.teamA, environment: "production", trustZone: "internal" });
  expect(created.id).not.toBe(w.b.credential.id);
  expect((await request.post("/api/v1/credentials", { headers: originHeaders(), data: { name: unique("Planted"), kind: "api_key", environment: "production", owningTeamId: w.teamB } })).status()).toBe(403);

  // A token, a feed, a rotation request and a review "for" someone else belong to the member.
  const { token } = await post<{ token: { id: string; user: { id: string } } }>(request, "/api/v1/me/tokens", { name: unique("mass token"), expiresAt: inDays(7), userId: w.other.userId, user: { id: w.other.userId }, role: "admin" });
  expect(token.user.id).toBe(w.me.userId);
  const otherTokens = await (await w.other.context.request.get("/api/v1/me/tokens")).text();
  expect(otherTokens).not.toContain(token.id);
  expect(await (await request.get("/api/v1/me/tokens")).text()).toContain(token.id);
  const feed = await post<{ id: string }>(request, "/api/v1/calendar-feeds", { scope: "user", userId: w.other.userId, createdById: w.other.userId });
  expect(await (await w.other.context.request.get("/api/v1/calendar-feeds")).text()).not.toContain(feed.id);
  const rotation = await post<{ requester: { id: string } | null }>(request, `${cred(w.a)}/rotation-requests`, { reason: "scheduled", plannedAt: inDays(5), requesterId: w.other.userId, requester: { id: w.other.userId } });
  expect([w.me.userId, w.me.personId]).toContain(rotation.requester?.id);
  const review = await post<{ review: { reviewer: { id: string | null } } }>(request, `${cred(w.a)}/reviews`, { decision: "keep", reviewerId: w.other.userId, reviewer: { id: w.other.userId } });
  expect(review.review.reviewer.id).toBe(w.me.userId);

  // Roles: a member cannot give themselves one, nor can an invitation link carry one.
  expect((await request.patch(`/api/v1/users/${w.me.userId}`, { headers: originHeaders(), data: { role: "admin" } })).status()).toBe(403);
  expect((await request.post("/api/v1/users", { headers: originHeaders(), data: { name: "Planted admin", email: `${unique("planted")}@example.test`, role: "admin" } })).status()).toBe(403);
  expect(((await (await request.get("/api/v1/me")).json()) as { role: string }).role).toBe("member");
  const invited = await post<{ user: { id: string }; inviteUrl: string }>(adminContext.request, "/api/v1/users", { name: "Invited member", email: `${unique("invited")}@example.test`, role: "member" });
  const inviteToken = new URL(invited.inviteUrl).searchParams.get("token");
  await post(adminContext.request, "/api/v1/auth/set-password", { token: inviteToken, password: "a long enough password", role: "admin", isActive: true }, 200);
  expect(((await (await adminContext.request.get(`/api/v1/users/${invited.user.id}`)).json()) as { role: string }).role).toBe("member");
});
