import { weakerAspects, weakerAspectWords, withCadenceOverride, type StrictnessAspect } from "../policies";
import type { Evaluation, PostureInput, PosturePerson, PostureRule, RuleFinding, RuleId, RuleOutcome, Severity } from "./types";

/**
 * The twenty posture rules of DESIGN §5.1, in the table's order, then the two of issue 12 (SDK token
 * handling not recorded; governance weaker than the matched policy). Each is a pure function of one
 * credential with what it touches, plus "now". Details are JSON (ISO dates, names, counts) and carry
 * what `explain` needs to say why the rule fired; they never hold fingerprints or secret values.
 */

const DAY_MS = 86_400_000;

const notApplicable: RuleOutcome = { applicable: false };
const passes: RuleOutcome = { applicable: true, finding: null };
const fires = (severity: Severity, details: Record<string, unknown>): RuleOutcome => ({ applicable: true, finding: { severity, details } });

const str = (v: unknown, fallback = "?"): string => (typeof v === "string" && v.length > 0 ? v : fallback);
const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** "a", "a and b", "a, b and c". */
export function joinWords(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} and ${parts.at(-1) ?? ""}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
/** " on 2026-06-01", or nothing when the date is missing from older details. */
const onDay = (iso: unknown) => (typeof iso === "string" && iso.length >= 10 ? ` on ${iso.slice(0, 10)}` : "");
const activeSecrets = (input: PostureInput) => input.secrets.filter((s) => s.status === "active");
const isProduction = (input: PostureInput) => input.credential.environment === "production";

/** Storage places that are not a secrets manager (DESIGN §5.1 secret-unmanaged). */
export const unmanagedStorages: readonly string[] = ["source_code", "env_file", "config_file", "ci_variable", "unknown"];
/** Scope names that grant everything (DESIGN §5.1 scope-admin), compared case-insensitively. */
export const wildcardScopes: readonly string[] = ["*", ".*", "all"];
export const weakGrantTypes: readonly string[] = ["password", "implicit"];
const sharedSecretMethods: readonly string[] = ["client_secret_basic", "client_secret_post", "client_secret_jwt"];

const roleWords: Record<string, string> = { owner: "owner", backupOwner: "backup owner", sdkOwner: "SDK owner" };

function inactiveHolders(input: PostureInput): { role: string; personId: string; name: string }[] {
  const held: [string, PosturePerson | null][] = [
    ["owner", input.owner],
    ["backupOwner", input.backupOwner],
    ["sdkOwner", input.sdkOwner],
  ];
  return held.flatMap(([role, p]) => (p && !p.isActive ? [{ role, personId: p.id, name: p.name }] : []));
}

const ownerMissing: PostureRule = {
  id: "owner-missing",
  title: "Owner missing or gone",
  defaultSeverity: "high",
  // DESIGN §4.4 orphans a credential whose owner, backup owner or SDK owner left: the same finding.
  firesWhen: "No owner, or the owner, backup owner or SDK owner has left (is inactive).",
  evaluate(input) {
    const inactive = inactiveHolders(input);
    if (input.owner && inactive.length === 0) return passes;
    return fires("high", input.owner ? { inactive } : { noOwner: true, inactive });
  },
  explain(details) {
    const inactive = Array.isArray(details.inactive) ? (details.inactive as Record<string, unknown>[]) : [];
    const byPerson = new Map<string, { name: string; roles: string[] }>();
    for (const r of inactive) {
      const key = str(r.personId);
      const entry = byPerson.get(key) ?? { name: str(r.name, "someone"), roles: [] };
      entry.roles.push(roleWords[str(r.role)] ?? str(r.role));
      byPerson.set(key, entry);
    }
    const people = [...byPerson.values()].map((p) => `${p.name} (${joinWords(p.roles)})`);
    const left = people.length > 0 ? `${joinWords(people)} ${people.length === 1 ? "has" : "have"} left the organisation` : "";
    if (details.noOwner === true) return left ? `Nobody owns this credential, and ${left}.` : "Nobody owns this credential.";
    return `${left || "A person accountable for this credential has left the organisation"}; reassign ownership.`;
  },
  fix: "Assign an active owner and backup owner (People → Reassign ownership moves everything a leaver held).",
};

