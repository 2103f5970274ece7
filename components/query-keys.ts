import type { CredentialFilterState } from "@/components/inventory/filters";

type Scope = { teamId: string | null; environment: string | null };

/**
 * Every TanStack Query key of the UI, in one factory: each family starts with its own root, so
 * invalidating a root reaches every query under it and nothing else.
 */
export const queryKeys = {
  people: { all: ["people"] as const, search: (q: string) => ["people", "search", q] as const },
  credentials: { all: ["credentials"] as const, list: (filters: CredentialFilterState) => ["credentials", "list", filters] as const },
  apis: { all: ["apis"] as const, one: (id: string) => ["apis", id] as const, scopes: (id: string) => ["apis", id, "scopes"] as const },
  inbox: { unread: ["inbox", "unread-count"] as const },
  /** The command palette's record search (never invalidated: kept 30 s, then fetched again). */
  search: { results: (q: string) => ["search", q] as const },
  queue: { all: ["queue"] as const, mine: (limit: number) => ["queue", limit] as const },
  reassign: { all: ["reassign-preview"] as const, preview: (personId: string, body: unknown) => ["reassign-preview", personId, body] as const },
  campaigns: { preview: (query: string) => ["campaigns", "preview", query] as const },
  dashboard: {
    all: ["dashboard"] as const,
    summary: (scope: Scope, sort: string, dir: string) => ["dashboard", "summary", scope.teamId, scope.environment, sort, dir] as const,
    trends: (scope: Scope) => ["dashboard", "trends", scope.teamId, scope.environment] as const,
    holders: (teamId: string, environment: string | null) => ["dashboard", "holders", teamId, environment] as const,
  },
};

/**
 * What each kind of write changes among the cached queries (the server-rendered page is refreshed
 * besides). Dashboard figures are counted from credentials, owners and findings, the queue from due
 * dates, requests, review tasks and findings; the campaign preview is always fetched fresh.
 */
export const invalidates = {
  /** A credential, its secrets, grants, rotations, reviews, decommissioning, incidents; policies (due dates); the import. */
  credentials: [queryKeys.credentials.all, queryKeys.queue.all, queryKeys.dashboard.all],
  /** An API: its scopes (the grants editor) and the credentials whose grants and due dates follow its sensitivity. */
  api: (id: string) => [queryKeys.apis.one(id), queryKeys.credentials.all, queryKeys.queue.all, queryKeys.dashboard.all],
  /** A person or team: the pickers' search results, owner and team names in the inventory, the team holders table. */
  people: [queryKeys.people.all, queryKeys.credentials.all, queryKeys.dashboard.all],
  /** Ownership moved: who holds what, and every list that shows owners. */
  ownership: [queryKeys.reassign.all, queryKeys.people.all, queryKeys.credentials.all, queryKeys.queue.all, queryKeys.dashboard.all],
  /** An exception: excepted findings leave the queue and the dashboard's counts. */
  findings: [queryKeys.queue.all, queryKeys.dashboard.all],
  inbox: [queryKeys.inbox.unread],
  /** Writes no cached query shows (users, tokens, webhooks, feeds, settings): the page refresh is enough. */
  nothing: [],
} as const;
