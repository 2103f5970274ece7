import { z } from "zod";
import { pageOf } from "./common";

const iso = z.iso.datetime();
const isoOrNull = iso.nullable();
const ref = z.object({ id: z.uuid(), name: z.string() }).nullable();

export const serverDto = z.object({
  id: z.uuid(),
  key: z.string(),
  name: z.string(),
  issuerUrl: z.string(),
  tokenEndpoint: z.string().nullable(),
  jwksUri: z.string().nullable(),
  discoveryUrl: z.string().nullable(),
  trustDomain: z.string().nullable(),
  vendor: z.string().nullable(),
  supportedAuthMethods: z.array(z.string()),
  supportedGrantTypes: z.array(z.string()),
  createdAt: iso,
  updatedAt: iso,
});

export const discoveredDto = z.object({
  issuer: z.string(),
  tokenEndpoint: z.string().nullable(),
  jwksUri: z.string().nullable(),
  discoveryUrl: z.string(),
  supportedAuthMethods: z.array(z.string()),
  supportedGrantTypes: z.array(z.string()),
  source: z.string(),
});

export const scopeDto = z.object({ id: z.uuid(), name: z.string(), description: z.string().nullable(), privilege: z.enum(["read", "write", "admin"]) });

const apiBase = {
  id: z.uuid(),
  key: z.string(),
  name: z.string(),
  audience: z.string(),
  trustZone: z.string(),
  sensitivity: z.enum(["low", "moderate", "high", "critical"]),
  owningTeamId: z.uuid().nullable(),
  owningTeamName: z.string().nullable(),
  createdAt: iso,
  updatedAt: iso,
};
export const apiListItemDto = z.object({ ...apiBase, scopeCount: z.number().int() });
export const apiDto = z.object({ ...apiBase, scopes: z.array(scopeDto) });

export const applicationDto = z.object({
  id: z.uuid(),
  key: z.string(),
  name: z.string(),
  owningTeamId: z.uuid().nullable(),
  owningTeamName: z.string().nullable(),
  environment: z.string(),
  trustZone: z.string(),
  thirdParty: z.boolean(),
  autonomous: z.boolean(),
  status: z.string(),
  createdAt: iso,
  updatedAt: iso,
});

export const policyDto = z.object({
  id: z.uuid(),
  key: z.string(),
  name: z.string(),
  priority: z.number().int(),
  matchEnvironments: z.array(z.string()).nullable(),
  matchSensitivities: z.array(z.string()).nullable(),
  matchKind: z.string().nullable(),
  matchThirdParty: z.boolean().nullable(),
  maxSecretAgeDays: z.number().int(),
  reviewCadenceDays: z.number().int(),
  maxAccessTokenTtlSeconds: z.number().int(),
  approvalsRequired: z.number().int(),
  securityApprovalRequired: z.boolean(),
  reminderOffsetsDays: z.array(z.number().int()),
  createdAt: iso,
  updatedAt: iso,
});

export const dueBucketDto = z.enum(["overdue", "due_soon", "ok", "none"]);

export const credentialListItemDto = z.object({
  id: z.uuid(),
  key: z.string(),
  name: z.string(),
  kind: z.string(),
  environment: z.string(),
  status: z.string(),
  clientId: z.string().nullable(),
  owner: ref,
  owningTeam: ref,
  rotationDueAt: isoOrNull,
  reviewDueAt: isoOrNull,
  rotationBucket: dueBucketDto,
  reviewBucket: dueBucketDto,
});
export const credentialPageDto = z.object({ items: z.array(credentialListItemDto), nextCursor: z.string().nullable() });

export const secretDto = z.object({
  id: z.uuid(),
  kind: z.string(),
  storage: z.string(),
  storageRef: z.string().nullable(),
  issuedAt: iso,
  expiresAt: isoOrNull,
  lastRotatedAt: isoOrNull,
  status: z.string(),
  hasFingerprint: z.boolean(),
  leakedAt: isoOrNull,
  leakSource: z.string().nullable(),
  remediatedAt: isoOrNull,
  createdAt: iso,
});

export const credentialDetailDto = z.object({
  id: z.uuid(),
  key: z.string(),
  kind: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  environment: z.string(),
  status: z.string(),
  clientId: z.string().nullable(),
  authorizationServer: ref,
  /** The credential's own token endpoint; null means "the authorization server's". */
  tokenEndpoint: z.string().nullable(),
  effectiveTokenEndpoint: z.string().nullable(),
  grantTypes: z.array(z.string()),
  clientAuthMethod: z.string().nullable(),
  accessTokenTtlSeconds: z.number().int().nullable(),
  refreshTokenTtlSeconds: z.number().int().nullable(),
  owner: ref,
  backupOwner: ref,
  owningTeam: ref,
  identityGovernanceTeam: ref,
  platformTeam: ref,
  /** Stored owners; null means "the owner" (see the effective fields). */
  rotationOwner: ref,
  revocationOwner: ref,
  effectiveRotationOwner: ref,
  effectiveRevocationOwner: ref,
  breakGlassProcedure: z.string().nullable(),
  sdkName: z.string().nullable(),
  sdkVersion: z.string().nullable(),
  sdkOwner: ref,
  tokenCache: z.string(),
  tokenPersistence: z.string().nullable(),
  logsRedactTokens: z.string(),
  reviewCadenceDays: z.number().int().nullable(),
  lastReviewedAt: isoOrNull,
  rotationPolicyId: z.uuid().nullable(),
  effectivePolicy: ref,
  rotationDueAt: isoOrNull,
  reviewDueAt: isoOrNull,
  rotationBucket: dueBucketDto,
  reviewBucket: dueBucketDto,
  applications: z.array(z.object({ id: z.uuid(), key: z.string(), name: z.string(), environment: z.string(), trustZone: z.string(), thirdParty: z.boolean(), status: z.string() })),
  grants: z.array(
    z.object({
      apiId: z.uuid(),
      apiKey: z.string(),
      apiName: z.string(),
      audience: z.string(),
      trustZone: z.string(),
      sensitivity: z.string(),
      justification: z.string().nullable(),
      scopes: z.array(scopeDto.extend({ lastUsedAt: isoOrNull })),
    }),
  ),
  secrets: z.array(secretDto),
  createdAt: iso,
  updatedAt: iso,
});

export const leakMatchDto = z.object({
  matches: z.array(
    z.object({
      secretId: z.uuid(),
      secretStatus: z.string(),
      secretKind: z.string(),
      storage: z.string(),
      credentialId: z.uuid(),
      credentialName: z.string(),
      environment: z.string(),
      ownerName: z.string().nullable(),
    }),
  ),
});

export const serverPageDto = pageOf(serverDto);
export const apiPageDto = pageOf(apiListItemDto);
export const applicationPageDto = pageOf(applicationDto);
