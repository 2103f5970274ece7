/**
 * Rotation and review due dates, and the buckets the UI and findings sort them into (DESIGN §4.1).
 *
 * Every date here is an instant. Days are added as exact multiples of 86 400 000 ms, never through
 * calendar fields, so neither the server's time zone, nor DST changes, nor leap days can move a
 * due date: "90 days" is always 90 × 24 hours after the instant it counts from.
 */
import type { RotationPolicy } from "./policies";

export const secretStatuses = ["active", "superseded", "revoked", "leaked"] as const;
export type SecretStatus = (typeof secretStatuses)[number];

export type DueBucket = "overdue" | "due_soon" | "ok" | "none";

/** The secret fields due dates depend on (metadata only — there is never any material). */
export type SecretDueInput = {
  issuedAt: Date;
  lastRotatedAt: Date | null;
  expiresAt: Date | null;
  status: SecretStatus;
};

export type CredentialDueInput = {
  secrets: readonly SecretDueInput[];
  lastReviewedAt: Date | null;
  createdAt: Date;
  /** The credential's own review cadence; replaces the policy's when set. */
  reviewCadenceOverrideDays: number | null;
};

export type DuePolicy = Pick<RotationPolicy, "maxSecretAgeDays" | "reviewCadenceDays" | "reminderOffsetsDays">;

export type DueState = {
  rotationDueAt: Date | null;
  reviewDueAt: Date;
  rotationBucket: DueBucket;
  reviewBucket: DueBucket;
  /** The "due soon" window in days: the policy's largest reminder offset (0 when it has none). */
  dueSoonDays: number;
};

const msPerDay = 86_400_000;

export function addDays(instant: Date, days: number): Date {
  return new Date(instant.getTime() + days * msPerDay);
}

/** A secret must be rotated by its expiry or when it reaches the policy's maximum age, whichever is first. */
export function secretRotationDue(secret: SecretDueInput, maxSecretAgeDays: number): Date {
  const ageDue = addDays(secret.lastRotatedAt ?? secret.issuedAt, maxSecretAgeDays);
  if (secret.expiresAt !== null && secret.expiresAt.getTime() < ageDue.getTime()) return new Date(secret.expiresAt);
  return ageDue;
}

/**
 * The earliest rotation due date among the credential's active secrets; null when it has none.
 * Superseded and revoked secrets no longer authenticate anything. Leaked secrets are left out too:
 * a leak is driven by its own incident, compromise rotation and critical finding (§4.4).
 */
export function credentialRotationDue(secrets: readonly SecretDueInput[], maxSecretAgeDays: number): Date | null {
  let earliest: Date | null = null;
  for (const secret of secrets) {
    if (secret.status !== "active") continue;
    const due = secretRotationDue(secret, maxSecretAgeDays);
    if (earliest === null || due.getTime() < earliest.getTime()) earliest = due;
  }
  return earliest;
}

export function reviewDue(credential: { lastReviewedAt: Date | null; createdAt: Date }, cadenceDays: number): Date {
  return addDays(credential.lastReviewedAt ?? credential.createdAt, cadenceDays);
}

/** The "due soon" window: the largest reminder offset, or 0 when there are no reminders. */
export function dueSoonWindowDays(reminderOffsetsDays: readonly number[]): number {
  return Math.max(0, ...reminderOffsetsDays);
}

/**
 * Overdue only once the due instant has passed: at exactly the due instant the item is still
 * "due soon" (the last moment to act), and it becomes overdue one millisecond later.
 */
export function dueBucket(due: Date | null, now: Date, reminderOffsetsDays: readonly number[]): DueBucket {
  if (due === null) return "none";
  const dueMs = due.getTime();
  if (dueMs < now.getTime()) return "overdue";
  if (dueMs <= addDays(now, dueSoonWindowDays(reminderOffsetsDays)).getTime()) return "due_soon";
  return "ok";
}

export function computeDueState(credential: CredentialDueInput, policy: DuePolicy, now: Date): DueState {
  const rotationDueAt = credentialRotationDue(credential.secrets, policy.maxSecretAgeDays);
  const reviewDueAt = reviewDue(credential, credential.reviewCadenceOverrideDays ?? policy.reviewCadenceDays);
  return {
    rotationDueAt,
    reviewDueAt,
    rotationBucket: dueBucket(rotationDueAt, now, policy.reminderOffsetsDays),
    reviewBucket: dueBucket(reviewDueAt, now, policy.reminderOffsetsDays),
    dueSoonDays: dueSoonWindowDays(policy.reminderOffsetsDays),
  };
}
