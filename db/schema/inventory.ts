import { sql } from "drizzle-orm";
import { boolean, index, integer, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { id, timestamps, tstz } from "./columns";
import { people, teams } from "./org";
import { rotationPolicies } from "./policies";
import { users } from "./users";
import { applicationStatuses, clientAuthMethods, credentialKinds, credentialStatuses, environments, scopePrivileges, secretKinds, secretStatuses, secretStorages, sensitivities, tokenCaches, triStates } from "@/lib/domain/vocabulary/inventory";
import { decommissionReasons } from "@/lib/domain/vocabulary/review";

export const environmentEnum = pgEnum("environment", environments);
export const sensitivityEnum = pgEnum("sensitivity", sensitivities);
export const scopePrivilegeEnum = pgEnum("scope_privilege", scopePrivileges);
export const applicationStatusEnum = pgEnum("application_status", applicationStatuses);
export const credentialKindEnum = pgEnum("credential_kind", credentialKinds);
export const credentialStatusEnum = pgEnum("credential_status", credentialStatuses);
/** DESIGN §4.4. */
export const decommissionReasonEnum = pgEnum("decommission_reason", decommissionReasons);
export const clientAuthMethodEnum = pgEnum("client_auth_method", clientAuthMethods);
export const tokenCacheEnum = pgEnum("token_cache", tokenCaches);
export const triStateEnum = pgEnum("tri_state", triStates);
export const secretKindEnum = pgEnum("secret_kind", secretKinds);
export const secretStorageEnum = pgEnum("secret_storage", secretStorages);
export const secretStatusEnum = pgEnum("secret_status", secretStatuses);
/** Issue 14: a grant is a decision record; only `approved` grants count as access (DESIGN §4.5). */
export const grantStatusEnum = pgEnum("grant_status", ["requested", "approved", "rejected", "revoked", "expired"]);

/** DESIGN §3.2. `key` is the natural key used by the inventory file (§8.2). */
export const authorizationServers = pgTable(
  "authorization_servers",
  {
    id: id(),
    key: text("key").notNull(),
    name: text("name").notNull(),
    issuerUrl: text("issuer_url").notNull(),
    tokenEndpoint: text("token_endpoint"),
    jwksUri: text("jwks_uri"),
    discoveryUrl: text("discovery_url"),
    trustDomain: text("trust_domain"),
    vendor: text("vendor"),
    supportedAuthMethods: text("supported_auth_methods").array().notNull().default(sql`'{}'::text[]`),
    supportedGrantTypes: text("supported_grant_types").array().notNull().default(sql`'{}'::text[]`),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("authorization_servers_key_key").on(t.key),
    uniqueIndex("authorization_servers_issuer_key").on(t.issuerUrl),
    index("authorization_servers_name_idx").on(t.name, t.id),
  ],
);

export const apis = pgTable(
  "apis",
  {
    id: id(),
    key: text("key").notNull(),
    name: text("name").notNull(),
    audience: text("audience").notNull(),
    trustZone: text("trust_zone").notNull(),
    sensitivity: sensitivityEnum("sensitivity").notNull(),
    owningTeamId: uuid("owning_team_id").references(() => teams.id),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("apis_key_key").on(t.key),
    uniqueIndex("apis_audience_key").on(t.audience),
    index("apis_name_idx").on(t.name, t.id),
    index("apis_team_idx").on(t.owningTeamId),
    index("apis_zone_idx").on(t.trustZone),
    index("apis_name_trgm_idx").using("gin", sql`${t.name} gin_trgm_ops`),
    index("apis_audience_trgm_idx").using("gin", sql`${t.audience} gin_trgm_ops`),
  ],
);

export const apiScopes = pgTable(
  "api_scopes",
  {
    id: id(),
    apiId: uuid("api_id")
      .notNull()
      .references(() => apis.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description"),
    privilege: scopePrivilegeEnum("privilege").notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex("api_scopes_api_name_key").on(t.apiId, t.name)],
);

export const applications = pgTable(
  "applications",
  {
    id: id(),
    key: text("key").notNull(),
    name: text("name").notNull(),
    owningTeamId: uuid("owning_team_id").references(() => teams.id),
    environment: environmentEnum("environment").notNull(),
    trustZone: text("trust_zone").notNull(),
    thirdParty: boolean("third_party").notNull().default(false),
    autonomous: boolean("autonomous").notNull().default(false),
    status: applicationStatusEnum("status").notNull().default("active"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("applications_key_key").on(t.key),
    index("applications_name_idx").on(t.name, t.id),
    index("applications_team_idx").on(t.owningTeamId),
  ],
);

/** The NHI record (DESIGN §3.3). Due columns are derived (lib/domain/due-dates) and kept for filtering and sorting. */
export const credentials = pgTable(
  "credentials",
  {
    id: id(),
    key: text("key").notNull(),
    kind: credentialKindEnum("kind").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    environment: environmentEnum("environment").notNull(),
    status: credentialStatusEnum("status").notNull().default("active"),
    clientId: text("client_id"),
    authorizationServerId: uuid("authorization_server_id").references(() => authorizationServers.id),
    tokenEndpoint: text("token_endpoint"),
    grantTypes: text("grant_types").array().notNull().default(sql`'{}'::text[]`),
    clientAuthMethod: clientAuthMethodEnum("client_auth_method"),
    accessTokenTtlSeconds: integer("access_token_ttl_seconds"),
    refreshTokenTtlSeconds: integer("refresh_token_ttl_seconds"),
    ownerId: uuid("owner_id").references(() => people.id),
    backupOwnerId: uuid("backup_owner_id").references(() => people.id),
    owningTeamId: uuid("owning_team_id").references(() => teams.id),
    identityGovernanceTeamId: uuid("identity_governance_team_id").references(() => teams.id),
    platformTeamId: uuid("platform_team_id").references(() => teams.id),
    rotationOwnerId: uuid("rotation_owner_id").references(() => people.id),
    revocationOwnerId: uuid("revocation_owner_id").references(() => people.id),
    breakGlassProcedure: text("break_glass_procedure"),
    sdkName: text("sdk_name"),
    sdkVersion: text("sdk_version"),
    sdkOwnerId: uuid("sdk_owner_id").references(() => people.id),
    tokenCache: tokenCacheEnum("token_cache").notNull().default("unknown"),
    tokenPersistence: text("token_persistence"),
    logsRedactTokens: triStateEnum("logs_redact_tokens").notNull().default("unknown"),
    reviewCadenceDays: integer("review_cadence_days"),
    lastReviewedAt: tstz("last_reviewed_at"),
    rotationPolicyId: uuid("rotation_policy_id").references(() => rotationPolicies.id),
    // Derived, recomputed in the transaction of every change to their inputs.
    effectivePolicyId: uuid("effective_policy_id").references(() => rotationPolicies.id),
    rotationDueAt: tstz("rotation_due_at"),
    reviewDueAt: tstz("review_due_at"),
    dueSoonDays: integer("due_soon_days").notNull().default(30),
    // Decommissioning (DESIGN §4.4): the record stays, read-only, as evidence.
    decommissionedAt: tstz("decommissioned_at"),
    decommissionReason: decommissionReasonEnum("decommission_reason"),
    disabledAtServerConfirmed: boolean("disabled_at_server_confirmed"),
    decommissionedById: uuid("decommissioned_by_id").references(() => users.id),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("credentials_key_key").on(t.key),
    uniqueIndex("credentials_server_client_key").on(t.authorizationServerId, t.clientId),
    index("credentials_name_idx").on(t.name, t.id),
    // Sort keys of the inventory (db/queries/credentials.ts sortKey): no due date sorts last. Migration 0024
    // adds INCLUDE (the due column, name, client_id) to these three (drizzle cannot say INCLUDE), so a
    // search filters the sort index's own entries in an index-only scan.
    index("credentials_rotation_due_key_idx").on(sql`coalesce(${t.rotationDueAt}, 'infinity'::timestamptz)`, t.id),
    index("credentials_review_due_key_idx").on(sql`coalesce(${t.reviewDueAt}, 'infinity'::timestamptz)`, t.id),
    index("credentials_team_env_due_idx").on(t.owningTeamId, t.environment, sql`coalesce(${t.rotationDueAt}, 'infinity'::timestamptz)`, t.id),
    index("credentials_owner_idx").on(t.ownerId),
    index("credentials_backup_owner_idx").on(t.backupOwnerId),
    index("credentials_sdk_owner_idx").on(t.sdkOwnerId),
    index("credentials_rotation_owner_idx").on(t.rotationOwnerId),
    index("credentials_revocation_owner_idx").on(t.revocationOwnerId),
    index("credentials_env_idx").on(t.environment, sql`coalesce(${t.rotationDueAt}, 'infinity'::timestamptz)`, t.id),
    // The SDK and token-cache filters (a rare SDK would otherwise walk the whole sort index).
    index("credentials_sdk_due_idx").on(t.sdkName, sql`coalesce(${t.rotationDueAt}, 'infinity'::timestamptz)`, t.id),
    index("credentials_token_cache_due_idx").on(t.tokenCache, sql`coalesce(${t.rotationDueAt}, 'infinity'::timestamptz)`, t.id),
    // Due-bucket filters are range conditions on the plain columns.
    index("credentials_rotation_due_idx").on(t.rotationDueAt),
    index("credentials_review_due_idx").on(t.reviewDueAt),
    index("credentials_status_idx").on(t.status),
    index("credentials_kind_idx").on(t.kind),
    index("credentials_client_id_idx").on(t.clientId),
    index("credentials_name_trgm_idx").using("gin", sql`${t.name} gin_trgm_ops`),
    index("credentials_client_id_trgm_idx").using("gin", sql`${t.clientId} gin_trgm_ops`),
  ],
);

/** The credential a row belongs to (its links, grants, secrets, decisions): required, and deleted with it. */
export const ownedByCredential = () =>
  uuid("credential_id")
    .notNull()
    .references(() => credentials.id, { onDelete: "cascade" });

export const credentialApplications = pgTable(
  "credential_applications",
  {
    credentialId: ownedByCredential(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.credentialId, t.applicationId] }), index("credential_applications_app_idx").on(t.applicationId)],
);

/** A credential's access to one API: the scopes granted and why. */
export const credentialGrants = pgTable(
  "credential_grants",
  {
    id: id(),
    credentialId: ownedByCredential(),
    apiId: uuid("api_id")
      .notNull()
      .references(() => apis.id),
    justification: text("justification"),
    /** DESIGN §4.5 (issue 14): the decision; lib/server/access/decisions.ts is its only writer. */
    status: grantStatusEnum("status").notNull().default("requested"),
    /** User ids, as the audit log keeps its actors (no foreign key: a decision record outlives its people's accounts). */
    requestedById: uuid("requested_by_id"),
    /** Who decided last (the approver while approved; null on a grant migrated as approved-by-unknown). */
    decidedById: uuid("decided_by_id"),
    decidedAt: tstz("decided_at"),
    /** Re-review date from the API's sensitivity; passing it expires the grant. */
    reviewDueAt: tstz("review_due_at"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("credential_grants_credential_api_key").on(t.credentialId, t.apiId),
    index("credential_grants_api_idx").on(t.apiId),
    // Pending requests and due re-reviews per API (My queue of the API's owning team).
    index("credential_grants_api_status_idx").on(t.apiId, t.status, t.reviewDueAt),
    // The expiry sweep: approved grants whose re-review date has passed.
    index("credential_grants_review_due_idx").on(t.reviewDueAt).where(sql`${t.status} = 'approved'`),
  ],
);

export const credentialGrantScopes = pgTable(
  "credential_grant_scopes",
  {
    grantId: uuid("grant_id")
      .notNull()
      .references(() => credentialGrants.id, { onDelete: "cascade" }),
    scopeId: uuid("scope_id")
      .notNull()
      .references(() => apiScopes.id),
    lastUsedAt: tstz("last_used_at"),
  },
  (t) => [primaryKey({ columns: [t.grantId, t.scopeId] }), index("credential_grant_scopes_scope_idx").on(t.scopeId)],
);

/** Secret metadata only (DESIGN §3.4): never a value. The optional fingerprint is HMAC-SHA256(pepper, value). */
export const secrets = pgTable(
  "secrets",
  {
    id: id(),
    credentialId: ownedByCredential(),
    kind: secretKindEnum("kind").notNull(),
    storage: secretStorageEnum("storage").notNull(),
    storageRef: text("storage_ref"),
    issuedAt: tstz("issued_at").notNull(),
    expiresAt: tstz("expires_at"),
    lastRotatedAt: tstz("last_rotated_at"),
    status: secretStatusEnum("status").notNull().default("active"),
    fingerprint: text("fingerprint"),
    leakedAt: tstz("leaked_at"),
    leakSource: text("leak_source"),
    remediatedAt: tstz("remediated_at"),
    ...timestamps,
  },
  (t) => [
    index("secrets_credential_idx").on(t.credentialId, t.status),
    index("secrets_fingerprint_idx").on(t.fingerprint),
  ],
);
