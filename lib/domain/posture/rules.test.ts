import { describe, expect, it } from "vitest";
import { application, DAY, grant, noUsage, NOW, person, postureInput, secret, usageEntry } from "./fixtures";
import { evaluatePosture, postureRules, ruleById } from "./rules";
import { ruleIds, type PostureInput, type RuleId } from "./types";

type Case = [label: string, input: PostureInput];
const lenientPolicy = { id: "pol-lenient", name: "Non-production", maxAccessTokenTtlSeconds: 3600, maxSecretAgeDays: 365, reviewCadenceDays: 365, approvalsRequired: 1 as const, securityApprovalRequired: false };
const strictPolicy = { id: "pol-strict", name: "Crown jewels", maxAccessTokenTtlSeconds: 300, maxSecretAgeDays: 30, reviewCadenceDays: 30, approvalsRequired: 2 as const, securityApprovalRequired: true };
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);

/** For each rule: inputs where it fires (with the expected severity) and boundary inputs where it does not. */
const cases: Record<RuleId, { fires: [label: string, input: PostureInput, severity: string][]; passes: Case[]; notApplicable?: Case[] }> = {
  "owner-missing": {
    fires: [
      ["no owner", postureInput({ owner: null }), "high"],
      ["owner left", postureInput({ owner: person("Ann", { isActive: false }) }), "high"],
      ["backup owner left", postureInput({ backupOwner: person("Bo", { isActive: false }) }), "high"],
      ["SDK owner left (DESIGN §4.4)", postureInput({ sdkOwner: person("Sid", { isActive: false }) }), "high"],
    ],
    passes: [
      ["active owner, no backup owner", postureInput({ backupOwner: null })],
      ["an inactive person who holds only the rotation role", postureInput({ rotationOwner: person("Ro", { isActive: false }) })],
    ],
  },
  "backup-owner-missing": {
    fires: [["production without backup owner", postureInput({ backupOwner: null }), "medium"]],
    passes: [["production with backup owner", postureInput()]],
    notApplicable: [["staging without backup owner", postureInput({ backupOwner: null, credential: { environment: "staging" } })]],
  },
  "go-live-readiness": {
    fires: [
      ["no rotation owner", postureInput({ rotationOwner: null }), "medium"],
      ["no revocation owner", postureInput({ revocationOwner: null }), "medium"],
      ["blank break-glass procedure", postureInput({ credential: { breakGlassProcedure: "   " } }), "medium"],
    ],
    passes: [["all three present", postureInput()]],
    notApplicable: [["development", postureInput({ rotationOwner: null, credential: { environment: "development" } })]],
  },
  "rotation-overdue": {
    fires: [
      ["1 ms late", postureInput({ credential: { rotationDueAt: at(-1) } }), "high"],
      ["exactly 30 days late is still high", postureInput({ credential: { rotationDueAt: at(-30 * DAY) } }), "high"],
      ["30 days and 1 ms late is critical", postureInput({ credential: { rotationDueAt: at(-30 * DAY - 1) } }), "critical"],
    ],
    passes: [["due exactly now", postureInput({ credential: { rotationDueAt: NOW } })]],
    notApplicable: [["no rotation due date", postureInput({ credential: { rotationDueAt: null } })]],
  },
  "secret-no-expiry": {
    fires: [["active secret without expiry", postureInput({ secrets: [secret({ expiresAt: null })] }), "medium"]],
    passes: [["superseded secret without expiry does not count", postureInput({ secrets: [secret(), secret({ id: "s-old", status: "superseded", expiresAt: null })] })]],
    notApplicable: [["no active secret", postureInput({ secrets: [secret({ status: "revoked", expiresAt: null })] })]],
  },
  "review-overdue": {
    fires: [["1 ms late", postureInput({ credential: { reviewDueAt: at(-1) } }), "medium"]],
    passes: [["due exactly now", postureInput({ credential: { reviewDueAt: NOW } })]],
    notApplicable: [["no review due date", postureInput({ credential: { reviewDueAt: null } })]],
  },
  "token-ttl-excessive": {
    fires: [["901 s over a 900 s maximum", postureInput({ credential: { accessTokenTtlSeconds: 901 } }), "medium"]],
    passes: [["exactly the maximum", postureInput({ credential: { accessTokenTtlSeconds: 900 } })]],
    notApplicable: [
      ["TTL unknown", postureInput({ credential: { accessTokenTtlSeconds: null } })],
      ["no policy", postureInput({ policy: null, credential: { accessTokenTtlSeconds: 99_999 } })],
    ],
  },
  "secret-unmanaged": {
    fires: [
      ["in source code", postureInput({ secrets: [secret({ storage: "source_code" })] }), "high"],
      ["in a CI variable", postureInput({ secrets: [secret({ storage: "ci_variable" })] }), "high"],
      ["storage unknown", postureInput({ secrets: [secret({ storage: "unknown" })] }), "high"],
    ],
    passes: [
      ["in a secrets manager", postureInput({ secrets: [secret({ storage: "secrets_manager" })] })],
      ["an old secret in an env file no longer counts", postureInput({ secrets: [secret(), secret({ id: "s-old", status: "superseded", storage: "env_file" })] })],
    ],
    notApplicable: [["no active secret", postureInput({ secrets: [] })]],
  },
  "secret-leaked": {
    fires: [["leaked, not remediated", postureInput({ secrets: [secret({ status: "leaked", leakedAt: at(-DAY) })] }), "critical"]],
    passes: [["leaked and remediated", postureInput({ secrets: [secret({ status: "revoked", leakedAt: at(-2 * DAY), remediatedAt: at(-DAY) })] })]],
    notApplicable: [["no secrets at all", postureInput({ secrets: [] })]],
  },
  "secret-reused": {
    fires: [
      [
        "same fingerprint on another credential",
        postureInput({ secrets: [secret({ hasFingerprint: true })], fingerprintMatches: [{ secretId: "s-1", otherCredentialId: "c-2", otherCredentialName: "Other", otherEnvironment: "production" }] }),
        "high",
      ],
    ],
    passes: [["fingerprint unique", postureInput({ secrets: [secret({ hasFingerprint: true })] })]],
    notApplicable: [["no fingerprint recorded", postureInput()]],
  },
  "cross-environment": {
    fires: [
      [
        "production secret also in staging",
        postureInput({ secrets: [secret({ hasFingerprint: true })], fingerprintMatches: [{ secretId: "s-1", otherCredentialId: "c-2", otherCredentialName: "Staging twin", otherEnvironment: "staging" }] }),
        "high",
      ],
      ["applications in two environments", postureInput({ applications: [application(), application({ id: "app-2", name: "CRM test", environment: "test" })] }), "high"],
    ],
    passes: [
      [
        "reuse inside production only",
        postureInput({ secrets: [secret({ hasFingerprint: true })], fingerprintMatches: [{ secretId: "s-1", otherCredentialId: "c-2", otherCredentialName: "Prod twin", otherEnvironment: "production" }] }),
      ],
      ["staging and development are both non-production", postureInput({ credential: { environment: "staging" }, secrets: [secret({ hasFingerprint: true })], applications: [], fingerprintMatches: [{ secretId: "s-1", otherCredentialId: "c-2", otherCredentialName: "Dev", otherEnvironment: "development" }] })],
    ],
    notApplicable: [["no fingerprint and no application", postureInput({ applications: [] })]],
  },
  "scope-admin": {
    fires: [
      ["admin-privilege scope", postureInput({ grants: [grant({ scopes: [{ name: "payments.manage", privilege: "admin" }] })] }), "high"],
      ["wildcard *", postureInput({ grants: [grant({ scopes: [{ name: "*", privilege: "read" }] })] }), "high"],
      ["wildcard ALL in capitals", postureInput({ grants: [grant({ scopes: [{ name: "ALL", privilege: "read" }] })] }), "high"],
    ],
    passes: [["write scope named like a wildcard but narrower", postureInput({ grants: [grant({ scopes: [{ name: "payments.*.read", privilege: "write" }] })] })]],
    notApplicable: [["no grants", postureInput({ grants: [] })]],
  },
  "multi-audience": {
    fires: [["two audiences", postureInput({ grants: [grant(), grant({ apiId: "api-2", apiName: "Ledger", audience: "https://ledger.example.com" })] }), "medium"]],
    passes: [["two APIs sharing one audience", postureInput({ grants: [grant(), grant({ apiId: "api-2", apiName: "Payments v2" })] })]],
    notApplicable: [["no grants", postureInput({ grants: [] })]],
  },
  "cross-trust-zone": {
    fires: [
      ["API in another zone than the application", postureInput({ grants: [grant({ trustZone: "partner" })] }), "high"],
      ["two APIs in two zones, no application", postureInput({ applications: [], grants: [grant(), grant({ apiId: "api-2", trustZone: "dmz" })] }), "high"],
    ],
    passes: [["everything in one zone", postureInput()]],
    notApplicable: [["no grants and no applications", postureInput({ grants: [], applications: [] })]],
  },
  "shared-client": {
    fires: [["two applications", postureInput({ applications: [application(), application({ id: "app-2", name: "Billing" })] }), "medium"]],
    passes: [["one application", postureInput()]],
    notApplicable: [["no application", postureInput({ applications: [] })]],
  },
  "weak-grant-type": {
    fires: [
      ["password grant", postureInput({ credential: { grantTypes: ["client_credentials", "password"] } }), "high"],
      ["implicit grant", postureInput({ credential: { grantTypes: ["implicit"] } }), "high"],
    ],
    passes: [["authorization code and refresh", postureInput({ credential: { grantTypes: ["authorization_code", "refresh_token"] } })]],
    notApplicable: [["no grant types", postureInput({ credential: { grantTypes: [] } })]],
  },
  "weak-client-auth": {
    fires: [
      ["none", postureInput({ credential: { clientAuthMethod: "none" } }), "medium"],
      ["client_secret_basic on a critical API", postureInput({ credential: { clientAuthMethod: "client_secret_basic" }, grants: [grant({ sensitivity: "critical" })] }), "medium"],
      ["client_secret_post on a high API", postureInput({ credential: { clientAuthMethod: "client_secret_post" }, grants: [grant({ sensitivity: "high" })] }), "medium"],
    ],
    passes: [
      ["client_secret_basic on a moderate API", postureInput({ credential: { clientAuthMethod: "client_secret_basic" }, grants: [grant({ sensitivity: "moderate" })] })],
      ["private_key_jwt on a critical API", postureInput({ grants: [grant({ sensitivity: "critical" })] })],
    ],
    notApplicable: [["method unknown", postureInput({ credential: { clientAuthMethod: null } })]],
  },
  "token-cache-persistent": {
    fires: [
      ["disk cache", postureInput({ credential: { tokenCache: "disk" } }), "medium"],
      ["shared cache", postureInput({ credential: { tokenCache: "shared_cache" } }), "medium"],
      ["logs keep tokens", postureInput({ credential: { logsRedactTokens: "no" } }), "medium"],
    ],
    passes: [
      ["in memory, logs redact", postureInput()],
      ["no cache, logs redact", postureInput({ credential: { tokenCache: "none" } })],
    ],
    // Unknown is not a pass: nobody checked (sdk-token-handling-unknown says so in production).
    notApplicable: [
      ["in memory, redaction unknown", postureInput({ credential: { tokenCache: "in_memory", logsRedactTokens: "unknown" } })],
      ["cache unknown", postureInput({ credential: { tokenCache: "unknown" } })],
    ],
  },
  "third-party-unreviewed": {
    fires: [
      ["never reviewed", postureInput({ applications: [application({ thirdParty: true })], credential: { lastReviewedAt: null } }), "high"],
      ["review overdue", postureInput({ applications: [application({ thirdParty: true })], credential: { reviewDueAt: at(-1) } }), "high"],
    ],
    passes: [["reviewed, due exactly now", postureInput({ applications: [application({ thirdParty: true })], credential: { reviewDueAt: NOW } })]],
    notApplicable: [["first-party application, never reviewed", postureInput({ credential: { lastReviewedAt: null } })]],
  },
  "orphaned-after-retirement": {
    fires: [["every application retired", postureInput({ applications: [application({ status: "retired" }), application({ id: "app-2", name: "Old", status: "retired" })] }), "high"]],
    passes: [
      ["one of two still active", postureInput({ applications: [application({ status: "retired" }), application({ id: "app-2", name: "New" })] })],
      ["suspended credential of retired applications", postureInput({ credential: { status: "suspended" }, applications: [application({ status: "retired" })] })],
    ],
    notApplicable: [["no application", postureInput({ applications: [] })]],
  },
  "sdk-token-handling-unknown": {
    fires: [
      ["production, token cache unknown", postureInput({ credential: { tokenCache: "unknown" } }), "medium"],
      ["production, log redaction unknown", postureInput({ credential: { logsRedactTokens: "unknown" } }), "medium"],
      ["production, both unknown", postureInput({ credential: { tokenCache: "unknown", logsRedactTokens: "unknown" } }), "medium"],
    ],
    passes: [["production, both recorded (even badly: token-cache-persistent judges that)", postureInput({ credential: { tokenCache: "disk", logsRedactTokens: "no" } })]],
    notApplicable: [["staging, both unknown", postureInput({ credential: { environment: "staging", tokenCache: "unknown", logsRedactTokens: "unknown" } })]],
  },
  "policy-weaker": {
    fires: [
      ["an override policy with longer intervals and fewer approvals", postureInput({ policy: { ...lenientPolicy } }), "medium"],
      ["a review cadence override longer than the matched policy's", postureInput({ credential: { reviewCadenceDays: 91 } }), "medium"],
      ["a stricter policy but a longer cadence", postureInput({ policy: { ...strictPolicy }, credential: { reviewCadenceDays: 365 } }), "medium"],
    ],
    passes: [
      ["no override", postureInput()],
      ["a stricter override policy and cadence", postureInput({ policy: { ...strictPolicy }, credential: { reviewCadenceDays: 30 } })],
      ["a cadence override equal to the matched policy's", postureInput({ credential: { reviewCadenceDays: 90 } })],
    ],
    notApplicable: [["no policy matches", postureInput({ matchedPolicy: null, credential: { reviewCadenceDays: 3650 } })]],
  },
  // Issue 14 (DESIGN §5.4). The fixture's grant is a year old; evidence since 100 days ago spans the 90-day window.
  "scope-unused": {
    fires: [
      ["never used in evidence spanning the window", postureInput({ usage: noUsage({ firstSeenAt: at(-100 * DAY) }) }), "medium"],
      ["last used 90 days and 1 ms ago", postureInput({ usage: noUsage({ firstSeenAt: at(-100 * DAY), entries: [usageEntry({ lastAllowedAt: at(-90 * DAY - 1) })] }) }), "medium"],
      ["used only at another API", postureInput({ usage: noUsage({ firstSeenAt: at(-100 * DAY), entries: [usageEntry({ audience: "https://ledger.example.com", lastAllowedAt: at(-DAY) })] }) }), "medium"],
      ["a shorter window from the setting", postureInput({ usage: noUsage({ unusedScopeDays: 7, firstSeenAt: at(-8 * DAY), entries: [usageEntry({ lastIssuedAt: at(-8 * DAY) })] }) }), "medium"],
    ],
    passes: [
      ["allowed exactly 90 days ago", postureInput({ usage: noUsage({ firstSeenAt: at(-100 * DAY), entries: [usageEntry({ lastAllowedAt: at(-90 * DAY) })] }) })],
      ["carried by a token issued yesterday", postureInput({ usage: noUsage({ firstSeenAt: at(-100 * DAY), entries: [usageEntry({ lastIssuedAt: at(-DAY) })] }) })],
      ["carried by a token without an audience", postureInput({ usage: noUsage({ firstSeenAt: at(-100 * DAY), entries: [usageEntry({ audience: "", lastIssuedAt: at(-DAY) })] }) })],
      ["a grant exactly 90 days old", postureInput({ grants: [grant({ grantedAt: at(-90 * DAY) })], usage: noUsage({ firstSeenAt: at(-100 * DAY) }) })],
    ],
    notApplicable: [
      ["no usage evidence at all (no evidence is not unused)", postureInput()],
      ["evidence younger than the window", postureInput({ usage: noUsage({ firstSeenAt: at(-90 * DAY + 1) }) })],
      ["no granted scope", postureInput({ grants: [], usage: noUsage({ firstSeenAt: at(-100 * DAY) }) })],
    ],
  },
  "credential-dormant": {
    fires: [["last issuance 90 days and 1 ms ago", postureInput({ usage: noUsage({ firstSeenAt: at(-200 * DAY), lastIssuedAt: at(-90 * DAY - 1) }) }), "medium"]],
    passes: [["last issuance exactly 90 days ago", postureInput({ usage: noUsage({ firstSeenAt: at(-200 * DAY), lastIssuedAt: at(-90 * DAY) }) })]],
    notApplicable: [
      ["never reported", postureInput()],
      ["API decisions reported but never an issuance", postureInput({ usage: noUsage({ firstSeenAt: at(-200 * DAY), entries: [usageEntry({ lastAllowedAt: at(-100 * DAY), allowed30d: 0 })] }) })],
    ],
  },
  "token-ttl-observed-longer": {
    fires: [["300 s observed, 299 s declared", postureInput({ usage: noUsage({ maxTtlSeconds30d: 300 }) }), "medium"]],
    passes: [["exactly the declared TTL", postureInput({ usage: noUsage({ maxTtlSeconds30d: 299 }) })]],
    notApplicable: [
      ["nothing issued in 30 days", postureInput()],
      ["TTL not declared", postureInput({ credential: { accessTokenTtlSeconds: null }, usage: noUsage({ maxTtlSeconds30d: 3600 }) })],
    ],
  },
  "token-outside-grants": {
    fires: [
      ["allowed at an audience with no grant", postureInput({ usage: noUsage({ entries: [usageEntry({ audience: "https://ledger.example.com", scope: "ledger.read", allowed30d: 1 })] }) }), "high"],
      ["allowed for a scope the grant lacks", postureInput({ usage: noUsage({ entries: [usageEntry({ scope: "payments.write", allowed30d: 2 })] }) }), "high"],
      ["denied only", postureInput({ usage: noUsage({ entries: [usageEntry({ scope: "payments.write", denied30d: 3 })] }) }), "medium"],
      ["one allowed and one denied: the allowed one decides", postureInput({ usage: noUsage({ entries: [usageEntry({ scope: "payments.write", denied30d: 3 }), usageEntry({ audience: "https://ledger.example.com", scope: "x", allowed30d: 1 })] }) }), "high"],
    ],
    passes: [
      ["allowed and denied within the grant", postureInput({ usage: noUsage({ entries: [usageEntry({ allowed30d: 5, denied30d: 1 })] }) })],
      ["an old out-of-grant call outside the 30 days", postureInput({ usage: noUsage({ entries: [usageEntry({ scope: "payments.write", allowed30d: 0, denied30d: 0 }), usageEntry({ allowed30d: 1 })] }) })],
    ],
    notApplicable: [
      ["no decisions reported", postureInput()],
      ["token issuance only", postureInput({ usage: noUsage({ entries: [usageEntry({ scope: "", lastIssuedAt: at(-DAY) })] }) })],
    ],
  },
  "grant-approval-unknown": {
    fires: [
      ["one grant migrated without its approver", postureInput({ grants: [grant(), grant({ apiId: "api-2", apiName: "Ledger API", approverKnown: false })] }), "medium"],
    ],
    passes: [["every grant has its approver", postureInput({ grants: [grant(), grant({ apiId: "api-2", apiName: "Ledger API" })] })]],
    notApplicable: [["no approved grants (pending ones are not loaded)", postureInput({ grants: [] })]],
  },
};

