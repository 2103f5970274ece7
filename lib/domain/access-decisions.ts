/**
 * Access decisions per API (DESIGN §4.5, issue 14): the pure rules. A grant of a credential to an
 * API is a decision record with a status; only `approved` grants count as access. Who may decide,
 * when a new grant needs another team's approval, and when it must be looked at again.
 */
import type { Role } from "@/lib/authz/permissions";

export const grantStatuses = ["requested", "approved", "rejected", "revoked", "expired"] as const;
export type GrantStatus = (typeof grantStatuses)[number];
export type Sensitivity = "low" | "moderate" | "high" | "critical";

/** Re-review cadence by the API's sensitivity, in days: the more an API holds, the sooner its grants are looked at again. */
export const grantReviewCadenceDays: Record<Sensitivity, number> = { critical: 90, high: 180, moderate: 365, low: 365 };

/** A re-review due within this many days shows in My queue before it is late (and before the grant expires). */
export const GRANT_REVIEW_DUE_SOON_DAYS = 30;

const DAY_MS = 86_400_000;

export function grantReviewDueAt(sensitivity: Sensitivity, from: Date): Date {
  return new Date(from.getTime() + grantReviewCadenceDays[sensitivity] * DAY_MS);
}

/** Whether a re-review is due: its date has passed or falls within the due-soon window. */
export function isGrantReviewDue(reviewDueAt: Date | null, now: Date): boolean {
  return reviewDueAt !== null && reviewDueAt.getTime() <= now.getTime() + GRANT_REVIEW_DUE_SOON_DAYS * DAY_MS;
}

/** An approved grant whose re-review date has passed expires (the expiry job): access nobody re-confirmed ends. */
export function hasGrantExpired(status: GrantStatus, reviewDueAt: Date | null, now: Date): boolean {
  return status === "approved" && reviewDueAt !== null && reviewDueAt.getTime() < now.getTime();
}

/**
 * The status a new grant starts in. A grant to an API owned by another team (the API's owning team
 * is set and differs from the credential's) is a request that team approves. Otherwise the writer
 * — a member of the team that owns both, or security/admin where nobody owns the API — approves it
 * at creation, as the API's owning team.
 */
export function initialGrantStatus(credentialTeamId: string | null, apiTeamId: string | null): "requested" | "approved" {
  return apiTeamId !== null && apiTeamId !== credentialTeamId ? "requested" : "approved";
}

export type DecisionActor = { role: Role; userId: string | null; teamIds: ReadonlySet<string> };
export type DecisionGrant = { status: GrantStatus; apiTeamId: string | null; requestedById: string | null };

const isGovernor = (role: Role) => role === "admin" || role === "security";

/** Speaks for the API: a member of its owning team, or security/admin. */
export function speaksForApi(actor: DecisionActor, apiTeamId: string | null): boolean {
  if (isGovernor(actor.role)) return true;
  return actor.role === "member" && apiTeamId !== null && actor.teamIds.has(apiTeamId);
}

export type DecisionRefusal = "not-api-owner" | "own-request" | "wrong-status";

/** Approving or rejecting a request: someone who speaks for the API, never the requester, and only while requested. */
export function decideRefusal(actor: DecisionActor, grant: DecisionGrant): DecisionRefusal | null {
  if (!speaksForApi(actor, grant.apiTeamId)) return "not-api-owner";
  if (grant.requestedById !== null && grant.requestedById === actor.userId) return "own-request";
  if (grant.status !== "requested") return "wrong-status";
  return null;
}

/**
 * Re-reviewing an approved grant (keep / reduce scopes / revoke): someone who speaks for the API.
 * The credential's own side may always give access up (revoke, or withdraw its request) — see
 * `mayRevoke` — but keeping it is the API owner's call.
 */
export function reviewRefusal(actor: DecisionActor, grant: DecisionGrant): DecisionRefusal | null {
  if (!speaksForApi(actor, grant.apiTeamId)) return "not-api-owner";
  if (grant.status !== "approved") return "wrong-status";
  return null;
}

/** Revoking: the API's side or whoever may edit the credential; from approved (revoke) or requested (withdraw). */
export function revokeRefusal(actor: DecisionActor, grant: DecisionGrant, editsCredential: boolean): DecisionRefusal | null {
  if (!speaksForApi(actor, grant.apiTeamId) && !editsCredential) return "not-api-owner";
  if (grant.status !== "approved" && grant.status !== "requested") return "wrong-status";
  return null;
}

export const refusalMessages: Record<DecisionRefusal, string> = {
  "not-api-owner": "Only a member of the API's owning team, security or an admin may decide this grant",
  "own-request": "You requested this grant: someone else who speaks for the API must decide it",
  "wrong-status": "This grant is not in a state that allows this decision",
};

/** Reducing scopes keeps a subset; anything new is a request, not a review. */
export function isScopeReduction(before: readonly string[], after: readonly string[]): boolean {
  const had = new Set(before);
  return after.length < had.size && after.every((s) => had.has(s));
}
