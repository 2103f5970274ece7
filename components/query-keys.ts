/** TanStack Query keys in one place, so invalidation matches what was cached. */
export const queryKeys = {
  people: { all: ["people"] as const, search: (q: string) => ["people", "search", q] as const },
  audit: { verify: ["audit", "verify"] as const },
};
