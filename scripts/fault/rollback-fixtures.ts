import type { Sql } from "postgres";
import { call, type Auth } from "./client";

/**
 * One fixture per mutating endpoint (every non-GET endpoint of allEndpoints): `prepare` builds what
 * the request needs through the API (with audit inserts working), then answers the request — path
 * parameters, a body valid enough to reach the endpoint's write, and who sends it. The request is
 * sent twice: with audit inserts refused (must fail and change nothing) and then as is (must
 * succeed and write an audit event), so a fixture that does not reach the write fails the test.
 */
export type Kit = {
  base: string;
  sql: Sql;
  admin: Auth;
  security: Auth;
  adminPersonId: string;
  /** An issuer on loopback that serves an OpenID discovery document. */
  issuerUrl: string;
  u: (prefix: string) => string;
  post: <T = { id: string }>(path: string, body?: unknown, as?: Auth) => Promise<T>;
  patch: <T = { id: string }>(path: string, body: unknown, as?: Auth) => Promise<T>;
  get: <T>(path: string, as?: Auth) => Promise<T>;
  /** A development credential owned by the admin's person, with one active secret. */
  credential: (owner?: string) => Promise<{ id: string; secretId: string }>;
};

export type Prepared = {
  params?: Record<string, string>;
  query?: string;
  body?: unknown;
  /** A raw body instead of JSON (the inventory file). */
  raw?: { text: string; contentType: string };
  as?: "admin" | "security" | "anonymous";
  /** Tables this request may change even though it fails, each with the reason. */
  allowChanged?: Record<string, string>;
};

export type Fixture = {
  prepare: (k: Kit) => Promise<Prepared>;
  /** Set (with the reason) for the few POSTs that write nothing: they must succeed with audit refused, and still change nothing. */
  readOnly?: string;
  /** A further check of the successful answer (with audit inserts working); a message when it is wrong. */
  verify?: (text: string) => string | null;
};

const day = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * day).toISOString();
const issued = "2025-01-01T00:00:00.000Z";

async function rotationRequest(k: Kit, credentialId: string, secretId: string): Promise<string> {
  // Security asks, the owner (the admin's person) decides: separation of duties.
  const r = await k.post(`/api/v1/credentials/${credentialId}/rotation-requests`, { reason: "scheduled", plannedAt: inDays(1), secretId }, k.security);
  return r.id;
}

/** A fresh member: the target of a user-scoped write. */
async function aNewUser(k: Kit) {
  const created = await k.post<{ user: { id: string } }>("/api/v1/users", { email: `${k.u("user")}@fault.example`, name: "User", role: "member" });
  return { params: { id: created.user.id } };
}

async function unreadInboxItem(k: Kit): Promise<string> {
  const c = await k.credential();
  await rotationRequest(k, c.id, c.secretId); // notifies the owner: an in-app message for the admin
  const inbox = await k.get<{ items: { id: string; readAt: string | null }[] }>("/api/v1/inbox");
  const item = inbox.items.find((i) => i.readAt === null);
  if (!item) throw new Error("no unread inbox message for the admin after a rotation request on their credential");
  return item.id;
}

/**
 * A grant the admin asked for on another team's API (DESIGN §4.5): pending until that team or
 * security (never the requester) decides; `approved` has security approve it first.
 */
async function grantOnAnotherTeamsApi(k: Kit, approved: boolean) {
  const team = await k.post("/api/v1/teams", { name: k.u("API team"), kind: "application" });
  const api = await k.post<{ id: string; scopes: { id: string }[] }>("/api/v1/apis", {
    name: k.u("API"),
    audience: `https://${k.u("api")}.example.test`,
    trustZone: "internal",
    sensitivity: "low",
    owningTeamId: team.id,
    scopes: [{ name: "read", privilege: "read" }, { name: "write", privilege: "write" }],
  });
  const c = await k.credential();
  const grant = await k.post(`/api/v1/credentials/${c.id}/grants`, { apiId: api.id, scopeIds: api.scopes.map((s) => s.id), justification: "reads invoices" });
  if (approved) await k.post(`/api/v1/credentials/${c.id}/grants/${grant.id}/approve`, {}, k.security);
  return { params: { id: c.id, grantId: grant.id }, api, credentialId: c.id };
}

