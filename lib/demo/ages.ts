import type { RotationPolicy } from "@/lib/domain/policies";
import type { HasFlaw } from "./flaws";
import type { Prng } from "./prng";
import type { DemoFlaw } from "./types";
import type { DayClock } from "./records";

/** How old the current secret is: overdue (the rotation-overdue flaw), due soon, or comfortably within the policy. */
export function stageSecretAge(index: number, policy: RotationPolicy, rng: Prng, has: HasFlaw, flaws: Set<DemoFlaw>) {
  const maxAge = policy.maxSecretAgeDays;
  let ageDays: number;
  if (has("rotation-overdue")) {
    ageDays = maxAge + (index % 2 === 0 ? rng.int(31, 240) : rng.int(1, 29));
    flaws.add("rotation-overdue");
  } else if (rng.chance(0.12)) {
    ageDays = rng.int(maxAge - 29, maxAge - 1); // due soon
  } else {
    ageDays = rng.int(3, Math.max(4, maxAge - 35));
  }
  const rotatedBefore = rng.chance(0.45);
  // The record is at least as old as its secret history.
  const minCreatedDaysAgo = ageDays + (rotatedBefore ? maxAge + 25 : 1);
  return { ageDays, rotatedBefore, minCreatedDaysAgo };
}

/** When the record was last reviewed and created: overdue, never reviewed (third parties, new records) or on time. */
export function stageReview(
  policy: RotationPolicy,
  thirdParty: boolean,
  minCreatedDaysAgo: number,
  clock: DayClock,
  rng: Prng,
  has: HasFlaw,
  flaws: Set<DemoFlaw>,
) {
  const override = rng.chance(0.05) ? rng.pick([30, 60]) : null;
  const cadence = override ?? policy.reviewCadenceDays;
  let lastReviewedAt: Date | null;
  let createdDaysAgo: number;
  if (thirdParty && has("third-party-unreviewed")) {
    lastReviewedAt = null;
    createdDaysAgo = cadence + rng.int(20, 400);
    flaws.add("third-party-unreviewed");
    flaws.add("review-overdue");
  } else if (has("review-overdue")) {
    const reviewedDaysAgo = cadence + rng.int(3, 200);
    lastReviewedAt = clock.ago(reviewedDaysAgo);
    createdDaysAgo = reviewedDaysAgo + rng.int(30, 500);
    flaws.add("review-overdue");
  } else if (!thirdParty && minCreatedDaysAgo < cadence - 10 && rng.chance(0.08)) {
    // New and not reviewed yet: the first review is due a cadence after creation.
    lastReviewedAt = null;
    createdDaysAgo = rng.int(minCreatedDaysAgo, cadence - 10);
  } else {
    const reviewedDaysAgo = rng.chance(0.1) ? rng.int(Math.max(1, cadence - 28), cadence - 1) : rng.int(2, Math.max(3, cadence - 35));
    lastReviewedAt = clock.ago(reviewedDaysAgo);
    createdDaysAgo = reviewedDaysAgo + rng.int(20, 700);
  }
  return { reviewCadenceDays: override, lastReviewedAt, createdDaysAgo };
}