const backupOwnerMissing: PostureRule = {
  id: "backup-owner-missing",
  title: "Backup owner missing",
  defaultSeverity: "medium",
  firesWhen: "A production credential has no backup owner.",
  evaluate(input) {
    if (!isProduction(input)) return notApplicable;
    return input.backupOwner ? passes : fires("medium", {});
  },
  explain: () => "This production credential has no backup owner: nobody can act when the owner is away.",
  fix: "Name a backup owner on the credential.",
};

const goLiveReadiness: PostureRule = {
  id: "go-live-readiness",
  title: "Not ready for production",
  defaultSeverity: "medium",
  firesWhen: "A production credential lacks a rotation owner, a revocation owner or a break-glass procedure.",
  evaluate(input) {
    if (!isProduction(input)) return notApplicable;
    const missing = [
      ...(input.rotationOwner ? [] : ["rotation owner"]),
      ...(input.revocationOwner ? [] : ["revocation owner"]),
      ...(input.credential.breakGlassProcedure?.trim() ? [] : ["break-glass procedure"]),
    ];
    return missing.length === 0 ? passes : fires("medium", { missing });
  },
  explain: (details) => `This production credential has no ${joinWords(list(details.missing))}.`,
  fix: "Before go-live, name who rotates and who revokes the credential, and describe the break-glass procedure.",
};

const rotationOverdue: PostureRule = {
  id: "rotation-overdue",
  title: "Rotation overdue",
  defaultSeverity: "high",
  firesWhen: "The rotation due date has passed (critical when more than 30 days late).",
  evaluate(input) {
    const due = input.credential.rotationDueAt;
    if (!due) return notApplicable;
    const lateMs = input.now.getTime() - due.getTime();
    if (lateMs <= 0) return passes;
    return fires(lateMs > 30 * DAY_MS ? "critical" : "high", { dueAt: due.toISOString(), daysLate: Math.floor(lateMs / DAY_MS) });
  },
  explain: (details) => `Rotation was due${onDay(details.dueAt)}${num(details.daysLate) > 0 ? `, ${plural(num(details.daysLate), "day")} ago` : ""}.`,
  fix: "Request and complete a rotation (Lifecycle tab); completing it resolves this finding.",
};

const secretNoExpiry: PostureRule = {
  id: "secret-no-expiry",
  title: "Secret never expires",
  defaultSeverity: "medium",
  firesWhen: "An active secret has no expiry date.",
  evaluate(input) {
    const active = activeSecrets(input);
    if (active.length === 0) return notApplicable;
    const open = active.filter((s) => s.expiresAt === null);
    return open.length === 0 ? passes : fires("medium", { count: open.length });
  },
  explain: (details) => `${num(details.count) === 1 ? "An active secret has" : `${plural(num(details.count), "active secret")} have`} no expiry date, so a leaked copy would work forever.`,
  fix: "Set an expiry on the secret at the authorization server and record it here.",
};

const reviewOverdue: PostureRule = {
  id: "review-overdue",
  title: "Review overdue",
  defaultSeverity: "medium",
  firesWhen: "The review due date has passed.",
  evaluate(input) {
    const due = input.credential.reviewDueAt;
    if (!due) return notApplicable;
    const lateMs = input.now.getTime() - due.getTime();
    return lateMs <= 0 ? passes : fires("medium", { dueAt: due.toISOString(), daysLate: Math.floor(lateMs / DAY_MS) });
  },
  explain: (details) => `The access review was due${onDay(details.dueAt)}.`,
  fix: "Review the credential (keep, reduce scope or revoke).",
};

