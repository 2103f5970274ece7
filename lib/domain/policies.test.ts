import { describe, expect, it } from "vitest";
import {
  defaultPolicies,
  highestSensitivity,
  matchPolicy,
  policySpecificity,
  weakerAspects,
  withCadenceOverride,
  type PolicyMatch,
  type PolicySubject,
  type RotationPolicy,
} from "./policies";

const anyMatch: PolicyMatch = { environment: null, sensitivity: null, kind: null, thirdParty: null };

function policy(id: string, match: Partial<PolicyMatch>, extra: Partial<RotationPolicy> = {}): RotationPolicy {
  return {
    id,
    name: id,
    priority: 0,
    match: { ...anyMatch, ...match },
    maxSecretAgeDays: 100,
    reviewCadenceDays: 100,
    maxAccessTokenTtlSeconds: 3600,
    approvalsRequired: 1,
    securityApprovalRequired: false,
    reminderOffsetsDays: [30, 7, 1],
    ...extra,
  };
}

const subject: PolicySubject = {
  environment: "production",
  kind: "oauth_client",
  thirdParty: false,
  highestSensitivity: "high",
};

describe("[POLICIES] matching one condition at a time", () => {
  it.each<[string, Partial<PolicyMatch>, Partial<PolicySubject>, boolean]>([
    ["all-any matches everything", {}, {}, true],
    ["environment in list", { environment: ["production"] }, {}, true],
    ["environment in a longer list", { environment: ["staging", "production"] }, {}, true],
    ["environment not in list", { environment: ["staging", "development", "test"] }, {}, false],
    ["empty environment list matches nothing", { environment: [] }, {}, false],
    ["sensitivity in list", { sensitivity: ["high", "critical"] }, {}, true],
    ["sensitivity not in list", { sensitivity: ["high", "critical"] }, { highestSensitivity: "moderate" }, false],
    ["no grants does not satisfy a sensitivity list", { sensitivity: ["low"] }, { highestSensitivity: null }, false],
    ["no grants matches sensitivity any", { sensitivity: null }, { highestSensitivity: null }, true],
    ["kind equal", { kind: "oauth_client" }, {}, true],
    ["kind different", { kind: "api_key" }, {}, false],
    ["third-party required, subject third-party", { thirdParty: true }, { thirdParty: true }, true],
    ["third-party required, subject first-party", { thirdParty: true }, { thirdParty: false }, false],
    ["first-party required, subject third-party", { thirdParty: false }, { thirdParty: true }, false],
    ["third-party any, subject third-party", { thirdParty: null }, { thirdParty: true }, true],
  ])("%s", (_label, match, subjectPatch, matches) => {
    const only = policy("p", match);
    expect(matchPolicy([only], { ...subject, ...subjectPatch })).toBe(matches ? only : undefined);
  });
});

