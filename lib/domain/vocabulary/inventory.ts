/**
 * The inventory's vocabulary (DESIGN §3; the database enums mirror these): plain `as const` lists,
 * no zod, so client components can render them as options without shipping the schemas.
 * lib/validation/inventory builds its z.enum fields from these same lists.
 */
export const environments = ["production", "staging", "development", "test"] as const;
export const sensitivities = ["low", "moderate", "high", "critical"] as const;
export const scopePrivileges = ["read", "write", "admin"] as const;
export const applicationStatuses = ["active", "retired"] as const;
export const credentialKinds = ["oauth_client", "api_key", "service_account_key", "certificate", "personal_access_token"] as const;
export const credentialStatuses = ["active", "suspended", "decommissioned"] as const;
export const grantTypes = [
  "client_credentials",
  "urn:ietf:params:oauth:grant-type:jwt-bearer",
  "urn:ietf:params:oauth:grant-type:token-exchange",
  "authorization_code",
  "refresh_token",
  "password",
  "implicit",
] as const;
export const clientAuthMethods = [
  "client_secret_basic",
  "client_secret_post",
  "client_secret_jwt",
  "private_key_jwt",
  "tls_client_auth",
  "self_signed_tls_client_auth",
  "none",
] as const;
export const tokenCaches = ["none", "in_memory", "disk", "shared_cache", "unknown"] as const;
export const triStates = ["yes", "no", "unknown"] as const;
export const secretKinds = ["client_secret", "private_key", "certificate", "api_key", "refresh_token"] as const;
export const secretStorages = ["secrets_manager", "vault", "kms", "ci_variable", "env_file", "config_file", "source_code", "unknown"] as const;
export const secretStatuses = ["active", "superseded", "revoked", "leaked"] as const;

/** The credential list's filter and sort values. */
export const dueBuckets = ["overdue", "due_soon", "ok", "none"] as const;
export const credentialSorts = ["rotation_due", "review_due", "name"] as const;
export const accountabilityStates = ["complete", "incomplete"] as const;
export const yesNo = ["true", "false"] as const;
export const reviewedStates = ["never", "ever"] as const;
export const controlMatches = ["all", "any"] as const;
export type ControlMatch = (typeof controlMatches)[number];
/** At most this many controls in one filter (a URL stays short; each is one EXISTS). */
export const MAX_CONTROL_FILTERS = 20;
