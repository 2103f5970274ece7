import type { CredentialFilterState } from "./filters";

/** TanStack Query keys of the inventory screens (kept apart from components/query-keys.ts to avoid edit clashes). */
export const inventoryKeys = {
  credentials: ["credentials"] as const,
  credentialList: (filters: CredentialFilterState) => ["credentials", "list", filters] as const,
  api: (id: string) => ["apis", id] as const,
};
