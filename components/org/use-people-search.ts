"use client";

import { useQuery } from "@tanstack/react-query";
import { queryKeys } from "@/components/query-keys";
import { apiCall } from "@/lib/api/client";
import { routes } from "@/lib/api/routes";

/** Active people matching a search, for the pickers (the first eight; typing narrows it). */
export function usePeopleSearch(q: string) {
  return useQuery({
    queryKey: queryKeys.people.search(q),
    queryFn: ({ signal }) => apiCall(routes.listPeople, { query: { limit: 8, active: "true", q }, signal }),
  });
}
