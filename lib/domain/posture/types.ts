import type { PolicyStrictness } from "../policies";
import type { LinkedInput } from "./inputs";

/**
 * The posture rules' contract (DESIGN §5.1): pure functions of one credential with everything it
 * touches, plus "now". The engine (lib/server/posture) loads `PostureInput`s in batches, calls
 * `evaluatePosture`, and reconciles the result with the stored findings.
 */
export const ruleIds = [
  "owner-missing",
  "backup-owner-missing",
  "go-live-readiness",
  "rotation-overdue",
  "secret-no-expiry",
  "review-overdue",
  "token-ttl-excessive",
  "secret-unmanaged",
  "secret-leaked",
  "secret-reused",
  "cross-environment",
  "scope-admin",
  "multi-audience",
  "cross-trust-zone",
  "shared-client",
  "weak-grant-type",
  "weak-client-auth",
  "token-cache-persistent",
  "third-party-unreviewed",
  "orphaned-after-retirement",
  // Issue 12: facts the table's rules took on trust.
  "sdk-token-handling-unknown",
  "policy-weaker",
  // Issue 14: intent (the inventory) against evidence (usage reported at POST /api/v1/events).
  "scope-unused",
  "credential-dormant",
  "token-ttl-observed-longer",
  "token-outside-grants",
  // Issue 14: access decisions per API.
  "grant-approval-unknown",
] as const;
export type RuleId = (typeof ruleIds)[number];

export function isRuleId(value: string): value is RuleId {
  return (ruleIds as readonly string[]).includes(value);
}

export type Severity = "low" | "medium" | "high" | "critical";
export type Environment = "production" | "staging" | "development" | "test";

export type PostureSecret = {
  id: string;
  kind: string;
  storage: string;
  status: "active" | "superseded" | "revoked" | "leaked";
  issuedAt: Date;
  expiresAt: Date | null;
  hasFingerprint: boolean;
  leakedAt: Date | null;
  remediatedAt: Date | null;
};

export type PosturePolicy = { id: string; name: string } & PolicyStrictness;

export type PosturePerson = { id: string; name: string; isActive: boolean };

export type PostureGrant = {
  apiId: string;
  apiKey: string;
  apiName: string;
  audience: string;
  trustZone: string;
  sensitivity: "low" | "moderate" | "high" | "critical";
  scopes: { name: string; privilege: "read" | "write" | "admin" }[];
  /** When the grant was recorded: a scope cannot be "unused for N days" on a grant younger than that. */
  grantedAt: Date;
  /** Whether someone is recorded as having approved it (false: migrated as approved-by-unknown, DESIGN §4.5). */
  approverKnown: boolean;
};

/**
 * What the credential was seen doing (DESIGN §5.4), from the usage rollup: one entry per audience ×
 * scope it was seen with (scope "" = token issuance as such). Dates are the last day's
 * `last_seen_at` where the count was non-zero; counts cover the last 30 days.
 */
export type PostureUsageEntry = {
  audience: string;
  scope: string;
  /** Last token issued carrying this scope (or, for scope "", any token for this audience). */
  lastIssuedAt: Date | null;
  /** Last allowed API decision for this audience and scope. */
  lastAllowedAt: Date | null;
  allowed30d: number;
  denied30d: number;
};

export type PostureUsage = {
  /** The earliest usage evidence for the credential (any kind); null: nothing was ever reported. */
  firstSeenAt: Date | null;
  /** The last token issuance; null: never seen at a token endpoint. */
  lastIssuedAt: Date | null;
  /** The longest token lifetime observed at issuance in the last 30 days (seconds). */
  maxTtlSeconds30d: number | null;
  entries: PostureUsageEntry[];
  /** Thresholds from the environment (USAGE_UNUSED_SCOPE_DAYS, USAGE_DORMANT_DAYS). */
  unusedScopeDays: number;
  dormantDays: number;
};

export type PostureApplication = {
  id: string;
  key: string;
  name: string;
  environment: Environment;
  trustZone: string;
  thirdParty: boolean;
  status: "active" | "retired";
};

/** Another credential holding an active secret with the same fingerprint as one of ours. */
export type FingerprintMatch = { secretId: string; otherCredentialId: string; otherCredentialName: string; otherEnvironment: Environment };

export type PostureInput = {
  now: Date;
  credential: {
    id: string;
    name: string;
    kind: string;
    environment: Environment;
    status: "active" | "suspended" | "decommissioned";
    grantTypes: string[];
    clientAuthMethod: string | null;
    accessTokenTtlSeconds: number | null;
    tokenCache: "none" | "in_memory" | "disk" | "shared_cache" | "unknown";
    logsRedactTokens: "yes" | "no" | "unknown";
    breakGlassProcedure: string | null;
    rotationDueAt: Date | null;
    reviewDueAt: Date | null;
    lastReviewedAt: Date | null;
    /** The credential's own review cadence (an override of the policy's), or null. */
    reviewCadenceDays: number | null;
    createdAt: Date;
  };
  owner: PosturePerson | null;
  backupOwner: PosturePerson | null;
  sdkOwner: PosturePerson | null;
  rotationOwner: PosturePerson | null;
  revocationOwner: PosturePerson | null;
  /** The effective rotation policy: the override where one is set, else the matched one (null when none). */
  policy: PosturePolicy | null;
  /** The policy matching picks for the credential, ignoring any override (null when none matches). */
  matchedPolicy: PosturePolicy | null;
  secrets: PostureSecret[];
  grants: PostureGrant[];
  applications: PostureApplication[];
  fingerprintMatches: FingerprintMatch[];
  usage: PostureUsage;
};

/** What one rule found: details are JSON (stored on the finding) and enough to explain it in words. */
export type RuleFinding = { severity: Severity; details: Record<string, unknown> };

/** A rule that does not apply leaves its controls `not_applicable` for this credential. */
export type RuleOutcome = { applicable: false } | { applicable: true; finding: RuleFinding | null };

export type PostureRule = {
  id: RuleId;
  /** Short name for tables, e.g. "Rotation overdue". */
  title: string;
  defaultSeverity: Severity;
  /**
   * The fields of linked records (applications, APIs, people) it reads, directly or in its details:
   * a change to one of them re-evaluates the linked credentials (`affectsCredentials`).
   */
  inputs: readonly LinkedInput[];
  /** When it fires, in words (DESIGN §5.1 "Fires when"). */
  firesWhen: string;
  evaluate: (input: PostureInput) => RuleOutcome;
  /** Why it fired, from the stored details: a sentence a credential owner understands. */
  explain: (details: Record<string, unknown>) => string;
  /** How to make it go away. */
  fix: string;
};

export type Evaluation = {
  applicable: RuleId[];
  findings: ({ ruleId: RuleId } & RuleFinding)[];
};
