/**
 * A review that decides `reduce_scope` or `revoke` is a promise, not a change (DESIGN §4.3): it opens
 * a tracked follow-up, and the credential counts as reviewed only once the promise is kept — the
 * grants actually shrink (reduce scope) or the credential is decommissioned (both).
 */

export type GrantShape = readonly { apiId: string; scopeIds: readonly string[] }[];

/** A grant set as comparable keys: one per granted API, one per granted scope. */
export function grantKeys(grants: GrantShape): string[] {
  return [...new Set(grants.flatMap((g) => [g.apiId, ...g.scopeIds.map((s) => `${g.apiId}/${s}`)]))].sort();
}

/**
 * Whether the grants now are a strict subset of those the review saw: something was taken away and
 * nothing added (swapping one scope for another is not a reduction).
 */
export function haveGrantsShrunk(atReview: readonly string[], now: readonly string[]): boolean {
  const before = new Set(atReview);
  const after = new Set(now);
  return after.size < before.size && [...after].every((k) => before.has(k));
}