describe("[RULES] the twenty-seven rules (DESIGN §5.1, §5.4, issues 12 and 14)", () => {
  it("every rule id is implemented exactly once, in the table's order, with words for people", () => {
    expect(postureRules.map((r) => r.id)).toEqual([...ruleIds]);
    for (const rule of postureRules) {
      expect(rule.title.length, rule.id).toBeGreaterThan(3);
      expect(rule.firesWhen.length, rule.id).toBeGreaterThan(10);
      expect(rule.fix.length, rule.id).toBeGreaterThan(10);
      expect(ruleById.get(rule.id)).toBe(rule);
    }
  });

  it("the fixture passes every rule (so each case bends exactly one thing)", () => {
    expect(evaluatePosture(postureInput()).findings).toEqual([]);
  });

  for (const id of ruleIds) {
    const rule = ruleById.get(id);
    const c = cases[id];
    describe(`[RULES] ${id}`, () => {
      it.each(c.fires)(`[RULES] ${id} fires: %s`, (_label, input, severity) => {
        const outcome = rule?.evaluate(input);
        expect(outcome?.applicable).toBe(true);
        const finding = outcome?.applicable ? outcome.finding : null;
        expect(finding?.severity).toBe(severity);
        const details = JSON.parse(JSON.stringify(finding?.details)) as Record<string, unknown>;
        expect(details, "details are plain JSON").toEqual(finding?.details);
        expect(JSON.stringify(details)).not.toMatch(/fingerprint|secretValue/i);
        const sentence = rule?.explain(details) ?? "";
        expect(sentence).toMatch(/^[A-Z].+\.$/);
        expect(sentence).not.toMatch(/undefined|\?\?|\[object/);
        expect(evaluatePosture(input).findings.map((f) => f.ruleId)).toContain(id);
      });
      it.each(c.passes)(`[RULES] ${id} does not fire at the boundary: %s`, (_label, input) => {
        expect(rule?.evaluate(input)).toEqual({ applicable: true, finding: null });
      });
      if (c.notApplicable) {
        it.each(c.notApplicable)(`[RULES] ${id} does not apply: %s`, (_label, input) => {
          expect(rule?.evaluate(input)).toEqual({ applicable: false });
          expect(evaluatePosture(input).applicable).not.toContain(id);
        });
      }
    });
  }

  it("[RULES] a decommissioned credential has no applicable rule and no finding", () => {
    const input = postureInput({ owner: null, credential: { status: "decommissioned", rotationDueAt: new Date(0) } });
    expect(evaluatePosture(input)).toEqual({ applicable: [], findings: [] });
  });

  it("[RULES] policy-weaker names each weaker aspect against the matched policy", () => {
    const outcome = ruleById.get("policy-weaker")?.evaluate(postureInput({ policy: { ...lenientPolicy }, credential: { reviewCadenceDays: 400 } }));
    const details = outcome?.applicable ? (outcome.finding?.details ?? {}) : {};
    expect(details).toMatchObject({ policy: "Non-production", matchedPolicy: "Production, sensitive APIs", weaker: ["maxSecretAgeDays", "reviewCadenceDays", "maxAccessTokenTtlSeconds", "approvalsRequired", "securityApprovalRequired"] });
    expect(ruleById.get("policy-weaker")?.explain(details)).toBe(
      "Governed more loosely than the matched policy “Production, sensitive APIs”: longer secret age, longer review cadence, longer access-token lifetime, fewer approvals and no security approval.",
    );
  });

  it("[RULES] owner-missing lists every leaver with their roles, in words", () => {
    const ann = person("Ann Lee", { isActive: false });
    const outcome = ruleById.get("owner-missing")?.evaluate(postureInput({ owner: ann, sdkOwner: ann }));
    const details = outcome?.applicable ? outcome.finding?.details : undefined;
    expect(details?.inactive).toEqual([
      { role: "owner", personId: ann.id, name: "Ann Lee" },
      { role: "sdkOwner", personId: ann.id, name: "Ann Lee" },
    ]);
    expect(ruleById.get("owner-missing")?.explain(details ?? {})).toBe("Ann Lee (owner and SDK owner) has left the organisation; reassign ownership.");
  });
});

describe("[RULES] usage rules in words (DESIGN §5.4)", () => {
  it("[RULES] scope-unused names each unused scope, when it was last used, and since when evidence exists", () => {
    const input = postureInput({
      grants: [grant({ scopes: [{ name: "payments.read", privilege: "read" }, { name: "payments.write", privilege: "write" }] })],
      usage: noUsage({ firstSeenAt: at(-200 * DAY), entries: [usageEntry({ lastAllowedAt: at(-DAY) }), usageEntry({ scope: "payments.write", lastAllowedAt: new Date("2025-12-01T00:00:00Z") })] }),
    });
    const outcome = ruleById.get("scope-unused")?.evaluate(input);
    const details = outcome?.applicable ? (outcome.finding?.details ?? {}) : {};
    expect(details.unused).toEqual([{ api: "Payments API", scope: "payments.write", lastUsedAt: "2025-12-01T00:00:00.000Z" }]);
    expect(ruleById.get("scope-unused")?.explain(details)).toBe("Granted but unused for 90 days: payments.write on Payments API (last used on 2025-12-01); usage reported since 2025-11-13.");
  });

  it("[RULES] token-outside-grants separates allowed from denied calls and says why each is outside", () => {
    const input = postureInput({ usage: noUsage({ entries: [usageEntry({ scope: "payments.write", denied30d: 3 }), usageEntry({ audience: "https://ledger.example.com", scope: "ledger.read", allowed30d: 1 })] }) });
    const outcome = ruleById.get("token-outside-grants")?.evaluate(input);
    const details = outcome?.applicable ? (outcome.finding?.details ?? {}) : {};
    expect(details).toEqual({
      allowed: [{ audience: "https://ledger.example.com", scope: "ledger.read", count: 1, outside: "audience" }],
      denied: [{ audience: "https://payments.example.com", scope: "payments.write", count: 3, outside: "scope" }],
    });
    expect(ruleById.get("token-outside-grants")?.explain(details)).toBe(
      "Presented outside its recorded grants — allowed: ledger.read at https://ledger.example.com (1 call, audience not granted); denied: payments.write at https://payments.example.com (3 calls, scope not granted).",
    );
  });
});
