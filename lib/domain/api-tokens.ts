/**
 * API token rules (DESIGN §8.1), pure. A token reads `stw_<publicId>_<secret>`: the prefix makes a
 * leaked token recognisable (secret scanners, Steward's own leak lookup), the public id finds its
 * row without a scan, and only a hash of the whole string is stored.
 */
export const TOKEN_PREFIX = "stw_";
export const MAX_TOKEN_DAYS = 365;

const pattern = /^stw_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export function formatToken(publicId: string, secret: string): string {
  return `${TOKEN_PREFIX}${publicId}_${secret}`;
}

/** The public id of a well-formed token, or null (then it is no token of ours: 401, no lookup). */
export function parseToken(raw: string): { publicId: string } | null {
  const m = pattern.exec(raw);
  return m?.[1] ? { publicId: m[1] } : null;
}

/** Why an expiry is refused, or null: required, in the future, at most 365 days from now. */
export function tokenExpiryProblem(expiresAt: Date, now: Date): string | null {
  if (Number.isNaN(expiresAt.getTime())) return "must be a date and time";
  if (expiresAt.getTime() <= now.getTime()) return "must be in the future";
  if (expiresAt.getTime() > now.getTime() + MAX_TOKEN_DAYS * 86_400_000) return `must be at most ${MAX_TOKEN_DAYS} days from now`;
  return null;
}

export type TokenState = "active" | "disabled" | "expired" | "revoked";

/** What besides its own row decides whether a token works (authenticateBearer reads the same). */
export type TokenStanding = { userActive: boolean; credentialStatus: string | null; secretStatus: string | null };

/**
 * The state a token is really in: revoked, expired, or "disabled" while its user is deactivated, its
 * inventory record is not active (suspended, decommissioned) or its secret is not (revoked,
 * superseded, leaked) — it does not work then, so the list must not say "active".
 */
export function tokenState(t: { revokedAt: Date | null; expiresAt: Date } & TokenStanding, now: Date): TokenState {
  if (t.revokedAt) return "revoked";
  if (t.expiresAt.getTime() <= now.getTime()) return "expired";
  return t.userActive && t.credentialStatus === "active" && t.secretStatus === "active" ? "active" : "disabled";
}

/**
 * What a token may do (DESIGN §8.1): `api` tokens use the REST API with their user's rights;
 * `ingest` tokens only post usage events (DESIGN §8.7), and only they may.
 */
export const tokenScopes = ["api", "ingest"] as const;
export type TokenScope = (typeof tokenScopes)[number];

/** Why a token of `scope` may not call an endpoint that takes `endpointScope` tokens, or null. */
export function tokenScopeRefusal(scope: TokenScope, endpointScope: TokenScope): string | null {
  if (scope === endpointScope) return null;
  return endpointScope === "ingest" ? "Only an ingest token may post usage events" : "This is an ingest token: it may only post usage events";
}

/** A read-only token may only read: safe methods. */
export function tokenAllows(token: { readOnly: boolean }, method: string): boolean {
  return !token.readOnly || method === "GET" || method === "HEAD";
}
