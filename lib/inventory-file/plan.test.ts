import { describe, expect, it } from "vitest";
import type { CredentialFull } from "./full";
import { emptyWorld, planImport, type World } from "./plan";
import { readInventoryFile } from "./read";

const KEY_ID = "0123456789abcdef";

function plan(body: string, world: World = emptyWorld()) {
  const read = readInventoryFile(`{\n"format": "steward-inventory/v1",\n${body}\n}`, "json", { fingerprintKeyId: KEY_ID });
  expect(read.fileErrors).toEqual([]);
  return planImport(read.entries, world);
}

const storedCredential = (over: Partial<CredentialFull> = {}): CredentialFull => ({
  key: "c1",
  kind: "oauth_client",
  name: "C1",
  description: null,
  environment: "production",
  status: "active",
  clientId: null,
  authorizationServer: null,
  tokenEndpoint: null,
  grantTypes: ["client_credentials"],
  clientAuthMethod: null,
  accessTokenTtlSeconds: null,
  refreshTokenTtlSeconds: null,
  applications: [],
  owner: null,
  backupOwner: null,
  owningTeam: null,
  identityGovernanceTeam: null,
  platformTeam: null,
  rotationOwner: null,
  revocationOwner: null,
  breakGlassProcedure: null,
  sdkName: null,
  sdkVersion: null,
  sdkOwner: null,
  tokenCache: "unknown",
  tokenPersistence: null,
  logsRedactTokens: "unknown",
  reviewCadenceDays: null,
  lastReviewedAt: null,
  rotationPolicy: null,
  grants: [],
  secrets: [],
  ...over,
});

