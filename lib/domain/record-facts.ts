/**
 * Facts that cannot be true together (issue 12: "what the app says must be true"). Pure: every
 * writer — the create and PATCH schemas, the services (on the record as it will be after a PATCH),
 * rotation completion and the inventory-file model — asks these, so an impossible record is refused
 * wherever it comes from, with the field named.
 *
 * Each function returns field → message; an empty object means the facts are possible.
 */

/**
 * How far ahead of the server clock a "past" instant may be: a browser or CI runner a few minutes
 * fast must not be refused for recording "now".
 */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

export const NOT_IN_FUTURE = "must not be in the future";
export const EXPIRY_AFTER_ISSUE = "must be after the issue date";
export const NO_PERSISTENCE_WITHOUT_CACHE = "must be blank when the token cache is “none” (the SDK keeps tokens nowhere)";

export type FactProblems = Record<string, string>;

const inFuture = (at: Date | null | undefined, now: Date) => at != null && at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS;

/** A secret's dates: it expires after it was issued; it was not rotated in the future. */
export function secretDateProblems(
  secret: { issuedAt?: Date | null; expiresAt?: Date | null; lastRotatedAt?: Date | null },
  now: Date,
): FactProblems {
  const problems: FactProblems = {};
  if (secret.issuedAt && secret.expiresAt && secret.expiresAt.getTime() <= secret.issuedAt.getTime()) problems.expiresAt = EXPIRY_AFTER_ISSUE;
  if (inFuture(secret.lastRotatedAt, now)) problems.lastRotatedAt = NOT_IN_FUTURE;
  return problems;
}

/**
 * A credential's own facts: a review cannot have happened in the future, and an SDK that caches
 * no tokens cannot persist them somewhere (token cache "none" with a persistence location).
 */
export function credentialFactProblems(
  credential: { tokenCache?: string | null; tokenPersistence?: string | null; lastReviewedAt?: Date | null },
  now: Date,
): FactProblems {
  const problems: FactProblems = {};
  if (credential.tokenCache === "none" && credential.tokenPersistence?.trim()) problems.tokenPersistence = NO_PERSISTENCE_WITHOUT_CACHE;
  if (inFuture(credential.lastReviewedAt, now)) problems.lastReviewedAt = NOT_IN_FUTURE;
  return problems;
}
