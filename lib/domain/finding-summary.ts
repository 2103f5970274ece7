/**
 * Findings in words (DESIGN §5: "a human explanation"). Pure: the details a finding was opened
 * with → one sentence. Unknown rules or shapes fall back to something still readable.
 */

import { postureRules, ruleById } from "./posture/rules";
import { isRuleId } from "./posture/types";

export const findingRuleLabels: Record<string, string> = {
  ...Object.fromEntries(postureRules.map((r) => [r.id, r.title])),
  review_revoke_pending: "Review decided to revoke",
  review_scope_pending: "Review decided to reduce scope",
};

export type OrphanedRole = { role: string; personId: string; name: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The inactive role holders listed in an orphaned finding's details. */
export function orphanedRolesOf(details: unknown): OrphanedRole[] {
  if (!isRecord(details) || !Array.isArray(details.inactive)) return [];
  return details.inactive.flatMap((r: unknown) =>
    isRecord(r) && typeof r.role === "string" && typeof r.personId === "string" ? [{ role: r.role, personId: r.personId, name: typeof r.name === "string" ? r.name : "someone" }] : [],
  );
}

export function ruleLabel(ruleId: string): string {
  return findingRuleLabels[ruleId] ?? ruleId.replace(/_/g, " ");
}

export function describeFinding(ruleId: string, details: unknown): string {
  if (isRuleId(ruleId)) return ruleById.get(ruleId)?.explain(isRecord(details) ? details : {}) ?? ruleLabel(ruleId);
  if (isRecord(details)) {
    if (typeof details.message === "string") return details.message;
    if (typeof details.summary === "string") return details.summary;
  }
  return ruleLabel(ruleId);
}

/** How to make a finding go away (the rule's fix), or null for lifecycle-only findings. */
export function findingFix(ruleId: string): string | null {
  return isRuleId(ruleId) ? (ruleById.get(ruleId)?.fix ?? null) : null;
}

const DAY_MS = 86_400_000;

/** How long a finding has been open, in words ("open 12 days"): age is the second sort key, so say it. */
export function findingAge(openedAt: Date, now: Date): string {
  const days = Math.floor((now.getTime() - openedAt.getTime()) / DAY_MS);
  if (days < 1) return "open less than a day";
  return `open ${String(days)} day${days === 1 ? "" : "s"}`;
}