describe("[INVFILE] import plan (dry run)", () => {
  it("resolves references to records in the file and flags dangling ones by field and line", () => {
    const p = plan(`"people": [ { "email": "ann@x.test", "name": "Ann" } ],
"teams": [ { "key": "crm", "name": "CRM", "kind": "application", "members": ["ann@x.test", "bob@x.test"] } ],
"apis": [ { "key": "crm-api", "name": "CRM API", "audience": "https://crm", "trustZone": "internal", "sensitivity": "high",
  "scopes": [ { "name": "read", "privilege": "read" } ] } ],
"credentials": [ {
  "key": "c1", "name": "C1", "environment": "production",
  "owner": "ann@x.test",
  "backupOwner": "nobody@x.test",
  "owningTeam": "ghosts",
  "applications": ["missing-app"],
  "rotationPolicy": "no-such-policy",
  "grants": [ { "api": "crm-api", "scopes": ["read", "write"] }, { "api": "nope-api", "scopes": [] } ]
} ]`);
    const byKey = new Map(p.records.map((r) => [r.key, r]));
    expect(byKey.get("ann@x.test")?.action).toBe("create");
    expect(byKey.get("crm")?.issues.map((i) => [i.field, i.line, i.message])).toEqual([["members[1]", 4, 'refers to an unknown person "bob@x.test"']]);
    expect(byKey.get("crm-api")?.action).toBe("create");
    expect(byKey.get("c1")?.issues.map((i) => [i.field, i.line])).toEqual([
      ["backupOwner", 10],
      ["owningTeam", 11],
      ["rotationPolicy", 13],
      ["applications[0]", 12],
      ["grants[0].scopes[1]", 14],
      ["grants[1].api", 14],
    ]);
    expect(byKey.get("c1")?.issues.find((i) => i.field === "grants[0].scopes[1]")?.message).toBe('"write" is not a scope of API "crm-api"');
    expect(p.summary.team).toEqual({ create: 0, update: 0, unchanged: 0, invalid: 1 });
  });

  it("refuses one person as owner and backup owner, in the record or with the stored other side", () => {
    const world = emptyWorld();
    world.credentials.set("c1", storedCredential({ owner: "ann@x.test", backupOwner: "bob@x.test" }));
    const p = plan(`"people": [ { "email": "ann@x.test", "name": "Ann" }, { "email": "bob@x.test", "name": "Bob" } ],
"credentials": [
  { "key": "c1", "backupOwner": "ann@x.test" },
  { "key": "c2", "name": "C2", "environment": "test", "owner": "bob@x.test", "backupOwner": "bob@x.test" },
  { "key": "c3", "name": "C3", "environment": "test", "owner": "bob@x.test", "backupOwner": "ann@x.test" }
]`, world);
    const byKey = new Map(p.records.map((r) => [r.key, r]));
    expect(byKey.get("c1")?.issues.map((i) => [i.field, i.line, i.message])).toEqual([["backupOwner", 5, expect.stringMatching(/different person from the owner/)]]);
    expect(byKey.get("c2")?.issues.map((i) => i.field)).toEqual(["backupOwner"]);
    expect(byKey.get("c3")?.action).toBe("create");
  });

  it("a reference to a record that is invalid in the file names that record's line", () => {
    const p = plan(`"teams": [ { "key": "crm", "name": "CRM", "kind": "bogus" } ],
"applications": [ { "key": "app", "name": "App", "environment": "production", "trustZone": "z", "owningTeam": "crm" } ]`);
    expect(p.records.map((r) => [r.key, r.action])).toEqual([
      ["crm", "invalid"],
      ["app", "invalid"],
    ]);
    expect(p.records[1]?.issues[0]?.message).toBe('refers to team "crm", which is invalid in this file (line 3)');
  });

  it("repeated keys: the first wins, later ones are invalid", () => {
    const p = plan(`"people": [ { "email": "a@x.test", "name": "A" }, { "email": "A@X.test", "name": "A2" } ]`);
    expect(p.records.map((r) => r.action)).toEqual(["create", "invalid"]);
    expect(p.records[1]?.issues[0]?.message).toMatch(/repeats the email "a@x.test" of the record at line 3/);
  });

  it("requires the fields a new record needs, but not for updates", () => {
    const world = emptyWorld();
    world.credentials.set("c1", storedCredential());
    const p = plan(`"credentials": [ { "key": "c1", "description": "now described" }, { "key": "c2" } ]`, world);
    expect(p.records.map((r) => [r.key, r.action, r.fields])).toEqual([
      ["c1", "update", ["description"]],
      ["c2", "invalid", []],
    ]);
    expect(p.records[1]?.issues.map((i) => i.field)).toEqual(["name", "environment"]);
  });

  it("finds nothing to change when the file says what is stored (lists compare as sets)", () => {
    const world = emptyWorld();
    world.apis.set("crm-api", { key: "crm-api", name: "CRM", audience: "https://crm", trustZone: "z", sensitivity: "high", owningTeam: null, scopes: [{ name: "a", description: null, privilege: "read" }, { name: "b", description: "B", privilege: "write" }] });
    world.credentials.set(
      "c1",
      storedCredential({
        grantTypes: ["client_credentials", "refresh_token"],
        grants: [{ api: "crm-api", scopes: ["a", "b"], justification: "why", grantedSince: "2025-01-01T00:00:00.000Z" }],
        secrets: [{ kind: "client_secret", issuedAt: "2025-01-01T00:00:00.000Z", storage: "vault", storageRef: "vault://x", expiresAt: null, lastRotatedAt: null, status: "active", fingerprint: null, leakedAt: null, leakSource: null, remediatedAt: null }],
      }),
    );
    const p = plan(
      `"credentials": [ { "key": "c1", "name": "C1", "grantTypes": ["refresh_token", "client_credentials"],
  "grants": [ { "api": "crm-api", "scopes": ["b", "a"] } ],
  "secrets": [ { "kind": "client_secret", "issuedAt": "2025-01-01", "storageRef": "vault://x" } ] } ]`,
      world,
    );
    expect(p.records.map((r) => r.action)).toEqual(["unchanged"]);
  });

  it("refuses a name, issuer, audience or client id another record holds", () => {
    const world = emptyWorld();
    world.teamKeyByName.set("Payments", "payments");
    world.credentialKeyByClient.set("idp\nclient-1", "other");
    world.servers.set("idp", { key: "idp", name: "IdP", issuerUrl: "https://idp", tokenEndpoint: null, jwksUri: null, discoveryUrl: null, trustDomain: null, vendor: null, supportedAuthMethods: [], supportedGrantTypes: [] });
    const p = plan(
      `"teams": [ { "key": "pay", "name": "Payments", "kind": "application" } ],
"apis": [ { "key": "a1", "name": "A1", "audience": "https://same", "trustZone": "z", "sensitivity": "low" },
          { "key": "a2", "name": "A2", "audience": "https://same", "trustZone": "z", "sensitivity": "low" } ],
"credentials": [ { "key": "c9", "name": "C9", "environment": "test", "authorizationServer": "idp", "clientId": "client-1" } ]`,
      world,
    );
    expect(p.records.map((r) => [r.key, r.action, r.issues.map((i) => `${i.field}: ${i.message}`)])).toEqual([
      ["pay", "invalid", ['name: is already the name of team "payments"']],
      ["a1", "create", []],
      ["a2", "invalid", ['audience: is also the audience of API "a1" (line 4)']],
      ["c9", "invalid", ['clientId: is already the client id on its authorization server of credential "other"']],
    ]);
  });

  it("refuses dropping a scope that a credential outside the file still holds", () => {
    const world = emptyWorld();
    world.apis.set("crm-api", { key: "crm-api", name: "CRM", audience: "https://crm", trustZone: "z", sensitivity: "high", owningTeam: null, scopes: [{ name: "a", description: null, privilege: "read" }, { name: "b", description: null, privilege: "admin" }] });
    world.scopeGrants.set("crm-api", new Map([["b", ["holder"]]]));
    const p = plan(`"apis": [ { "key": "crm-api", "scopes": [ { "name": "a", "privilege": "read" } ] } ]`, world);
    expect(p.records[0]?.issues.map((i) => [i.field, i.message])).toEqual([["scopes", expect.stringMatching(/leaves out "b", which is still granted to credential "holder"/) as unknown]]);
  });

  it("keeps a decommissioned credential read-only, even against reactivation", () => {
    const world = emptyWorld();
    world.credentials.set("c1", storedCredential({ status: "decommissioned" }));
    expect(plan(`"credentials": [ { "key": "c1", "name": "Renamed" } ]`, world).records[0]?.action).toBe("invalid");
    expect(plan(`"credentials": [ { "key": "c1", "name": "C1" } ]`, world).records[0]?.action).toBe("unchanged");
    const reactivated = plan(`"credentials": [ { "key": "c1", "name": "Renamed", "status": "active" } ]`, world).records[0];
    expect(reactivated?.action).toBe("invalid");
    expect(reactivated?.issues.map((i) => i.field)).toEqual(["status"]);
  });

  it("refuses to decommission an existing credential through a file: that is its own lifecycle step", () => {
    const world = emptyWorld();
    world.credentials.set("c1", storedCredential({ status: "active" }));
    const r = plan(`"credentials": [ { "key": "c1", "name": "C1", "status": "decommissioned" } ]`, world).records[0];
    expect(r?.action).toBe("invalid");
    expect(r?.issues.map((i) => [i.field, i.message])).toEqual([["status", expect.stringMatching(/Lifecycle → Decommission/) as unknown]]);
  });
});
