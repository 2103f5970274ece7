import type {
  applicationStatuses,
  clientAuthMethods,
  credentialKinds,
  credentialStatuses,
  environments,
  scopePrivileges,
  secretKinds,
  secretStatuses,
  secretStorages,
  sensitivities,
  tokenCaches,
  triStates,
} from "@/lib/validation/inventory";
import type { teamKinds } from "@/lib/validation/org";

/** Full records: what Steward holds, in file terms (keys and emails, not ids): what export writes and what an import is compared with. */

export type PersonFull = { email: string; name: string; active: boolean };
export type TeamFull = { key: string; name: string; kind: (typeof teamKinds)[number]; members: string[] };
export type ServerFull = {
  key: string;
  name: string;
  issuerUrl: string;
  tokenEndpoint: string | null;
  jwksUri: string | null;
  discoveryUrl: string | null;
  trustDomain: string | null;
  vendor: string | null;
  supportedAuthMethods: string[];
  supportedGrantTypes: string[];
};
export type ScopeFull = { name: string; description: string | null; privilege: (typeof scopePrivileges)[number] };
export type ApiFull = {
  key: string;
  name: string;
  audience: string;
  trustZone: string;
  sensitivity: (typeof sensitivities)[number];
  owningTeam: string | null;
  scopes: ScopeFull[];
};
export type ApplicationFull = {
  key: string;
  name: string;
  owningTeam: string | null;
  environment: (typeof environments)[number];
  trustZone: string;
  thirdParty: boolean;
  autonomous: boolean;
  status: (typeof applicationStatuses)[number];
};
export type SecretFull = {
  kind: (typeof secretKinds)[number];
  issuedAt: string;
  storage: (typeof secretStorages)[number];
  storageRef: string | null;
  expiresAt: string | null;
  lastRotatedAt: string | null;
  status: (typeof secretStatuses)[number];
  fingerprint: string | null;
  leakedAt: string | null;
  leakSource: string | null;
  remediatedAt: string | null;
};
/** `grantedSince`: when the grant's record began (DESIGN §5.4: the unused-scope rule counts from it). */
export type GrantFull = { api: string; scopes: string[]; justification: string | null; grantedSince: string };
export type CredentialFull = {
  key: string;
  kind: (typeof credentialKinds)[number];
  name: string;
  description: string | null;
  environment: (typeof environments)[number];
  status: (typeof credentialStatuses)[number];
  clientId: string | null;
  authorizationServer: string | null;
  tokenEndpoint: string | null;
  grantTypes: string[];
  clientAuthMethod: (typeof clientAuthMethods)[number] | null;
  accessTokenTtlSeconds: number | null;
  refreshTokenTtlSeconds: number | null;
  applications: string[];
  owner: string | null;
  backupOwner: string | null;
  owningTeam: string | null;
  identityGovernanceTeam: string | null;
  platformTeam: string | null;
  rotationOwner: string | null;
  revocationOwner: string | null;
  breakGlassProcedure: string | null;
  sdkName: string | null;
  sdkVersion: string | null;
  sdkOwner: string | null;
  tokenCache: (typeof tokenCaches)[number];
  tokenPersistence: string | null;
  logsRedactTokens: (typeof triStates)[number];
  reviewCadenceDays: number | null;
  lastReviewedAt: string | null;
  rotationPolicy: string | null;
  grants: GrantFull[];
  secrets: SecretFull[];
};

export type FullOf = {
  person: PersonFull;
  team: TeamFull;
  authorizationServer: ServerFull;
  api: ApiFull;
  application: ApplicationFull;
  credential: CredentialFull;
};

/** CSV columns, in order: one row per credential (DESIGN §8.2). */
export const csvColumns = [
  "key",
  "kind",
  "name",
  "description",
  "environment",
  "status",
  "clientId",
  "authorizationServer",
  "tokenEndpoint",
  "grantTypes",
  "clientAuthMethod",
  "accessTokenTtlSeconds",
  "refreshTokenTtlSeconds",
  "applications",
  "owner",
  "backupOwner",
  "owningTeam",
  "identityGovernanceTeam",
  "platformTeam",
  "rotationOwner",
  "revocationOwner",
  "breakGlassProcedure",
  "sdkName",
  "sdkVersion",
  "sdkOwner",
  "tokenCache",
  "tokenPersistence",
  "logsRedactTokens",
  "reviewCadenceDays",
  "lastReviewedAt",
  "rotationPolicy",
  "grants",
] as const satisfies readonly (keyof CredentialFull)[];
export type CsvColumn = (typeof csvColumns)[number];

/**
 * The credential properties every representation carries as they are (the stored row, the file
 * record, the demo draft, the edit form): no reference to resolve, no list, no format change.
 * In file order, in groups, so a writer that interleaves references keeps that order.
 */
export const credentialIdentityFields = ["key", "kind", "name", "description", "environment", "status", "clientId"] as const;
export const credentialClientFields = ["tokenEndpoint", "grantTypes", "clientAuthMethod", "accessTokenTtlSeconds", "refreshTokenTtlSeconds"] as const;
export const credentialSdkFields = ["sdkName", "sdkVersion", "tokenCache", "tokenPersistence", "logsRedactTokens"] as const;
export const credentialPlainFields = [...credentialIdentityFields, ...credentialClientFields, "breakGlassProcedure", ...credentialSdkFields, "reviewCadenceDays"] as const;

/** The listed properties of `from`, copied as they are. */
export function copyFields<T, K extends keyof T>(from: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) out[k] = from[k];
  return out;
}
