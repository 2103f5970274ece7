/* Review and decommission vocabulary (DESIGN §4.3, §4.4; the database enums mirror these): zod-free for client components, lib/validation/review builds its z.enum fields from it. */

export const reviewDecisions = ["keep", "reduce_scope", "revoke"] as const;
export const decommissionReasons = ["no_longer_needed", "compromised", "owner_departed", "application_retired", "review_revoke"] as const;
export const reviewTaskStatuses = ["open", "done", "cancelled"] as const;
export const campaignStatuses = ["open", "closed"] as const;

export type ReviewDecision = (typeof reviewDecisions)[number];
export type DecommissionReason = (typeof decommissionReasons)[number];
