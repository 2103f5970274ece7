/** TanStack Query keys in one place, so invalidation matches what was cached. */
export const queryKeys = {
  people: { all: ["people"] as const, search: (q: string) => ["people", "search", q] as const },
  audit: { verify: ["audit", "verify"] as const },
  dashboard: {
    all: ["dashboard"] as const,
    summary: (scope: { teamId: string | null; environment: string | null }, sort: string, dir: string) => ["dashboard", "summary", scope.teamId, scope.environment, sort, dir] as const,
    trends: (scope: { teamId: string | null; environment: string | null }) => ["dashboard", "trends", scope.teamId, scope.environment] as const,
    holders: (teamId: string, environment: string | null) => ["dashboard", "holders", teamId, environment] as const,
  },
};
