/**
 * Exceptions — risk acceptance (DESIGN §5.3), the rules that need no database: how long one may
 * last, and what state it is in.
 */
export const MAX_EXCEPTION_DAYS = 365;
const DAY_MS = 86_400_000;

/** Why an expiry is not acceptable at `now`, or null: it must be in the future and at most 365 days away. */
export function expiryProblem(expiresAt: Date, now: Date): string | null {
  if (Number.isNaN(expiresAt.getTime())) return "must be a date";
  if (expiresAt.getTime() <= now.getTime()) return "must be in the future";
  if (expiresAt.getTime() > now.getTime() + MAX_EXCEPTION_DAYS * DAY_MS) return `must be at most ${MAX_EXCEPTION_DAYS} days away`;
  return null;
}

export type ExceptionState = "active" | "expired" | "revoked";

export function exceptionState(e: { expiresAt: Date; revokedAt: Date | null }, now: Date): ExceptionState {
  if (e.revokedAt) return "revoked";
  return e.expiresAt.getTime() <= now.getTime() ? "expired" : "active";
}

/** A rule-wide exception's scope: the credentials of a team and/or an environment. */
export type ExceptionFilter = { teamId?: string; environment?: string };

export function filterMatches(filter: ExceptionFilter, credential: { owningTeamId: string | null; environment: string }): boolean {
  return (!filter.teamId || filter.teamId === credential.owningTeamId) && (!filter.environment || filter.environment === credential.environment);
}
