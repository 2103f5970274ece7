import { describe, expect, it } from "vitest";
import { KEY_PATTERN } from "@/lib/domain/keys";
import { computeDueState } from "@/lib/domain/due-dates";
import { defaultPolicies, highestSensitivity, matchPolicy } from "@/lib/domain/policies";
import { credentialFactProblems, secretDateProblems } from "@/lib/domain/record-facts";
import { demoCounts, generateDemoOrganisation, ONESPAN_CREDENTIAL_NAME, type DemoFlaw } from "./generate";
import { demoFlaws } from "./types";

const now = new Date("2025-06-11T12:00:00Z");
const org = generateDemoOrganisation(now);

describe("[DEMO] organisation counts (issue 7)", () => {
  it("is big enough to exercise every screen", () => {
    const counts = demoCounts(org);
    expect(counts.teams).toBeGreaterThanOrEqual(10);
    expect(counts.people).toBeGreaterThanOrEqual(40);
    expect(counts.inactivePeople).toBeGreaterThan(0);
    expect(counts.authorizationServers).toBeGreaterThanOrEqual(3);
    expect(counts.apis).toBeGreaterThanOrEqual(15);
    expect(org.apis.every((a) => a.scopes.length > 0)).toBe(true);
    expect(counts.applications).toBeGreaterThanOrEqual(30);
    expect(org.applications.some((a) => a.thirdParty)).toBe(true);
    expect(org.applications.some((a) => a.status === "retired")).toBe(true);
    expect(counts.credentials).toBeGreaterThanOrEqual(300);
  });

  it("uses the vendors people run", () => {
    const vendors = org.servers.map((s) => s.vendor).join(" ");
    for (const v of ["Okta", "Entra ID", "Keycloak", "Auth0", "OneSpan"]) expect(vendors).toContain(v);
    const apiNames = org.apis.map((a) => a.name).join(" ");
    for (const n of ["Payments", "CRM", "HR", "Sign"]) expect(apiNames).toContain(n);
  });

  it("is deterministic for a seed and differs across seeds", () => {
    expect(generateDemoOrganisation(now)).toEqual(org);
    const other = generateDemoOrganisation(now, { seed: 7 });
    expect(other.people.map((p) => p.email)).not.toEqual(org.people.map((p) => p.email));
  });

  it("dates everything relative to now", () => {
    const later = generateDemoOrganisation(new Date(now.getTime() + 86_400_000 * 100));
    const a = org.credentials[5];
    const b = later.credentials[5];
    expect(b?.createdAt.getTime()).toBe((a?.createdAt.getTime() ?? 0) + 86_400_000 * 100);
    for (const c of org.credentials) {
      expect(c.createdAt.getTime()).toBeLessThanOrEqual(now.getTime());
      for (const s of c.secrets) {
        expect(s.issuedAt.getTime()).toBeLessThanOrEqual(now.getTime());
        expect(s.issuedAt.getTime()).toBeGreaterThanOrEqual(c.createdAt.getTime());
      }
    }
  });
});