describe("[POLICIES] precedence", () => {
  it("counts non-null match fields as specificity", () => {
    expect(policySpecificity(policy("a", {}))).toBe(0);
    expect(policySpecificity(policy("b", { environment: [], thirdParty: false }))).toBe(2);
    expect(
      policySpecificity(policy("c", { environment: ["test"], sensitivity: ["low"], kind: "api_key", thirdParty: true })),
    ).toBe(4);
  });

  it("a more specific policy beats a higher priority", () => {
    const broad = policy("broad", { environment: ["production"] }, { priority: 1000 });
    const narrow = policy("narrow", { environment: ["production"], kind: "oauth_client" }, { priority: -5 });
    expect(matchPolicy([broad, narrow], subject)).toBe(narrow);
    expect(matchPolicy([narrow, broad], subject)).toBe(narrow);
  });

  it("priority breaks ties between equally specific policies", () => {
    const low = policy("a-low", { kind: "oauth_client" }, { priority: 1 });
    const high = policy("z-high", { thirdParty: false }, { priority: 2 });
    expect(matchPolicy([low, high], subject)).toBe(high);
    expect(matchPolicy([high, low], subject)).toBe(high);
  });

  it("name, then id, break a full tie regardless of input order", () => {
    const alpha = policy("id-2", { kind: "oauth_client" }, { name: "Alpha" });
    const beta = policy("id-1", { kind: "oauth_client" }, { name: "Beta" });
    expect(matchPolicy([alpha, beta], subject)).toBe(alpha);
    expect(matchPolicy([beta, alpha], subject)).toBe(alpha);
    const sameNameA = policy("id-a", {}, { name: "Same" });
    const sameNameB = policy("id-b", {}, { name: "Same" });
    expect(matchPolicy([sameNameB, sameNameA], subject)).toBe(sameNameA);
  });

  it("a specific policy that does not match never wins over a broad one that does", () => {
    const broad = policy("broad", {});
    const wrongKind = policy("wrong-kind", { environment: ["production"], kind: "certificate" }, { priority: 99 });
    expect(matchPolicy([wrongKind, broad], subject)).toBe(broad);
  });

  it("an explicit override wins even when it does not match and is less specific", () => {
    const specific = policy("specific", { environment: ["production"], kind: "oauth_client" });
    const override = policy("override", { environment: ["test"] });
    expect(matchPolicy([specific, override], subject, "override")).toBe(override);
  });

  it("a dangling or empty override falls back to matching", () => {
    const specific = policy("specific", { environment: ["production"] });
    expect(matchPolicy([specific], subject, "deleted-policy")).toBe(specific);
    expect(matchPolicy([specific], subject, null)).toBe(specific);
    expect(matchPolicy([specific], subject, undefined)).toBe(specific);
  });

  it("returns undefined when nothing matches", () => {
    expect(matchPolicy([], subject)).toBeUndefined();
    expect(matchPolicy([policy("staging", { environment: ["staging"] })], subject)).toBeUndefined();
    expect(matchPolicy([policy("x", { thirdParty: true })], subject, "missing")).toBeUndefined();
  });
});

describe("[POLICIES] highest sensitivity", () => {
  it.each<[Parameters<typeof highestSensitivity>[0], ReturnType<typeof highestSensitivity>]>([
    [[], null],
    [["low"], "low"],
    [["low", "critical", "moderate"], "critical"],
    [["high", "moderate"], "high"],
    [["moderate", "moderate", "low"], "moderate"],
  ])("%j → %s", (levels, expected) => {
    expect(highestSensitivity(levels)).toBe(expected);
  });
});