const tokenTtlExcessive: PostureRule = {
  id: "token-ttl-excessive",
  title: "Access tokens live too long",
  defaultSeverity: "medium",
  firesWhen: "The access-token TTL exceeds the policy's maximum.",
  evaluate(input) {
    const ttl = input.credential.accessTokenTtlSeconds;
    if (ttl === null || !input.policy) return notApplicable;
    const max = input.policy.maxAccessTokenTtlSeconds;
    return ttl <= max ? passes : fires("medium", { ttlSeconds: ttl, maxSeconds: max, policy: input.policy.name });
  },
  explain: (details) => `Access tokens live ${num(details.ttlSeconds)} s; the policy "${str(details.policy)}" allows at most ${num(details.maxSeconds)} s.`,
  fix: "Shorten the access-token lifetime at the authorization server (and record the new TTL).",
};

const secretUnmanaged: PostureRule = {
  id: "secret-unmanaged",
  title: "Secret outside a secrets manager",
  defaultSeverity: "high",
  firesWhen: "An active secret is stored in source code, an env file, a config file, a CI variable or an unknown place.",
  evaluate(input) {
    const active = activeSecrets(input);
    if (active.length === 0) return notApplicable;
    const bad = active.filter((s) => unmanagedStorages.includes(s.storage));
    return bad.length === 0 ? passes : fires("high", { storages: [...new Set(bad.map((s) => s.storage))].sort() });
  },
  explain: (details) => `An active secret is kept in ${joinWords(list(details.storages).map((s) => s.replace(/_/g, " ")))}.`,
  fix: "Move the secret into a secrets manager, vault or KMS, and rotate it (the old copy stays where it was).",
};

const secretLeaked: PostureRule = {
  id: "secret-leaked",
  title: "Leaked secret",
  defaultSeverity: "critical",
  firesWhen: "A secret was reported leaked and is not remediated.",
  evaluate(input) {
    if (input.secrets.length === 0) return notApplicable;
    const leaked = input.secrets.filter((s) => (s.leakedAt !== null || s.status === "leaked") && s.remediatedAt === null);
    if (leaked.length === 0) return passes;
    const first = leaked.map((s) => s.leakedAt?.getTime() ?? input.now.getTime()).sort((a, b) => a - b)[0] ?? input.now.getTime();
    return fires("critical", { secretIds: leaked.map((s) => s.id).sort(), leakedAt: new Date(first).toISOString() });
  },
  explain: (details) => `A secret of this credential was reported leaked${onDay(details.leakedAt)} and is not yet rotated away.`,
  fix: "Complete the emergency rotation (or decommission the credential); that remediates the incident.",
};

const secretReused: PostureRule = {
  id: "secret-reused",
  title: "Secret shared with another credential",
  defaultSeverity: "high",
  firesWhen: "An active secret's fingerprint is also on another credential.",
  evaluate(input) {
    if (!activeSecrets(input).some((s) => s.hasFingerprint)) return notApplicable;
    const others = uniqueOthers(input);
    return others.length === 0 ? passes : fires("high", { otherCredentialIds: others.map((o) => o.id), otherCredentialNames: others.map((o) => o.name) });
  },
  explain: (details) => `The same secret is also recorded on ${joinWords(list(details.otherCredentialNames))}.`,
  fix: "Give each credential its own secret: rotate this one (or the others) to a new value.",
};

function uniqueOthers(input: PostureInput): { id: string; name: string; environment: string }[] {
  const seen = new Map<string, { id: string; name: string; environment: string }>();
  for (const m of input.fingerprintMatches) seen.set(m.otherCredentialId, { id: m.otherCredentialId, name: m.otherCredentialName, environment: m.otherEnvironment });
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}

