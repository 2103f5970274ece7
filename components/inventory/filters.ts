import { credentialFilterValueChecks } from "@/lib/domain/credential-filter-values";
import type { CredentialFilters } from "@/lib/validation/inventory";

/** The table's URL state: every filter as a string (absent = not filtering), plus the keyset cursor. */
export const filterNames = ["q", "teamId", "ownerId", "environment", "status", "kind", "apiId", "trustZone", "serverId", "applicationId", "sdk", "tokenCache", "due", "reviewDue", "rule", "dueWithin", "control", "controlMatch", "accountability", "thirdParty", "reviewed", "asOf", "sort", "cursor"] as const;
/**
 * Filters shown as removable chips: those without a control of their own (they arrive in links, the
 * dashboard's) and the controls (one chip per control; the URL holds them comma-separated).
 */
export const linkOnlyFilters = ["dueWithin", "control", "accountability", "thirdParty", "reviewed"] as const satisfies readonly FilterName[];
export type FilterName = (typeof filterNames)[number];
export type CredentialFilterState = Partial<Record<FilterName, string>>;

export const DEFAULT_SORT = "rotation_due";

/** Server-parsed filters → the URL state (defaults dropped so equal views have equal keys). */
export function stateFromFilters(f: Partial<CredentialFilters>): CredentialFilterState {
  const state: CredentialFilterState = {};
  for (const name of filterNames) {
    const raw = f[name];
    const value = typeof raw === "number" ? String(raw) : Array.isArray(raw) ? raw.join(",") : raw;
    if (typeof value === "string" && value !== "" && !(name === "sort" && value === DEFAULT_SORT)) state[name] = value;
  }
  return state;
}

export function toSearch(state: CredentialFilterState): string {
  const search = new URLSearchParams();
  for (const name of filterNames) {
    const value = state[name];
    if (value) search.set(name, value);
  }
  return search.toString();
}

/** True when anything narrows the list (sort and cursor do not). */
export function isFiltered(state: CredentialFilterState): boolean {
  return filterNames.some((n) => n !== "sort" && n !== "cursor" && Boolean(state[n]));
}

export function sameState(a: CredentialFilterState, b: CredentialFilterState): boolean {
  return toSearch(a) === toSearch(b);
}

/** The URL's search params → the table state, dropping values the API would refuse (its field checks, without zod: lib/domain/credential-filter-values). */
export function stateFromSearch(search: { get: (name: string) => string | null }): CredentialFilterState {
  const state: CredentialFilterState = {};
  for (const name of filterNames) {
    const value = search.get(name);
    if (!value || (name === "sort" && value === DEFAULT_SORT)) continue;
    if (credentialFilterValueChecks[name](value)) state[name] = value;
  }
  return state;
}
