import type {
  clientAuthMethods,
  credentialKinds,
  credentialStatuses,
  dueBuckets,
  environments,
  grantTypes,
  secretKinds,
  secretStatuses,
  secretStorages,
  tokenCaches,
  triStates,
} from "@/lib/domain/vocabulary/inventory";

/** Human labels for the enumerations of DESIGN §3 (client-safe; the values stay the API's). */
export const kindLabels: Record<(typeof credentialKinds)[number], string> = {
  oauth_client: "OAuth client",
  api_key: "API key",
  service_account_key: "Service account key",
  certificate: "Certificate",
  personal_access_token: "Personal access token",
};

export const environmentLabels: Record<(typeof environments)[number], string> = {
  production: "Production",
  staging: "Staging",
  development: "Development",
  test: "Test",
};

export const statusLabels: Record<(typeof credentialStatuses)[number], string> = {
  active: "Active",
  suspended: "Suspended",
  decommissioned: "Decommissioned",
};

export const bucketLabels: Record<(typeof dueBuckets)[number], string> = {
  overdue: "Overdue",
  due_soon: "Due soon",
  ok: "OK",
  none: "No date",
};

export const grantTypeLabels: Record<(typeof grantTypes)[number], string> = {
  client_credentials: "Client credentials",
  "urn:ietf:params:oauth:grant-type:jwt-bearer": "JWT bearer",
  "urn:ietf:params:oauth:grant-type:token-exchange": "Token exchange",
  authorization_code: "Authorization code",
  refresh_token: "Refresh token",
  password: "Password (legacy)",
  implicit: "Implicit (legacy)",
};

export const authMethodLabels: Record<(typeof clientAuthMethods)[number], string> = {
  client_secret_basic: "client_secret_basic",
  client_secret_post: "client_secret_post",
  client_secret_jwt: "client_secret_jwt",
  private_key_jwt: "private_key_jwt",
  tls_client_auth: "tls_client_auth (mTLS)",
  self_signed_tls_client_auth: "self_signed_tls_client_auth",
  none: "none (public client)",
};

export const tokenCacheLabels: Record<(typeof tokenCaches)[number], string> = {
  none: "No cache",
  in_memory: "In memory",
  disk: "On disk",
  shared_cache: "Shared cache",
  unknown: "Unknown",
};

export const triStateLabels: Record<(typeof triStates)[number], string> = { yes: "Yes", no: "No", unknown: "Unknown" };

export const secretKindLabels: Record<(typeof secretKinds)[number], string> = {
  client_secret: "Client secret",
  private_key: "Private key",
  certificate: "Certificate",
  api_key: "API key",
  refresh_token: "Refresh token",
};

export const storageLabels: Record<(typeof secretStorages)[number], string> = {
  secrets_manager: "Secrets manager",
  vault: "Vault",
  kms: "KMS",
  ci_variable: "CI variable",
  env_file: "Env file",
  config_file: "Config file",
  source_code: "Source code",
  unknown: "Unknown",
};

export const secretStatusLabels: Record<(typeof secretStatuses)[number], string> = {
  active: "Active",
  superseded: "Superseded",
  revoked: "Revoked",
  leaked: "Leaked",
};

/** A label for a value that may come from the API as a plain string. */
export function labelOf<T extends string>(labels: Record<T, string>, value: string | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return value in labels ? labels[value as T] : value;
}

const dateFmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
const timeFmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** Dates are shown in UTC everywhere so the server and every browser render the same text. */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return "—";
  return dateFmt.format(typeof value === "string" ? new Date(value) : value);
}

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return "—";
  return `${timeFmt.format(typeof value === "string" ? new Date(value) : value)} UTC`;
}

/** The YYYY-MM-DD of an instant (UTC), for date inputs. */
export function dateInputValue(value: string | Date | null | undefined): string {
  if (!value) return "";
  return (typeof value === "string" ? new Date(value) : value).toISOString().slice(0, 10);
}

export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "—";
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${seconds} s (${Math.round(seconds / 60)} min)`;
  if (seconds < 172_800) return `${seconds} s (${Math.round(seconds / 3600)} h)`;
  return `${seconds} s (${Math.round(seconds / 86_400)} d)`;
}