const crossEnvironment: PostureRule = {
  id: "cross-environment",
  title: "Used across environments",
  defaultSeverity: "high",
  firesWhen: "The same fingerprint is used in production and non-production, or the credential's applications are in different environments.",
  evaluate(input) {
    const hasFingerprint = activeSecrets(input).some((s) => s.hasFingerprint);
    if (!hasFingerprint && input.applications.length === 0) return notApplicable;
    const prod = isProduction(input);
    const crossing = uniqueOthers(input).filter((o) => (o.environment === "production") !== prod);
    const appEnvironments = [...new Set(input.applications.map((a) => a.environment))].sort();
    if (crossing.length === 0 && appEnvironments.length <= 1) return passes;
    return fires("high", {
      otherCredentialIds: crossing.map((o) => o.id),
      otherCredentialNames: crossing.map((o) => `${o.name} (${o.environment})`),
      applicationEnvironments: appEnvironments.length > 1 ? appEnvironments : [],
    });
  },
  explain(details) {
    const parts: string[] = [];
    const names = list(details.otherCredentialNames);
    if (names.length > 0) parts.push(`its secret is also used by ${joinWords(names)}`);
    const envs = list(details.applicationEnvironments);
    if (envs.length > 0) parts.push(`its applications run in ${joinWords(envs)}`);
    return `This credential crosses environments: ${parts.join("; ") || "production and non-production share it"}.`;
  },
  fix: "Issue one credential per environment; never let production and non-production share a secret.",
};

const scopeAdmin: PostureRule = {
  id: "scope-admin",
  title: "Admin or wildcard scope",
  defaultSeverity: "high",
  firesWhen: "A grant includes an admin-privilege scope or a wildcard scope (*, .*, all).",
  evaluate(input) {
    if (input.grants.length === 0) return notApplicable;
    const broad = input.grants.flatMap((g) => g.scopes.filter((s) => s.privilege === "admin" || wildcardScopes.includes(s.name.trim().toLowerCase())).map((s) => `${g.apiName}: ${s.name}`));
    return broad.length === 0 ? passes : fires("high", { scopes: broad.sort() });
  },
  explain: (details) => `Granted broad scopes: ${joinWords(list(details.scopes))}.`,
  fix: "Replace admin and wildcard scopes with the narrow scopes the integration needs.",
};

const audiencesOf = (input: PostureInput) => [...new Set(input.grants.map((g) => g.audience))].sort();

const multiAudience: PostureRule = {
  id: "multi-audience",
  title: "Token valid for several APIs",
  defaultSeverity: "medium",
  firesWhen: "The credential is granted to more than one API audience.",
  evaluate(input) {
    if (input.grants.length === 0) return notApplicable;
    const audiences = audiencesOf(input);
    return audiences.length <= 1 ? passes : fires("medium", { audiences });
  },
  explain: (details) => `One token is accepted by ${plural(list(details.audiences).length, "audience")}: ${joinWords(list(details.audiences))}.`,
  fix: "Use one credential per API audience, so one stolen token opens one API.",
};

const crossTrustZone: PostureRule = {
  id: "cross-trust-zone",
  title: "Spans trust zones",
  defaultSeverity: "high",
  firesWhen: "Granted APIs or using applications span more than one trust zone.",
  evaluate(input) {
    if (input.grants.length === 0 && input.applications.length === 0) return notApplicable;
    const zones = [...new Set([...input.grants.map((g) => g.trustZone), ...input.applications.map((a) => a.trustZone)])].sort();
    return zones.length <= 1 ? passes : fires("high", { trustZones: zones });
  },
  explain: (details) => `This credential reaches across trust zones: ${joinWords(list(details.trustZones))}.`,
  fix: "Issue a separate credential per trust zone.",
};

const sharedClient: PostureRule = {
  id: "shared-client",
  title: "Shared by several applications",
  defaultSeverity: "medium",
  firesWhen: "The credential is used by more than one application.",
  evaluate(input) {
    if (input.applications.length === 0) return notApplicable;
    return input.applications.length <= 1 ? passes : fires("medium", { applications: input.applications.map((a) => a.name).sort() });
  },
  explain: (details) => `Used by ${plural(list(details.applications).length, "application")}: ${joinWords(list(details.applications))}.`,
  fix: "Give each application its own client.",
};

