/**
 * Rotation policies and how a credential finds its policy (DESIGN §4.1).
 *
 * Pure: no I/O. The database stores policies; this module only decides which one applies.
 */

export const environments = ["production", "staging", "development", "test"] as const;
export type Environment = (typeof environments)[number];

/** Ordered from least to most sensitive: the order is what "highest sensitivity" means. */
export const sensitivities = ["low", "moderate", "high", "critical"] as const;
export type Sensitivity = (typeof sensitivities)[number];

export const credentialKinds = [
  "oauth_client",
  "api_key",
  "service_account_key",
  "certificate",
  "personal_access_token",
] as const;
export type CredentialKind = (typeof credentialKinds)[number];

/**
 * What a policy applies to. `null` in any field means "any". The two list fields match when the
 * subject's value is one of the listed values; an empty list therefore matches nothing (input
 * validation should reject it rather than rely on that).
 *
 * `environment` is a list rather than a single value so that one policy can cover
 * "non-production" (staging, development and test) — editing it is one change, not three.
 */
export type PolicyMatch = {
  environment: Environment[] | null;
  sensitivity: Sensitivity[] | null;
  kind: CredentialKind | null;
  thirdParty: boolean | null;
};

export type RotationPolicy = {
  id: string;
  name: string;
  /** Breaks ties between equally specific matching policies: higher wins. */
  priority: number;
  match: PolicyMatch;
  maxSecretAgeDays: number;
  reviewCadenceDays: number;
  maxAccessTokenTtlSeconds: number;
  approvalsRequired: 1 | 2;
  securityApprovalRequired: boolean;
  /** Days before a due date at which reminders go out; the largest is the "due soon" window. */
  reminderOffsetsDays: number[];
};

/** The facts about a credential that policy matching looks at. */
export type PolicySubject = {
  environment: Environment;
  kind: CredentialKind;
  /** True when any application using the credential is third-party. */
  thirdParty: boolean;
  /** The highest sensitivity among the APIs the credential is granted; null when it has no grants. */
  highestSensitivity: Sensitivity | null;
};

/** The most sensitive of the given levels, or null for none (a credential without grants). */
export function highestSensitivity(levels: Iterable<Sensitivity>): Sensitivity | null {
  let highest: Sensitivity | null = null;
  for (const level of levels) {
    if (highest === null || sensitivities.indexOf(level) > sensitivities.indexOf(highest)) highest = level;
  }
  return highest;
}

export function policyMatchesSubject(policy: RotationPolicy, subject: PolicySubject): boolean {
  const { match } = policy;
  if (match.environment !== null && !match.environment.includes(subject.environment)) return false;
  if (match.sensitivity !== null) {
    // A credential with no grants has no sensitivity, so it cannot satisfy a sensitivity condition.
    if (subject.highestSensitivity === null || !match.sensitivity.includes(subject.highestSensitivity)) return false;
  }
  if (match.kind !== null && match.kind !== subject.kind) return false;
  if (match.thirdParty !== null && match.thirdParty !== subject.thirdParty) return false;
  return true;
}

/** How many match fields constrain the subject (0–4). More constraints = more specific. */
export function policySpecificity(policy: RotationPolicy): number {
  const { environment, sensitivity, kind, thirdParty } = policy.match;
  return [environment, sensitivity, kind, thirdParty].filter((field) => field !== null).length;
}

/**
 * The policy that governs a credential.
 *
 * An explicit override wins when it names a policy that still exists; a dangling override (the
 * policy was deleted) falls back to matching rather than leaving the credential ungoverned.
 * Otherwise the most specific matching policy wins, then the higher priority, then the name and
 * id — the last two only so that the answer never depends on the order rows came back in.
 */
export function matchPolicy(
  policies: readonly RotationPolicy[],
  subject: PolicySubject,
  overrideId?: string | null,
): RotationPolicy | undefined {
  if (overrideId != null) {
    const override = policies.find((policy) => policy.id === overrideId);
    if (override) return override;
  }
  let best: RotationPolicy | undefined;
  for (const policy of policies) {
    if (!policyMatchesSubject(policy, subject)) continue;
    if (best === undefined || comparePolicies(policy, best) < 0) best = policy;
  }
  return best;
}

