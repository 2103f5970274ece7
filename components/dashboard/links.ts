/**
 * Where each dashboard number leads: the inventory, findings, incidents or rotations list filtered to
 * exactly the records counted (the snapshot counts and these filters share their SQL conditions,
 * db/queries/credential-predicates.ts). The dashboard's own team and environment filters carry over.
 */
export type LinkScope = { teamId?: string | null; environment?: string | null };

function href(path: string, scope: LinkScope, params: Record<string, string | number | undefined>) {
  const search = new URLSearchParams();
  const all: Record<string, string | number | undefined> = { ...params, teamId: scope.teamId ?? undefined, environment: scope.environment ?? undefined };
  for (const [k, v] of Object.entries(all)) {
    if (v !== undefined && v !== "") search.set(k, String(v));
  }
  const s = search.toString();
  return s ? `${path}?${s}` : path;
}

export function dashboardLinks(scope: LinkScope) {
  const active = { status: "active" };
  return {
    inventory: (params: Record<string, string | number | undefined> = {}) => href("/inventory", scope, params),
    active: () => href("/inventory", scope, active),
    byEnvironmentStatus: (environment: string, status: string) => href("/inventory", { ...scope, environment }, { status }),
    accountabilityIncomplete: () => href("/inventory", scope, { ...active, accountability: "incomplete" }),
    orphaned: () => href("/inventory", scope, { ...active, rule: "owner-missing" }),
    rotationsOverdue: () => href("/inventory", scope, { ...active, due: "overdue" }),
    rotationsDue30: () => href("/inventory", scope, { ...active, dueWithin: 30 }),
    reviewsOverdue: () => href("/inventory", scope, { ...active, reviewDue: "overdue" }),
    thirdParty: () => href("/inventory", scope, { ...active, thirdParty: "true" }),
    thirdPartyReviewOverdue: () => href("/inventory", scope, { ...active, thirdParty: "true", reviewDue: "overdue" }),
    thirdPartyNeverReviewed: () => href("/inventory", scope, { ...active, thirdParty: "true", reviewed: "never" }),
    findings: (params: { severity?: string; control?: string; rule?: string } = {}) => href("/findings", scope, { status: "open", ...params }),
    // Not scoped: a client nobody registered has no team or environment yet.
    unknownClients: () => "/usage/unknown-clients",
    leaksOpen: () => href("/incidents", scope, { status: "open" }),
    leaksRemediated90: () => href("/incidents", scope, { status: "remediated", remediatedWithin: 90 }),
    rotationsOnTime90: () => href("/rotations", scope, { status: "completed", completedWithin: 90, timeliness: "on_time" }),
    rotationsLate90: () => href("/rotations", scope, { status: "completed", completedWithin: 90, timeliness: "late" }),
    team: (teamId: string) => href(`/teams/${teamId}`, { environment: scope.environment ?? null }, {}),
    ownerInventory: (personId: string) => href("/inventory", scope, { ownerId: personId }),
  };
}