const weakGrantType: PostureRule = {
  id: "weak-grant-type",
  title: "Weak grant type",
  defaultSeverity: "high",
  firesWhen: "Grant types include password or implicit.",
  evaluate(input) {
    if (input.credential.grantTypes.length === 0) return notApplicable;
    const weak = input.credential.grantTypes.filter((g) => weakGrantTypes.includes(g));
    return weak.length === 0 ? passes : fires("high", { grantTypes: weak.sort() });
  },
  explain: (details) => `Allows the deprecated ${joinWords(list(details.grantTypes))} grant${list(details.grantTypes).length === 1 ? "" : "s"}.`,
  fix: "Switch to client credentials (machine to machine) or authorization code with PKCE, and disable the old grant.",
};

const weakClientAuth: PostureRule = {
  id: "weak-client-auth",
  title: "Weak client authentication",
  defaultSeverity: "medium",
  firesWhen: "Shared-secret client authentication on a high/critical API, or none at all.",
  evaluate(input) {
    const method = input.credential.clientAuthMethod;
    if (method === null) return notApplicable;
    if (method === "none") return fires("medium", { method, apis: [] });
    if (!sharedSecretMethods.includes(method)) return passes;
    const sensitive = input.grants.filter((g) => g.sensitivity === "high" || g.sensitivity === "critical").map((g) => g.apiName);
    return sensitive.length === 0 ? passes : fires("medium", { method, apis: [...new Set(sensitive)].sort() });
  },
  explain(details) {
    if (details.method === "none") return "The client does not authenticate at the token endpoint.";
    return `A shared secret (${str(details.method)}) protects access to ${joinWords(list(details.apis))}, rated high or critical.`;
  },
  fix: "Use private_key_jwt or mutual TLS for clients of sensitive APIs.",
};

const tokenCachePersistent: PostureRule = {
  id: "token-cache-persistent",
  title: "Tokens persisted or logged",
  defaultSeverity: "medium",
  firesWhen: "The SDK caches tokens on disk or in a shared cache, or logs do not redact tokens.",
  evaluate(input) {
    const cache = input.credential.tokenCache;
    const persistent = cache === "disk" || cache === "shared_cache";
    const logged = input.credential.logsRedactTokens === "no";
    if (persistent || logged) return fires("medium", { tokenCache: persistent ? cache : null, logsRedactTokens: logged ? "no" : null });
    // Unknown is not a pass: nobody has checked (sdk-token-handling-unknown reports that in production).
    return tokenHandlingUnknown(input).length > 0 ? notApplicable : passes;
  },
  explain(details) {
    const parts = [
      ...(typeof details.tokenCache === "string" ? [`tokens are cached ${details.tokenCache === "disk" ? "on disk" : "in a shared cache"}`] : []),
      ...(details.logsRedactTokens === "no" ? ["logs do not redact tokens"] : []),
    ];
    const text = joinWords(parts);
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  },
  fix: "Cache tokens in memory only and redact them from logs.",
};

/** Which SDK token facts are still "unknown", in words. */
function tokenHandlingUnknown(input: PostureInput): string[] {
  return [...(input.credential.tokenCache === "unknown" ? ["token cache"] : []), ...(input.credential.logsRedactTokens === "unknown" ? ["log redaction"] : [])];
}

const sdkTokenHandlingUnknown: PostureRule = {
  id: "sdk-token-handling-unknown",
  title: "SDK token handling not recorded",
  defaultSeverity: "medium",
  firesWhen: "A production credential's SDK token cache or log redaction is unknown.",
  evaluate(input) {
    if (!isProduction(input)) return notApplicable;
    const unknown = tokenHandlingUnknown(input);
    return unknown.length === 0 ? passes : fires("medium", { unknown });
  },
  explain: (details) => `Nobody has recorded this production credential's ${joinWords(list(details.unknown))}, so tokens may be persisted or logged unseen.`,
  fix: "Inventory the SDK's caching behaviour: record where it caches tokens and whether logs and crash dumps redact them.",
};

