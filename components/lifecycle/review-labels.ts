import type { DecommissionReason, ReviewDecision } from "@/lib/validation/review";

/** Labels shared by the server-rendered review views and the client dialogs. */
export const decisionLabels: Record<ReviewDecision, string> = { keep: "Keep", reduce_scope: "Reduce scope", revoke: "Revoke" };

export const decommissionReasonLabels: Record<DecommissionReason, string> = {
  no_longer_needed: "No longer needed",
  compromised: "Compromised",
  owner_departed: "Owner departed",
  application_retired: "Application retired",
  review_revoke: "Review decided to revoke",
};

export const taskStatusLabels = { open: "Not done", done: "Done", cancelled: "Cancelled" } as const;