export const fixtures: Record<string, Fixture> = {
  setPassword: {
    prepare: async (k) => {
      const created = await k.post<{ inviteUrl: string }>("/api/v1/users", { email: `${k.u("invitee")}@fault.example`, name: "Invitee", role: "member" });
      return { as: "anonymous", body: { token: new URL(created.inviteUrl).searchParams.get("token"), password: "a long enough password 123" } };
    },
  },
  createUser: { prepare: (k) => Promise.resolve({ body: { email: `${k.u("user")}@fault.example`, name: "New user", role: "member" } }) },
  updateUser: {
    prepare: async (k) => {
      const created = await k.post<{ user: { id: string } }>("/api/v1/users", { email: `${k.u("user")}@fault.example`, name: "User", role: "member" });
      return { params: { id: created.user.id }, body: { name: "Renamed user" } };
    },
  },
  reissueInvite: { prepare: aNewUser },
  signOutUserEverywhere: { prepare: aNewUser },
  createPerson: { prepare: (k) => Promise.resolve({ body: { email: `${k.u("person")}@fault.example`, name: "New person" } }) },
  updatePerson: {
    prepare: async (k) => {
      const p = await k.post("/api/v1/people", { email: `${k.u("person")}@fault.example`, name: "Person" });
      return { params: { id: p.id }, body: { name: "Renamed person" } };
    },
  },
  createTeam: { prepare: (k) => Promise.resolve({ body: { name: k.u("Team"), kind: "application" } }) },
  updateTeam: {
    prepare: async (k) => {
      const t = await k.post("/api/v1/teams", { name: k.u("Team"), kind: "application" });
      return { params: { id: t.id }, body: { name: k.u("Renamed team") } };
    },
  },
  verifyAuditChain: { readOnly: "recomputes the hash chain: reads audit_events only", prepare: () => Promise.resolve({}) },
  createAuthorizationServer: { prepare: (k) => Promise.resolve({ body: { name: k.u("IdP"), issuerUrl: `https://${k.u("idp")}.example.test` } }) },
  discoverAuthorizationServer: { readOnly: "fetches and parses a discovery document: writes nothing", prepare: (k) => Promise.resolve({ body: { issuerUrl: k.issuerUrl } }) },
  updateAuthorizationServer: {
    prepare: async (k) => {
      const s = await k.post("/api/v1/authorization-servers", { name: k.u("IdP"), issuerUrl: `https://${k.u("idp")}.example.test` });
      return { params: { id: s.id }, body: { name: k.u("Renamed IdP") } };
    },
  },
  createApi: { prepare: (k) => Promise.resolve({ body: { name: k.u("API"), audience: `https://${k.u("api")}.example.test`, trustZone: "internal", sensitivity: "low" } }) },
  updateApi: {
    prepare: async (k) => {
      const a = await k.post("/api/v1/apis", { name: k.u("API"), audience: `https://${k.u("api")}.example.test`, trustZone: "internal", sensitivity: "low" });
      return { params: { id: a.id }, body: { name: k.u("Renamed API"), sensitivity: "high" } };
    },
  },
  createApplication: { prepare: (k) => Promise.resolve({ body: { name: k.u("App"), environment: "development", trustZone: "internal" } }) },
  updateApplication: {
    prepare: async (k) => {
      const a = await k.post("/api/v1/applications", { name: k.u("App"), environment: "development", trustZone: "internal" });
      return { params: { id: a.id }, body: { name: k.u("Renamed app"), thirdParty: true } };
    },
  },
  createCredential: { prepare: (k) => Promise.resolve({ body: { name: k.u("Client"), kind: "oauth_client", environment: "development", clientId: k.u("client"), ownerId: k.adminPersonId } }) },
  updateCredential: {
    prepare: async (k) => {
      const c = await k.credential();
      return { params: { id: c.id }, body: { name: k.u("Renamed client"), environment: "staging" } };
    },
  },
  addSecret: {
    prepare: async (k) => {
      const c = await k.credential();
      return { params: { id: c.id }, body: { kind: "client_secret", storage: "vault", storageRef: k.u("vault://fault"), issuedAt: issued } };
    },
  },
  updateSecret: {
    prepare: async (k) => {
      const c = await k.credential();
      return { params: { id: c.id, secretId: c.secretId }, body: { storageRef: k.u("vault://moved"), expiresAt: inDays(60) } };
    },
  },
  createPolicy: { prepare: (k) => Promise.resolve({ body: { name: k.u("Policy"), matchKind: "certificate", maxSecretAgeDays: 90, reviewCadenceDays: 90, maxAccessTokenTtlSeconds: 3600, approvalsRequired: 1 } }) },
  updatePolicy: {
    prepare: async (k) => {
      const p = await k.post("/api/v1/policies", { name: k.u("Policy"), matchKind: "certificate", maxSecretAgeDays: 90, reviewCadenceDays: 90, maxAccessTokenTtlSeconds: 3600, approvalsRequired: 1 });
      return { params: { id: p.id }, body: { maxSecretAgeDays: 30 } };
    },
  },
  leakLookup: { prepare: () => Promise.resolve({ body: { value: "not-a-secret-anyone-stored-0123456789" } }) },
  importInventory: {
    prepare: (k) => {
      // People and teams: two batches, so the answer streams while the second one commits.
      const email = `${k.u("imported")}@fault.example`;
      const file = { format: "steward-inventory/v1", people: [{ email, name: "Imported person", active: true }], teams: [{ key: k.u("imported-team").toLowerCase(), name: k.u("Imported team"), kind: "application", members: [email] }] };
      return Promise.resolve({ query: "format=json&mode=apply", raw: { text: JSON.stringify(file), contentType: "application/json" } });
    },
    verify: (text) => {
      const events = text.trim().split("\n").map((l) => JSON.parse(l) as { type: string; result?: { created: number } });
      const done = events.find((e) => e.type === "done");
      if (events.some((e) => e.type === "error") || !done) return `the import did not finish: ${text.slice(0, 300)}`;
      return done.result?.created === 2 ? null : `expected 2 records created, got ${text.slice(0, 300)}`;
    },
  },
  createRotationRequest: {
    prepare: async (k) => {
      const c = await k.credential();
      return { params: { id: c.id }, body: { reason: "scheduled", plannedAt: inDays(1), secretId: c.secretId } };
    },
  },
  approveRotationRequest: {
    prepare: async (k) => {
      const c = await k.credential();
      return { params: { id: await rotationRequest(k, c.id, c.secretId) }, body: { note: "fine" } };
    },
  },
  rejectRotationRequest: {
    prepare: async (k) => {
      const c = await k.credential();
      return { params: { id: await rotationRequest(k, c.id, c.secretId) }, body: { note: "not now" } };
    },
  },
  cancelRotationRequest: {
    prepare: async (k) => {
      const c = await k.credential();
      return { as: "security", params: { id: await rotationRequest(k, c.id, c.secretId) }, body: { note: "withdrawn" } };
    },
  },
  completeRotationRequest: {
    prepare: async (k) => {
      const c = await k.credential();
      const id = await rotationRequest(k, c.id, c.secretId);
      await k.post(`/api/v1/rotation-requests/${id}/approve`, { note: "go" });
      return { params: { id }, body: { newSecret: { kind: "client_secret", storage: "vault", issuedAt: new Date().toISOString() }, checklist: { deployedToAllConsumers: true, oldSecretRevoked: true } } };
    },
  },
  reportLeak: {
    prepare: async (k) => {
      const c = await k.credential();
      return { params: { id: c.id, secretId: c.secretId }, body: { source: "found on a paste site", detectedAt: new Date().toISOString() } };
    },
  },
  createMyApiToken: { prepare: (k) => Promise.resolve({ body: { name: k.u("token"), expiresAt: inDays(30) } }) },
  revokeMyApiToken: {
    prepare: async (k) => {
      const t = await k.post<{ token: { id: string } }>("/api/v1/me/tokens", { name: k.u("token"), expiresAt: inDays(30) });
      return { params: { id: t.token.id } };
    },
  },
  revokeApiToken: {
    prepare: async (k) => {
      const t = await k.post<{ token: { id: string } }>("/api/v1/me/tokens", { name: k.u("token"), expiresAt: inDays(30) }, k.security);
      return { params: { id: t.token.id } };
    },
  },
  // Usage ingest (DESIGN §8.7): a session with usage:ingest may post too; the raw body is the batch.
  ingestUsageEvents: {
    prepare: (k) => {
      const line = { id: k.u("event"), type: "api_decision", time: new Date().toISOString(), client_id: k.u("client"), audience: "https://fault.example/api", scope: "read", decision: "allow" };
      return Promise.resolve({ raw: { text: JSON.stringify(line), contentType: "application/x-ndjson" } });
    },
    verify: (text) => (text.includes('"accepted":1') ? null : `expected the event accepted: ${text.slice(0, 200)}`),
  },
  ingestOpaDecisions: {
    prepare: (k) => {
      const decision = { decision_id: k.u("decision"), timestamp: new Date().toISOString(), input: { client_id: k.u("client"), audience: "https://fault.example/api", action: "read" }, result: false };
      return Promise.resolve({ raw: { text: JSON.stringify([decision]), contentType: "application/json" } });
    },
    verify: (text) => (text.includes('"accepted":1') ? null : `expected the decision accepted: ${text.slice(0, 200)}`),
  },
  requestGrant: {
    prepare: async (k) => {
      const team = await k.post("/api/v1/teams", { name: k.u("API team"), kind: "application" });
      const api = await k.post<{ id: string; scopes: { id: string }[] }>("/api/v1/apis", { name: k.u("API"), audience: `https://${k.u("api")}.example.test`, trustZone: "internal", sensitivity: "low", owningTeamId: team.id, scopes: [{ name: "read", privilege: "read" }] });
      const c = await k.credential();
      return { params: { id: c.id }, body: { apiId: api.id, scopeIds: api.scopes.map((s) => s.id), justification: "reads invoices" } };
    },
  },
  approveGrant: { prepare: async (k) => ({ params: (await grantOnAnotherTeamsApi(k, false)).params, body: { justification: "needed for invoicing" }, as: "security" }) },
  rejectGrant: { prepare: async (k) => ({ params: (await grantOnAnotherTeamsApi(k, false)).params, body: { justification: "not needed" }, as: "security" }) },
  revokeGrant: { prepare: async (k) => ({ params: (await grantOnAnotherTeamsApi(k, true)).params, body: { justification: "no longer needed" }, as: "security" }) },
  reviewGrant: { prepare: async (k) => ({ params: (await grantOnAnotherTeamsApi(k, true)).params, body: { decision: "keep", justification: "still needed" }, as: "security" }) },
  recordReview: {
    prepare: async (k) => {
      const c = await k.credential();
      return { params: { id: c.id }, body: { decision: "keep", notes: "still needed" } };
    },
  },
  decommissionCredential: {
    prepare: async (k) => {
      const c = await k.credential();
      return { params: { id: c.id }, body: { reason: "no_longer_needed", disabledAtServerConfirmed: true } };
    },
  },
  createCampaign: {
    prepare: async (k) => {
      await k.credential();
      return { body: { name: k.u("Campaign"), dueAt: inDays(30), filter: {} } };
    },
  },
  closeCampaign: {
    prepare: async (k) => {
      await k.credential();
      const c = await k.post("/api/v1/campaigns", { name: k.u("Campaign"), dueAt: inDays(30), filter: {} });
      return { params: { id: c.id } };
    },
  },
  markInboxRead: { prepare: async (k) => ({ params: { id: await unreadInboxItem(k) } }) },
  markAllInboxRead: {
    prepare: async (k) => {
      await unreadInboxItem(k);
      return {};
    },
  },
  createWebhook: { prepare: (k) => Promise.resolve({ body: { name: k.u("Hook"), url: `${k.issuerUrl}/hook` } }) },
  updateWebhook: {
    prepare: async (k) => {
      const h = await k.post("/api/v1/webhooks", { name: k.u("Hook"), url: `${k.issuerUrl}/hook` });
      return { params: { id: h.id }, body: { name: k.u("Renamed hook"), isActive: false } };
    },
  },
  createCalendarFeed: { prepare: () => Promise.resolve({ body: { scope: "user" } }) },
  revokeCalendarFeed: {
    prepare: async (k) => {
      const f = await k.post("/api/v1/calendar-feeds", { scope: "user" });
      return { params: { id: f.id } };
    },
  },
  retryDelivery: {
    prepare: async (k) => {
      const c = await k.credential();
      await rotationRequest(k, c.id, c.secretId); // e-mail to the owner, which fails: no SMTP_URL
      await k.post("/api/v1/notifications/jobs/deliveries/run");
      const failed = await k.get<{ items: { id: string }[] }>("/api/v1/notifications/deliveries?status=failed");
      const first = failed.items[0];
      if (!first) throw new Error("no failed delivery to retry after running the deliveries job without SMTP_URL");
      return { params: { id: first.id } };
    },
  },
  retryFailedByCause: {
    prepare: async (k) => {
      const c = await k.credential();
      await rotationRequest(k, c.id, c.secretId); // e-mail to the owner, which fails: no SMTP_URL
      await k.post("/api/v1/notifications/jobs/deliveries/run");
      const causes = await k.get<{ items: { channel: string; cause: string }[] }>("/api/v1/notifications/failure-causes");
      const first = causes.items[0];
      if (!first) throw new Error("no failure cause to retry after running the deliveries job without SMTP_URL");
      return { body: { channel: first.channel, cause: first.cause } };
    },
  },
  runSchedulerJob: {
    prepare: () =>
      Promise.resolve({
        params: { name: "rotation-expiry" },
        // The scheduler records each run (start, finish, error) in job_runs whatever its outcome, outside
        // the job's transactions: that bookkeeping is how an operator sees a failing job.
        allowChanged: { job_runs: "the run's start/finish/error bookkeeping is written whatever the outcome" },
      }),
  },
  reassignOwnership: {
    prepare: async (k) => {
      const leaver = await k.post("/api/v1/people", { email: `${k.u("leaver")}@fault.example`, name: "Leaver" });
      const c = await k.credential(leaver.id);
      return { params: { id: leaver.id }, body: { toPersonId: k.adminPersonId, roles: ["owner"], credentialIds: [c.id] } };
    },
  },
  createException: {
    prepare: async (k) => {
      const c = await k.credential();
      return { body: { ruleId: "backup-owner-missing", credentialId: c.id, justification: "single owner by design", compensatingControl: "weekly access review", approverPersonId: k.adminPersonId, expiresAt: inDays(30) } };
    },
  },
  assignFindings: {
    prepare: async (k) => ({ body: { findingIds: [await openFinding(k)], assigneePersonId: k.adminPersonId } }),
  },
  exceptFindings: {
    prepare: async (k) => ({ body: { findingIds: [await openFinding(k)], justification: "single owner by design", compensatingControl: "weekly access review", approverPersonId: k.adminPersonId, expiresAt: inDays(30) } }),
  },
  revokeException: {
    prepare: async (k) => {
      const c = await k.credential();
      const e = await k.post("/api/v1/exceptions", { ruleId: "backup-owner-missing", credentialId: c.id, justification: "single owner by design", compensatingControl: "weekly access review", approverPersonId: k.adminPersonId, expiresAt: inDays(30) });
      return { params: { id: e.id }, body: { reason: "no longer accepted" } };
    },
  },
};

/** An open finding on a fresh credential (the kit's credential has no backup owner, so one is always open). */
async function openFinding(k: Kit): Promise<string> {
  const c = await k.credential();
  const [row] = await k.sql<{ id: string }[]>`select id from findings where credential_id = ${c.id} and status = 'open' limit 1`;
  if (!row) throw new Error("the fixture credential has no open finding");
  return row.id;
}

/** Builds the kit's HTTP helpers: each expects a 2xx and throws with the answer otherwise. */
export function httpHelpers(base: string, admin: Auth) {
  const expect2xx = async <T>(method: string, path: string, body: unknown, as: Auth): Promise<T> => {
    const a = await call(base, as, method, path, { body });
    if (a.status < 200 || a.status > 299) throw new Error(`prepare: ${method} ${path} → ${a.status}: ${a.text.slice(0, 400)}`);
    return a.body as T;
  };
  return {
    post: <T = { id: string }>(path: string, body?: unknown, as: Auth = admin) => expect2xx<T>("POST", path, body, as),
    patch: <T = { id: string }>(path: string, body: unknown, as: Auth = admin) => expect2xx<T>("PATCH", path, body, as),
    get: <T>(path: string, as: Auth = admin) => expect2xx<T>("GET", path, undefined, as),
  };
}