const policyWeaker: PostureRule = {
  id: "policy-weaker",
  title: "Governed more loosely than its policy",
  defaultSeverity: "medium",
  firesWhen: "An override (rotation policy or review cadence) is weaker than the policy the credential matches.",
  evaluate(input) {
    if (!input.matchedPolicy || !input.policy) return notApplicable;
    const weaker = weakerAspects(withCadenceOverride(input.policy, input.credential.reviewCadenceDays), input.matchedPolicy);
    if (weaker.length === 0) return passes;
    return fires("medium", { policy: input.policy.name, matchedPolicy: input.matchedPolicy.name, reviewCadenceDays: input.credential.reviewCadenceDays, weaker });
  },
  explain: (details) =>
    `Governed more loosely than the matched policy “${str(details.matchedPolicy)}”: ${joinWords(list(details.weaker).map((a) => (a in weakerAspectWords ? weakerAspectWords[a as StrictnessAspect] : a)))}.`,
  fix: "Remove the override (policy or review cadence), or have security record why the weaker governance is accepted (an exception).",
};

const thirdPartyUnreviewed: PostureRule = {
  id: "third-party-unreviewed",
  title: "Third-party access not reviewed",
  defaultSeverity: "high",
  firesWhen: "A credential of a third-party application whose review is overdue or never done.",
  evaluate(input) {
    const vendors = input.applications.filter((a) => a.thirdParty);
    if (vendors.length === 0) return notApplicable;
    const never = input.credential.lastReviewedAt === null;
    const due = input.credential.reviewDueAt;
    const overdue = due !== null && due.getTime() < input.now.getTime();
    return !never && !overdue ? passes : fires("high", { applications: vendors.map((a) => a.name).sort(), neverReviewed: never, reviewDueAt: due?.toISOString() ?? null });
  },
  explain: (details) =>
    `Third-party access for ${joinWords(list(details.applications))} ${details.neverReviewed === true ? "has never been reviewed" : `was due for review${onDay(details.reviewDueAt)}`}.`,
  fix: "Review the vendor's access now; revoke what it no longer needs.",
};

const orphanedAfterRetirement: PostureRule = {
  id: "orphaned-after-retirement",
  title: "Active after its applications retired",
  defaultSeverity: "high",
  firesWhen: "An active credential whose applications are all retired.",
  evaluate(input) {
    if (input.applications.length === 0) return notApplicable;
    if (input.credential.status !== "active") return passes;
    return input.applications.every((a) => a.status === "retired") ? fires("high", { applications: input.applications.map((a) => a.name).sort() }) : passes;
  },
  explain: (details) => `Every application using it is retired (${joinWords(list(details.applications))}), yet the credential is still active.`,
  fix: "Decommission the credential (and disable the client at the authorization server).",
};

export const postureRules: readonly PostureRule[] = [
  ownerMissing,
  backupOwnerMissing,
  goLiveReadiness,
  rotationOverdue,
  secretNoExpiry,
  reviewOverdue,
  tokenTtlExcessive,
  secretUnmanaged,
  secretLeaked,
  secretReused,
  crossEnvironment,
  scopeAdmin,
  multiAudience,
  crossTrustZone,
  sharedClient,
  weakGrantType,
  weakClientAuth,
  tokenCachePersistent,
  thirdPartyUnreviewed,
  orphanedAfterRetirement,
  sdkTokenHandlingUnknown,
  policyWeaker,
];

export const ruleById = new Map<RuleId, PostureRule>(postureRules.map((r) => [r.id, r]));

/** Runs every rule over one credential. A decommissioned credential has no applicable rule. */
export function evaluatePosture(input: PostureInput): Evaluation {
  const evaluation: Evaluation = { applicable: [], findings: [] };
  if (input.credential.status === "decommissioned") return evaluation;
  for (const rule of postureRules) {
    const outcome = rule.evaluate(input);
    if (!outcome.applicable) continue;
    evaluation.applicable.push(rule.id);
    if (outcome.finding) evaluation.findings.push({ ruleId: rule.id, ...(outcome.finding satisfies RuleFinding) });
  }
  return evaluation;
}