/** Negative when `a` should be preferred over `b`. */
function comparePolicies(a: RotationPolicy, b: RotationPolicy): number {
  const bySpecificity = policySpecificity(b) - policySpecificity(a);
  if (bySpecificity !== 0) return bySpecificity;
  const byPriority = b.priority - a.priority;
  if (byPriority !== 0) return byPriority;
  // Code-unit comparison, not localeCompare: the tie-break must not vary with the server's locale.
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

/** What makes one policy stricter than another (DESIGN §4.1), in the order findings and errors list them. */
export const strictnessAspects = ["maxSecretAgeDays", "reviewCadenceDays", "maxAccessTokenTtlSeconds", "approvalsRequired", "securityApprovalRequired"] as const;
export type StrictnessAspect = (typeof strictnessAspects)[number];
export type PolicyStrictness = Pick<RotationPolicy, StrictnessAspect>;

/** Words for a weaker aspect: "longer secret age", for findings and refusals. */
export const weakerAspectWords: Record<StrictnessAspect, string> = {
  maxSecretAgeDays: "longer secret age",
  reviewCadenceDays: "longer review cadence",
  maxAccessTokenTtlSeconds: "longer access-token lifetime",
  approvalsRequired: "fewer approvals",
  securityApprovalRequired: "no security approval",
};

/**
 * The aspects in which `candidate` governs more loosely than `baseline`; empty means "at least as
 * strict": intervals (secret age, review cadence, token lifetime) not longer, approvals not fewer,
 * a required security approval kept. Reminder offsets are not strictness: they only warn earlier.
 */
export function weakerAspects(candidate: PolicyStrictness, baseline: PolicyStrictness): StrictnessAspect[] {
  const weaker: Record<StrictnessAspect, boolean> = {
    maxSecretAgeDays: candidate.maxSecretAgeDays > baseline.maxSecretAgeDays,
    reviewCadenceDays: candidate.reviewCadenceDays > baseline.reviewCadenceDays,
    maxAccessTokenTtlSeconds: candidate.maxAccessTokenTtlSeconds > baseline.maxAccessTokenTtlSeconds,
    approvalsRequired: candidate.approvalsRequired < baseline.approvalsRequired,
    securityApprovalRequired: baseline.securityApprovalRequired && !candidate.securityApprovalRequired,
  };
  return strictnessAspects.filter((aspect) => weaker[aspect]);
}

/** A credential's governance: the policy its facts match, the one governing it (an override where set), its own review cadence. */
export type Governance = { matched: RotationPolicy | undefined; effective: RotationPolicy | undefined; reviewCadenceDays: number | null };
export type GovernanceOverride = "rotationPolicy" | "reviewCadenceDays";

/**
 * The overrides among `changed` that leave a credential governed more loosely than its matched
 * policy (issue 12), each with its refusal; empty when none does. Every writer asks this one rule
 * (the REST edit, the import's plan), and only security may go ahead regardless.
 */
export function weakeningOverrides(governance: Governance, changed: readonly GovernanceOverride[]): Partial<Record<GovernanceOverride, string>> {
  const { matched, effective, reviewCadenceDays } = governance;
  if (!matched) return {};
  const refusal = (aspects: string[]) => `is weaker than the matched policy “${matched.name}” (${aspects.join(", ")}); only security may accept weaker governance`;
  const out: Partial<Record<GovernanceOverride, string>> = {};
  const policyWeaker = effective ? weakerAspects(effective, matched) : [];
  if (changed.includes("rotationPolicy") && policyWeaker.length) out.rotationPolicy = refusal(policyWeaker.map((a) => weakerAspectWords[a]));
  if (changed.includes("reviewCadenceDays") && reviewCadenceDays !== null && reviewCadenceDays > matched.reviewCadenceDays) out.reviewCadenceDays = refusal([weakerAspectWords.reviewCadenceDays]);
  return out;
}

/** The governance a credential actually gets: its policy, with its own review cadence where it sets one. */
export function withCadenceOverride<P extends PolicyStrictness>(policy: P, cadenceOverrideDays: number | null): P {
  return cadenceOverrideDays === null ? policy : { ...policy, reviewCadenceDays: cadenceOverrideDays };
}

const defaultReminderOffsetsDays = [30, 7, 1];

/**
 * The policies Steward ships with (DESIGN §4.1). Together they cover every credential: the two
 * production policies split on API sensitivity (the sensitive one has two match fields, so it beats
 * the plain production one), and the non-production policy covers the other three environments.
 */
export const defaultPolicies: readonly RotationPolicy[] = [
  {
    id: "default-production-sensitive",
    name: "Production — high or critical API",
    priority: 0,
    match: { environment: ["production"], sensitivity: ["high", "critical"], kind: null, thirdParty: null },
    maxSecretAgeDays: 90,
    reviewCadenceDays: 90,
    maxAccessTokenTtlSeconds: 900,
    approvalsRequired: 2,
    securityApprovalRequired: true,
    reminderOffsetsDays: [...defaultReminderOffsetsDays],
  },
  {
    id: "default-production",
    name: "Production",
    priority: 0,
    match: { environment: ["production"], sensitivity: null, kind: null, thirdParty: null },
    maxSecretAgeDays: 180,
    reviewCadenceDays: 180,
    maxAccessTokenTtlSeconds: 3600,
    approvalsRequired: 1,
    securityApprovalRequired: false,
    reminderOffsetsDays: [...defaultReminderOffsetsDays],
  },
  {
    id: "default-non-production",
    name: "Non-production",
    priority: 0,
    match: { environment: ["staging", "development", "test"], sensitivity: null, kind: null, thirdParty: null },
    maxSecretAgeDays: 365,
    reviewCadenceDays: 365,
    maxAccessTokenTtlSeconds: 3600,
    approvalsRequired: 1,
    securityApprovalRequired: false,
    reminderOffsetsDays: [...defaultReminderOffsetsDays],
  },
];