describe("[POLICIES] shipped defaults", () => {
  const byId = (id: string) => defaultPolicies.find((p) => p.id === id);

  it("have stable, unique ids and names and the 30/7/1 reminders", () => {
    expect(defaultPolicies.map((p) => p.id)).toEqual([
      "default-production-sensitive",
      "default-production",
      "default-non-production",
    ]);
    expect(new Set(defaultPolicies.map((p) => p.name)).size).toBe(3);
    for (const p of defaultPolicies) expect(p.reminderOffsetsDays).toEqual([30, 7, 1]);
  });

  it("production + sensitive API is more specific than plain production", () => {
    const sensitive = byId("default-production-sensitive");
    const production = byId("default-production");
    expect(sensitive && production && policySpecificity(sensitive) > policySpecificity(production)).toBe(true);
  });

  it.each<[string, PolicySubject, string, Partial<RotationPolicy>]>([
    [
      "production, critical API",
      { environment: "production", kind: "oauth_client", thirdParty: false, highestSensitivity: "critical" },
      "default-production-sensitive",
      {
        maxSecretAgeDays: 90,
        reviewCadenceDays: 90,
        maxAccessTokenTtlSeconds: 900,
        approvalsRequired: 2,
        securityApprovalRequired: true,
      },
    ],
    [
      "production, high API, third-party API key",
      { environment: "production", kind: "api_key", thirdParty: true, highestSensitivity: "high" },
      "default-production-sensitive",
      { maxSecretAgeDays: 90 },
    ],
    [
      "production, low API",
      { environment: "production", kind: "oauth_client", thirdParty: false, highestSensitivity: "low" },
      "default-production",
      {
        maxSecretAgeDays: 180,
        reviewCadenceDays: 180,
        maxAccessTokenTtlSeconds: 3600,
        approvalsRequired: 1,
        securityApprovalRequired: false,
      },
    ],
    [
      "production, moderate API",
      { environment: "production", kind: "certificate", thirdParty: false, highestSensitivity: "moderate" },
      "default-production",
      { maxSecretAgeDays: 180 },
    ],
    [
      "production, no grants",
      { environment: "production", kind: "oauth_client", thirdParty: false, highestSensitivity: null },
      "default-production",
      { maxSecretAgeDays: 180 },
    ],
    [
      "staging, critical API",
      { environment: "staging", kind: "oauth_client", thirdParty: false, highestSensitivity: "critical" },
      "default-non-production",
      {
        maxSecretAgeDays: 365,
        reviewCadenceDays: 365,
        maxAccessTokenTtlSeconds: 3600,
        approvalsRequired: 1,
        securityApprovalRequired: false,
      },
    ],
    [
      "development",
      { environment: "development", kind: "personal_access_token", thirdParty: true, highestSensitivity: "low" },
      "default-non-production",
      { maxSecretAgeDays: 365 },
    ],
    [
      "test",
      { environment: "test", kind: "service_account_key", thirdParty: false, highestSensitivity: null },
      "default-non-production",
      { maxSecretAgeDays: 365 },
    ],
  ])("%s → %s", (_label, credential, expectedId, expectedFields) => {
    const matched = matchPolicy(defaultPolicies, credential);
    expect(matched?.id).toBe(expectedId);
    expect(matched).toMatchObject(expectedFields);
  });

  it("an admin policy for third-party production credentials outranks plain production; an equal tie is settled by name", () => {
    const thirdParty = policy("third-party-prod", { environment: ["production"], thirdParty: true });
    const policies = [...defaultPolicies, thirdParty];
    const base: PolicySubject = { environment: "production", kind: "api_key", thirdParty: true, highestSensitivity: "low" };
    expect(matchPolicy(policies, base)?.id).toBe("third-party-prod");
    expect(matchPolicy(policies, { ...base, thirdParty: false })?.id).toBe("default-production");
    // Equal specificity (2) and equal priority: decided by name, deterministically.
    expect(matchPolicy(policies, { ...base, highestSensitivity: "critical" })?.id).toBe("default-production-sensitive");
  });
});

describe("[POLICIES] at least as strict (issue 12)", () => {
  const base = { maxSecretAgeDays: 90, reviewCadenceDays: 90, maxAccessTokenTtlSeconds: 900, approvalsRequired: 2 as const, securityApprovalRequired: true };
  it.each([
    ["the same policy", {}, []],
    ["shorter everything", { maxSecretAgeDays: 30, reviewCadenceDays: 30, maxAccessTokenTtlSeconds: 300 }, []],
    ["secret age one day longer", { maxSecretAgeDays: 91 }, ["maxSecretAgeDays"]],
    ["review cadence one day longer", { reviewCadenceDays: 91 }, ["reviewCadenceDays"]],
    ["access tokens one second longer", { maxAccessTokenTtlSeconds: 901 }, ["maxAccessTokenTtlSeconds"]],
    ["one approval instead of two", { approvalsRequired: 1 as const }, ["approvalsRequired"]],
    ["no security approval", { securityApprovalRequired: false }, ["securityApprovalRequired"]],
    ["the non-production default", { maxSecretAgeDays: 365, reviewCadenceDays: 365, maxAccessTokenTtlSeconds: 3600, approvalsRequired: 1 as const, securityApprovalRequired: false }, ["maxSecretAgeDays", "reviewCadenceDays", "maxAccessTokenTtlSeconds", "approvalsRequired", "securityApprovalRequired"]],
  ] as const)("%s", (_label, patch, weaker) => {
    expect(weakerAspects({ ...base, ...patch }, base)).toEqual(weaker);
  });

  it("more approvals or an added security approval is stricter, never weaker", () => {
    expect(weakerAspects({ ...base, approvalsRequired: 2, securityApprovalRequired: true }, { ...base, approvalsRequired: 1, securityApprovalRequired: false })).toEqual([]);
  });

  it("a credential's cadence override replaces the policy's cadence", () => {
    expect(withCadenceOverride(base, null)).toEqual(base);
    expect(withCadenceOverride(base, 30).reviewCadenceDays).toBe(30);
    expect(weakerAspects(withCadenceOverride(base, 120), base)).toEqual(["reviewCadenceDays"]);
  });
});
