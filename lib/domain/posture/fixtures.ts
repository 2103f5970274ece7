import type { PostureApplication, PostureGrant, PostureInput, PosturePerson, PostureSecret, PostureUsage, PostureUsageEntry } from "./types";

/**
 * Builders for rule tests: a production credential that passes every rule, to be bent one field at a
 * time. Exported for the engine's and the exports' tests too.
 */
export const NOW = new Date("2026-06-01T12:00:00.000Z");
export const DAY = 86_400_000;

export const person = (name: string, patch: Partial<PosturePerson> = {}): PosturePerson => ({ id: `p-${name.toLowerCase().replace(/\W+/g, "-")}`, name, isActive: true, ...patch });

export const secret = (patch: Partial<PostureSecret> = {}): PostureSecret => ({
  id: "s-1",
  kind: "client_secret",
  storage: "vault",
  status: "active",
  issuedAt: new Date(NOW.getTime() - 30 * DAY),
  expiresAt: new Date(NOW.getTime() + 60 * DAY),
  hasFingerprint: false,
  leakedAt: null,
  remediatedAt: null,
  ...patch,
});

export const grant = (patch: Partial<PostureGrant> = {}): PostureGrant => ({
  apiId: "api-1",
  apiKey: "payments",
  apiName: "Payments API",
  audience: "https://payments.example.com",
  trustZone: "internal",
  sensitivity: "moderate",
  scopes: [{ name: "payments.read", privilege: "read" }],
  grantedAt: new Date(NOW.getTime() - 365 * DAY),
  approverKnown: true,
  ...patch,
});

export const application = (patch: Partial<PostureApplication> = {}): PostureApplication => ({
  id: "app-1",
  key: "crm",
  name: "CRM",
  environment: "production",
  trustZone: "internal",
  thirdParty: false,
  status: "active",
  ...patch,
});

/** No usage reported: the rules of DESIGN §5.4 do not apply. */
export const noUsage = (patch: Partial<PostureUsage> = {}): PostureUsage => ({
  firstSeenAt: null,
  lastIssuedAt: null,
  maxTtlSeconds30d: null,
  entries: [],
  unusedScopeDays: 90,
  dormantDays: 90,
  ...patch,
});

export const usageEntry = (patch: Partial<PostureUsageEntry> = {}): PostureUsageEntry => ({
  audience: "https://payments.example.com",
  scope: "payments.read",
  lastIssuedAt: null,
  lastAllowedAt: null,
  allowed30d: 0,
  denied30d: 0,
  ...patch,
});

/** The policy matching picks for the fixture; without an override it is also the effective one. */
const matched = { id: "pol-1", name: "Production, sensitive APIs", maxAccessTokenTtlSeconds: 900, maxSecretAgeDays: 90, reviewCadenceDays: 90, approvalsRequired: 2 as const, securityApprovalRequired: true };

export function postureInput(patch: Partial<Omit<PostureInput, "credential">> & { credential?: Partial<PostureInput["credential"]> } = {}): PostureInput {
  const owner = person("Ann Owner");
  const { credential, ...rest } = patch;
  return {
    now: NOW,
    credential: {
      id: "c-1",
      name: "CRM signing client",
      kind: "oauth_client",
      environment: "production",
      status: "active",
      grantTypes: ["client_credentials"],
      clientAuthMethod: "private_key_jwt",
      accessTokenTtlSeconds: 299,
      tokenCache: "in_memory",
      logsRedactTokens: "yes",
      breakGlassProcedure: "Disable the client in the IdP console; page the platform on-call.",
      rotationDueAt: new Date(NOW.getTime() + 30 * DAY),
      reviewDueAt: new Date(NOW.getTime() + 30 * DAY),
      lastReviewedAt: new Date(NOW.getTime() - 60 * DAY),
      reviewCadenceDays: null,
      createdAt: new Date(NOW.getTime() - 365 * DAY),
      ...credential,
    },
    owner,
    backupOwner: person("Bo Backup"),
    sdkOwner: null,
    rotationOwner: owner,
    revocationOwner: owner,
    policy: { ...matched },
    matchedPolicy: matched,
    secrets: [secret()],
    grants: [grant()],
    applications: [application()],
    fingerprintMatches: [],
    usage: noUsage(),
    ...rest,
  };
}
