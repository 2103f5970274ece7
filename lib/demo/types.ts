/**
 * The demo organisation as plain data. Records refer to each other by natural keys (`key`, and
 * `email` for people), like the inventory file (DESIGN §8.2), so the loader can resolve them to ids.
 */
import type { CredentialKind, Environment, Sensitivity } from "@/lib/domain/policies";
import type { TeamKind } from "./catalog";

export type DemoTeam = { key: string; name: string; kind: TeamKind; memberEmails: string[] };

export type DemoPerson = { email: string; name: string; isActive: boolean };

export type DemoServer = {
  key: string;
  name: string;
  vendor: string;
  issuerUrl: string;
  tokenEndpoint: string;
  jwksUri: string;
  discoveryUrl: string;
  trustDomain: string;
  supportedAuthMethods: string[];
  supportedGrantTypes: string[];
};

export type DemoScope = { name: string; description: string; privilege: "read" | "write" | "admin" };

export type DemoApi = {
  key: string;
  name: string;
  audience: string;
  trustZone: string;
  sensitivity: Sensitivity;
  owningTeamKey: string;
  scopes: DemoScope[];
};

export type DemoApplication = {
  key: string;
  name: string;
  owningTeamKey: string;
  environment: Environment;
  trustZone: string;
  thirdParty: boolean;
  autonomous: boolean;
  status: "active" | "retired";
};

export type SecretKind = "client_secret" | "private_key" | "certificate" | "api_key" | "refresh_token";
export type SecretStorage = "secrets_manager" | "vault" | "kms" | "ci_variable" | "env_file" | "config_file" | "source_code" | "unknown";

export type DemoSecret = {
  kind: SecretKind;
  storage: SecretStorage;
  storageRef: string | null;
  issuedAt: Date;
  expiresAt: Date | null;
  lastRotatedAt: Date | null;
  status: "active" | "superseded" | "revoked" | "leaked";
  /**
   * Secrets with the same group share one (random, never stored) value, so their fingerprints
   * match: that is how reuse is staged. Null: no fingerprint recorded.
   */
  fingerprintGroup: string | null;
  leakedAt: Date | null;
  leakSource: string | null;
  remediatedAt: Date | null;
};

export type DemoGrant = { apiKey: string; scopes: string[]; justification: string | null };

export type GrantType =
  | "client_credentials"
  | "urn:ietf:params:oauth:grant-type:jwt-bearer"
  | "urn:ietf:params:oauth:grant-type:token-exchange"
  | "authorization_code"
  | "refresh_token"
  | "password"
  | "implicit";

export type ClientAuthMethod =
  | "client_secret_basic"
  | "client_secret_post"
  | "client_secret_jwt"
  | "private_key_jwt"
  | "tls_client_auth"
  | "self_signed_tls_client_auth"
  | "none";

/** The flaws staged on purpose; each one should surface as the posture finding of the same name (DESIGN §5.1). */
export const demoFlaws = [
  "owner-missing",
  "owner-inactive",
  "backup-owner-missing",
  "go-live-readiness",
  "rotation-overdue",
  "review-overdue",
  "secret-no-expiry",
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
  "token-cache-persistent",
  "third-party-unreviewed",
  "orphaned-after-retirement",
] as const;
export type DemoFlaw = (typeof demoFlaws)[number];

export type DemoCredential = {
  key: string;
  kind: CredentialKind;
  name: string;
  description: string;
  environment: Environment;
  status: "active" | "suspended" | "decommissioned";
  clientId: string | null;
  serverKey: string | null;
  /** Null: the server's token endpoint applies. */
  tokenEndpoint: string | null;
  grantTypes: GrantType[];
  clientAuthMethod: ClientAuthMethod | null;
  accessTokenTtlSeconds: number | null;
  refreshTokenTtlSeconds: number | null;
  ownerEmail: string | null;
  backupOwnerEmail: string | null;
  owningTeamKey: string | null;
  identityGovernanceTeamKey: string | null;
  platformTeamKey: string | null;
  rotationOwnerEmail: string | null;
  revocationOwnerEmail: string | null;
  breakGlassProcedure: string | null;
  sdkName: string | null;
  sdkVersion: string | null;
  sdkOwnerEmail: string | null;
  tokenCache: "none" | "in_memory" | "disk" | "shared_cache" | "unknown";
  tokenPersistence: string | null;
  logsRedactTokens: "yes" | "no" | "unknown";
  reviewCadenceDays: number | null;
  lastReviewedAt: Date | null;
  createdAt: Date;
  applicationKeys: string[];
  grants: DemoGrant[];
  secrets: DemoSecret[];
  /** What was staged on this record (documentation and tests; not stored). */
  flaws: DemoFlaw[];
};

export type DemoOrganisation = {
  name: string;
  domain: string;
  teams: DemoTeam[];
  people: DemoPerson[];
  servers: DemoServer[];
  apis: DemoApi[];
  applications: DemoApplication[];
  credentials: DemoCredential[];
};