describe("[DEMO] integrity", () => {
  const keys = (items: { key: string }[]) => items.map((i) => i.key);
  it("has unique, valid natural keys and resolvable references", () => {
    for (const list of [org.teams, org.servers, org.apis, org.applications, org.credentials]) {
      expect(new Set(keys(list)).size).toBe(list.length);
      for (const k of keys(list)) expect(k).toMatch(KEY_PATTERN);
    }
    const emails = new Set(org.people.map((p) => p.email));
    expect(emails.size).toBe(org.people.length);
    const teams = new Set(keys(org.teams));
    const apps = new Set(keys(org.applications));
    const servers = new Set(keys(org.servers));
    const scopesByApi = new Map(org.apis.map((a) => [a.key, new Set(a.scopes.map((s) => s.name))]));
    for (const t of org.teams) for (const m of t.memberEmails) expect(emails.has(m)).toBe(true);
    for (const c of org.credentials) {
      for (const e of [c.ownerEmail, c.backupOwnerEmail, c.rotationOwnerEmail, c.revocationOwnerEmail, c.sdkOwnerEmail]) if (e) expect(emails.has(e)).toBe(true);
      for (const t of [c.owningTeamKey, c.identityGovernanceTeamKey, c.platformTeamKey]) if (t) expect(teams.has(t)).toBe(true);
      if (c.serverKey) expect(servers.has(c.serverKey)).toBe(true);
      for (const a of c.applicationKeys) expect(apps.has(a)).toBe(true);
      expect(new Set(c.grants.map((g) => g.apiKey)).size).toBe(c.grants.length);
      for (const g of c.grants) for (const s of g.scopes) expect(scopesByApi.get(g.apiKey)?.has(s)).toBe(true);
    }
  });

  it("keeps client ids unique per authorization server", () => {
    const pairs = org.credentials.filter((c) => c.serverKey && c.clientId).map((c) => `${c.serverKey}|${c.clientId}`);
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  it("never carries a secret value, only fingerprint groups", () => {
    for (const c of org.credentials) for (const s of c.secrets) expect(Object.keys(s)).not.toContain("value");
  });
});

describe("[DEMO] the flaw mix", () => {
  const withFlaw = (f: DemoFlaw) => org.credentials.filter((c) => c.flaws.includes(f));

  it("stages every flaw, and leaves plenty of healthy records", () => {
    for (const f of demoFlaws) expect(withFlaw(f).length, f).toBeGreaterThan(0);
    const healthy = org.credentials.filter((c) => c.flaws.length === 0 && c.status === "active").length;
    expect(healthy / org.credentials.length).toBeGreaterThan(0.3);
    expect(healthy / org.credentials.length).toBeLessThan(0.7);
  });

  it("stages the issue's named flaws with the data that makes them true", () => {
    expect(withFlaw("owner-missing").every((c) => c.ownerEmail === null)).toBe(true);
    const inactive = new Set(org.people.filter((p) => !p.isActive).map((p) => p.email));
    expect(withFlaw("owner-inactive").every((c) => c.ownerEmail !== null && inactive.has(c.ownerEmail))).toBe(true);
    const adminScopes = new Set(org.apis.flatMap((a) => a.scopes.filter((s) => s.privilege === "admin" || s.name === "all").map((s) => `${a.key}|${s.name}`)));
    expect(withFlaw("scope-admin").every((c) => c.grants.some((g) => g.scopes.some((s) => adminScopes.has(`${g.apiKey}|${s}`))))).toBe(true);
    const unmanaged = new Set(["ci_variable", "env_file", "config_file", "source_code", "unknown"]);
    expect(withFlaw("secret-unmanaged").every((c) => c.secrets.some((s) => unmanaged.has(s.storage)))).toBe(true);
    expect(org.credentials.some((c) => c.secrets.some((s) => s.storage === "env_file"))).toBe(true);
    expect(withFlaw("shared-client").every((c) => c.applicationKeys.length > 1)).toBe(true);
    expect(withFlaw("secret-leaked").every((c) => c.secrets.some((s) => s.status === "leaked" && s.remediatedAt === null))).toBe(true);
    const zoneOf = new Map(org.apis.map((a) => [a.key, a.trustZone]));
    const appZone = new Map(org.applications.map((a) => [a.key, a.trustZone]));
    for (const c of withFlaw("cross-trust-zone")) {
      const zones = new Set([...c.grants.map((g) => zoneOf.get(g.apiKey)), ...c.applicationKeys.map((a) => appZone.get(a))]);
      expect(zones.size).toBeGreaterThan(1);
    }
  });

  it("makes reused secrets share a fingerprint group across two credentials", () => {
    const reused = withFlaw("secret-reused");
    expect(reused.length).toBeGreaterThanOrEqual(4);
    const groups = new Map<string, number>();
    for (const c of org.credentials) {
      for (const g of new Set(c.secrets.map((s) => s.fingerprintGroup).filter((x): x is string => x !== null))) groups.set(g, (groups.get(g) ?? 0) + 1);
    }
    for (const c of reused) {
      expect(c.secrets.some((s) => s.fingerprintGroup !== null && (groups.get(s.fingerprintGroup) ?? 0) === 2)).toBe(true);
    }
  });

  it("makes overdue rotations overdue under the shipped policies, and healthy ones not", () => {
    const sensitivity = new Map(org.apis.map((a) => [a.key, a.sensitivity]));
    const thirdParty = new Set(org.applications.filter((a) => a.thirdParty).map((a) => a.key));
    const policies = defaultPolicies.map((p) => ({ ...p }));
    for (const c of org.credentials.filter((x) => x.status === "active")) {
      const policy = matchPolicy(policies, {
        environment: c.environment,
        kind: c.kind,
        thirdParty: c.applicationKeys.some((a) => thirdParty.has(a)),
        highestSensitivity: highestSensitivity(c.grants.flatMap((g) => sensitivity.get(g.apiKey) ?? [])),
      });
      if (!policy) throw new Error("no policy");
      const state = computeDueState({ secrets: c.secrets, lastReviewedAt: c.lastReviewedAt, createdAt: c.createdAt, reviewCadenceOverrideDays: c.reviewCadenceDays }, policy, now);
      expect(state.rotationBucket === "overdue", `${c.key} rotation`).toBe(c.flaws.includes("rotation-overdue"));
      expect(state.reviewBucket === "overdue", `${c.key} review`).toBe(c.flaws.includes("review-overdue"));
    }
  });
});

describe("[DEMO] the OneSpan Sign record (DESIGN §10)", () => {
  const onespan = org.credentials.filter((c) => c.name === ONESPAN_CREDENTIAL_NAME);

  it("exists once, exactly as specified", () => {
    expect(onespan).toHaveLength(1);
    const c = onespan[0];
    expect(c).toMatchObject({
      name: "OneSpan Sign — CRM signing integration",
      kind: "oauth_client",
      environment: "production",
      status: "active",
      grantTypes: ["client_credentials"],
      clientAuthMethod: "client_secret_basic",
      accessTokenTtlSeconds: 299,
      tokenCache: "in_memory",
      serverKey: "onespan-sign",
      owningTeamKey: "customer-platform",
      identityGovernanceTeamKey: "identity-governance",
      platformTeamKey: "platform-engineering",
    });
    expect(c?.sdkName).toMatch(/OneSpan Sign/);
    expect(c?.ownerEmail).not.toBeNull();
    expect(c?.backupOwnerEmail).not.toBeNull();
    expect(c?.grants.map((g) => g.apiKey)).toEqual(["signing-api"]);
    expect(c?.secrets.filter((s) => s.status === "active").map((s) => [s.kind, s.storage])).toEqual([["client_secret", "vault"]]);
    const server = org.servers.find((s) => s.key === "onespan-sign");
    expect(server?.vendor).toBe("OneSpan");
  });

  it("is kept when fewer credentials are asked for", () => {
    const small = generateDemoOrganisation(now, { credentials: 5 });
    expect(small.credentials).toHaveLength(5);
    expect(small.credentials[0]?.name).toBe(ONESPAN_CREDENTIAL_NAME);
  });
});

describe("[DEMO] only possible facts (issue 12)", () => {
  it("no demo credential or secret carries what the inputs refuse", () => {
    const problems = org.credentials.flatMap((c) => [
      ...Object.entries(credentialFactProblems(c, now)).map(([f, m]) => `${c.name} ${f}: ${m}`),
      ...c.secrets.flatMap((s) => Object.entries(secretDateProblems(s, now)).map(([f, m]) => `${c.name} secret ${f}: ${m}`)),
    ]);
    expect(problems).toEqual([]);
  });
});
