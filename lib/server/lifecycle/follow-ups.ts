import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Queryable, Tx } from "@/db/client";
import { credentialGrants, credentialGrantScopes, findings } from "@/db/schema";
import { grantKeys, haveGrantsShrunk } from "@/lib/domain/review-follow-up";
import type { Audit } from "../audited";
import { openFinding, resolveFindings } from "./findings";
import { transitionCredentialIds } from "../commands/transitions";

/**
 * Review follow-ups (DESIGN §4.3): a `reduce_scope` or `revoke` decision opens one of these
 * findings, and the credential counts as reviewed only when it closes. Reduce scope closes when the
 * grants are a strict subset of those the review saw (checked wherever grants change, through
 * `refreshCredentials` and the import); both close when the credential is decommissioned (which
 * resolves every open finding).
 */
export const reviewFollowUpRules = {
  reduce_scope: { id: "review_scope_pending", severity: "medium" },
  revoke: { id: "review_revoke_pending", severity: "high" },
} as const;
export const reviewFollowUpRuleIds = [reviewFollowUpRules.reduce_scope.id, reviewFollowUpRules.revoke.id];

const GRANTS_REDUCED = "The grants were reduced as the review decided; the review counts from now";

/** Each credential's grants as comparable keys (lib/domain/review-follow-up). */
async function grantKeysOf(q: Queryable, credentialIds: readonly string[]): Promise<Map<string, string[]>> {
  const rows = await q
    .select({ credentialId: credentialGrants.credentialId, apiId: credentialGrants.apiId, scopeId: credentialGrantScopes.scopeId })
    .from(credentialGrants)
    .leftJoin(credentialGrantScopes, eq(credentialGrantScopes.grantId, credentialGrants.id))
    .where(inArray(credentialGrants.credentialId, [...credentialIds]));
  const grants = new Map<string, Map<string, string[]>>();
  for (const r of rows) {
    const byApi = grants.get(r.credentialId) ?? new Map<string, string[]>();
    const scopes = byApi.get(r.apiId) ?? [];
    if (r.scopeId) scopes.push(r.scopeId);
    byApi.set(r.apiId, scopes);
    grants.set(r.credentialId, byApi);
  }
  return new Map(credentialIds.map((id) => [id, grantKeys([...(grants.get(id) ?? new Map<string, string[]>())].map(([apiId, scopeIds]) => ({ apiId, scopeIds })))]));
}

/** Opens the follow-up a decision asks for (the grants it saw kept for reduce scope); returns the live one's id. */
export async function openReviewFollowUp(
  tx: Tx,
  audit: Audit,
  credentialId: string,
  decision: keyof typeof reviewFollowUpRules,
  review: { id: string; campaignId: string | null },
  at: Date,
): Promise<string | null> {
  const rule = reviewFollowUpRules[decision];
  const message = decision === "revoke" ? "A review decided to revoke this credential; decommission it." : "A review decided to reduce this credential's scope; remove the grants it no longer needs.";
  const grants = decision === "reduce_scope" ? { grantsAtReview: (await grantKeysOf(tx, [credentialId])).get(credentialId) ?? [] } : {};
  const opened = await openFinding(tx, audit, { ruleId: rule.id, credentialId, severity: rule.severity, details: { reviewId: review.id, campaignId: review.campaignId, decision, message, ...grants } }, at);
  if (opened) return opened;
  // One live follow-up per rule and credential: an earlier decision's is still open.
  const [live] = await tx
    .select({ id: findings.id })
    .from(findings)
    .where(and(eq(findings.credentialId, credentialId), eq(findings.ruleId, rule.id), inArray(findings.status, ["open", "excepted"])));
  return live?.id ?? null;
}

/** Credentials (of those given) with a live review follow-up. */
export async function withOpenFollowUp(q: Queryable, credentialIds: readonly string[]): Promise<Set<string>> {
  if (credentialIds.length === 0) return new Set();
  const rows = await q
    .select({ credentialId: findings.credentialId })
    .from(findings)
    .where(and(inArray(findings.ruleId, reviewFollowUpRuleIds), inArray(findings.status, ["open", "excepted"]), inArray(findings.credentialId, [...credentialIds])));
  return new Set(rows.map((r) => r.credentialId));
}

/**
 * Closes the reduce-scope follow-ups of these credentials whose grants have shrunk since the
 * review, and — when no other follow-up stays open — sets last reviewed at, so the review resets
 * the clock only once it is true. Call it in the transaction that changed grants, before due dates
 * are recomputed. Returns the credentials whose follow-up closed.
 */
export async function syncReviewFollowUps(tx: Tx, audit: Audit, credentialIds: readonly string[], now: Date = new Date()): Promise<string[]> {
  if (credentialIds.length === 0) return [];
  const open = await tx
    .select({ credentialId: findings.credentialId, details: findings.details })
    .from(findings)
    .where(and(eq(findings.ruleId, reviewFollowUpRules.reduce_scope.id), inArray(findings.status, ["open", "excepted"]), inArray(findings.credentialId, [...new Set(credentialIds)])));
  if (open.length === 0) return [];
  const current = await grantKeysOf(tx, open.map((f) => f.credentialId));
  const shrunk = open.filter((f) => haveGrantsShrunk(grantsAtReview(f.details), current.get(f.credentialId) ?? [])).map((f) => f.credentialId);
  if (shrunk.length === 0) return [];
  await resolveFindings(tx, audit, reviewFollowUpRules.reduce_scope.id, shrunk, GRANTS_REDUCED, now);
  const stillPending = await withOpenFollowUp(tx, shrunk);
  const reviewed = shrunk.filter((id) => !stillPending.has(id));
  if (reviewed.length) await transitionCredentialIds(tx, reviewed, { lastReviewedAt: now }, now);
  return shrunk;
}

function grantsAtReview(details: unknown): string[] {
  if (typeof details !== "object" || details === null || !("grantsAtReview" in details) || !Array.isArray(details.grantsAtReview)) return [];
  return details.grantsAtReview.filter((k): k is string => typeof k === "string");
}
