"use client";

import { useQuery } from "@tanstack/react-query";
import { SlidersHorizontal } from "lucide-react";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/form";
import { Badge, DataTable, EmptyState, Td } from "@/components/ui/layout";
import { apiCall } from "@/lib/api/client";
import { endpoints } from "@/lib/api/endpoints";
import { cn } from "@/lib/cn";
import { credentialKinds, credentialSorts, credentialStatuses, dueBuckets, environments } from "@/lib/validation/inventory";
import { AsOfBanner } from "./as-of";
import { CredentialStatusBadge, DueCell } from "./badges";
import { isFiltered, linkOnlyFilters, sameState, stateFromSearch, toSearch, type CredentialFilterState, type FilterName } from "./filters";
import { ControlFilter, controlRefLabel } from "@/components/governance/control-filter";
import { ruleLabel } from "@/lib/domain/finding-summary";
import { ruleIds } from "@/lib/domain/posture/types";
import { queryKeys } from "@/components/query-keys";
import { bucketLabels, environmentLabels, kindLabels, labelOf, statusLabels } from "./labels";
import type { CredentialPage, Option, PersonOption } from "./types";

const HEAD = ["Name", "Client id", "Kind", "Environment", "Owner", "Team", "Rotation due", "Review due", "Status"];
const sortLabels: Record<(typeof credentialSorts)[number], string> = { rotation_due: "Rotation due (soonest first)", review_due: "Review due (soonest first)", name: "Name (A–Z)" };

export type TableOptions = { teams: Option[]; people: PersonOption[]; apis: Option[]; trustZones: string[] };

function FilterSelect({ id, label, value, onChange, anyLabel, children }: { id: FilterName; label: string; value: string | undefined; onChange: (name: FilterName, value: string) => void; anyLabel: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={`filter-${id}`} className="mb-1 block text-sm font-medium text-slate-700">
        {label}
      </label>
      <Select id={`filter-${id}`} value={value ?? ""} onChange={(e) => onChange(id, e.target.value)}>
        <option value="">{anyLabel}</option>
        {children}
      </Select>
    </div>
  );
}

function SkeletonRows() {
  return (
    <>
      {Array.from({ length: 6 }, (_, i) => (
        <tr key={i} data-testid="skeleton-row">
          {HEAD.map((h) => (
            <Td dense key={h}>
              <span className="block h-4 w-full min-w-12 animate-pulse rounded bg-slate-200" />
            </Td>
          ))}
        </tr>
      ))}
    </>
  );
}

function chipLabel(name: (typeof linkOnlyFilters)[number], value: string): string {
  switch (name) {
    case "dueWithin":
      return `Rotation due within ${value} days`;
    case "control":
      return `Open finding on ${controlRefLabel(value)}`;
    case "accountability":
      return value === "complete" ? "Full accountability" : "Accountability incomplete";
    case "thirdParty":
      return value === "true" ? "Used by a third-party application" : "No third-party application";
    case "reviewed":
      return value === "never" ? "Never reviewed" : "Reviewed at least once";
  }
}

/**
 * The inventory table. The server renders the first page; filter changes fetch GET /api/v1/credentials
 * through TanStack Query (cached per filter set) and rewrite the URL in place, so a view can be
 * bookmarked without the page reloading.
 */
export function CredentialTable({ initialState, initialPage, options, canCreate }: { initialState: CredentialFilterState; initialPage: CredentialPage; options: TableOptions; canCreate: boolean }) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [initial] = useState(() => ({ state: initialState, page: initialPage, at: Date.now() }));
  // The URL wins over the server's render: Back restores a cached render of an older URL, while the
  // history entry holds the filters as they were last changed in place.
  const [state, setState] = useState<CredentialFilterState>(() => stateFromSearch(searchParams));
  // Cursors of the pages before this one, for "Previous page" (keyset pages only know what comes next).
  const [previous, setPrevious] = useState<(string | undefined)[]>([]);
  const [searchText, setSearchText] = useState(() => state.q ?? "");
  const [showFilters, setShowFilters] = useState(false);
  const searchTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const query = useQuery({
    queryKey: queryKeys.credentials.list(state),
    queryFn: ({ signal }) => apiCall(endpoints.listCredentials, { query: state, signal }),
    initialData: sameState(state, initial.state) ? initial.page : undefined,
    initialDataUpdatedAt: initial.at,
  });

  // The URL follows the filters without a navigation (Next.js syncs useSearchParams with history.replaceState).
  useEffect(() => {
    const search = toSearch(state);
    const url = search ? `${pathname}?${search}` : pathname;
    if (`${window.location.pathname}${window.location.search}` !== url) window.history.replaceState(null, "", url);
  }, [state, pathname]);

  useEffect(() => () => clearTimeout(searchTimer.current), []);

  const update = (patch: CredentialFilterState) => {
    setPrevious([]);
    setState((current) => {
      const { cursor: _cursor, ...merged } = { ...current, ...patch };
      return Object.fromEntries(Object.entries(merged).filter(([, v]) => Boolean(v)));
    });
  };
  const setFilter = (name: FilterName, value: string) => update({ [name]: value });
  const clearFilters = () => {
    clearTimeout(searchTimer.current);
    setSearchText("");
    setPrevious([]);
    setState((current) => (current.sort ? { sort: current.sort } : {}));
  };
  const onSearchChange = (value: string) => {
    setSearchText(value);
    clearTimeout(searchTimer.current);
    searchTimer.current = setTimeout(() => update({ q: value.trim() }), 300);
  };
  const toTop = () => document.getElementById("credential-results")?.scrollIntoView({ block: "start" });
  const goNext = (cursor: string) => {
    toTop();
    setPrevious((p) => [...p, state.cursor]);
    setState((s) => ({ ...s, cursor }));
  };
  const goPrevious = () => {
    toTop();
    const before = previous.at(-1);
    setPrevious((p) => p.slice(0, -1));
    setState((s) => {
      const next = { ...s };
      if (before) next.cursor = before;
      else delete next.cursor;
      return next;
    });
  };

  const filtered = isFiltered(state);
  const activeCount = (["teamId", "ownerId", "environment", "status", "kind", "apiId", "trustZone", "due", "reviewDue", "rule", ...linkOnlyFilters] as const).filter((n) => state[n]).length;
  const controlRefs = state.control ? state.control.split(",") : [];
  const chips = linkOnlyFilters.flatMap((name) => {
    const value = state[name];
    if (!value) return [];
    // One chip per control; removing it keeps the others.
    if (name === "control") {
      const prefix = controlRefs.length > 1 ? (state.controlMatch === "any" ? "Any of: " : "All of: ") : "";
      return controlRefs.map((ref) => ({ key: `control=${ref}`, label: `${prefix}${chipLabel(name, ref)}`, remove: () => update({ control: controlRefs.filter((r) => r !== ref).join(",") }) }));
    }
    return [{ key: name, label: chipLabel(name, value), remove: () => setFilter(name, "") }];
  });
  const data = query.data;
  const onFirstPage = !state.cursor;

  return (
    <div className="space-y-4">
      {state.asOf ? <AsOfBanner asOf={state.asOf} what="the inventory" /> : null}
      <form
        role="search"
        aria-label="Filter credentials"
        className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-xs"
        onSubmit={(e) => {
          e.preventDefault();
          clearTimeout(searchTimer.current);
          update({ q: searchText.trim() });
        }}
      >
        <div className="flex flex-wrap items-end gap-3">
          <div className="min-w-56 flex-1">
            <label htmlFor="filter-q" className="mb-1 block text-sm font-medium text-slate-700">
              Search name or client id
            </label>
            <Input id="filter-q" type="search" value={searchText} onChange={(e) => onSearchChange(e.target.value)} placeholder="e.g. onespan or 7f3c…" autoComplete="off" />
          </div>
          <div className="min-w-56">
            <label htmlFor="filter-sort" className="mb-1 block text-sm font-medium text-slate-700">
              Sort by
            </label>
            <Select id="filter-sort" value={state.sort ?? "rotation_due"} onChange={(e) => update({ sort: e.target.value === "rotation_due" ? "" : e.target.value })}>
              {credentialSorts.map((s) => (
                <option key={s} value={s}>
                  {sortLabels[s]}
                </option>
              ))}
            </Select>
          </div>
          <div>
            <label htmlFor="filter-asOf" className="mb-1 block text-sm font-medium text-slate-700">
              As of
            </label>
            {/* A past day shows the inventory as it was at the end of that day (UTC), read-only (DESIGN §8.6). */}
            <Input id="filter-asOf" type="date" value={state.asOf?.slice(0, 10) ?? ""} max={new Date().toISOString().slice(0, 10)} onChange={(e) => setFilter("asOf", e.target.value)} aria-describedby="filter-asOf-hint" />
            <span id="filter-asOf-hint" className="sr-only">
              Leave empty for the inventory now
            </span>
          </div>
          <Button variant="secondary" className="md:hidden" aria-expanded={showFilters} aria-controls="credential-filters" onClick={() => setShowFilters((v) => !v)}>
            <SlidersHorizontal className="h-4 w-4" aria-hidden="true" />
            Filters{activeCount ? ` (${activeCount})` : ""}
          </Button>
          {filtered ? (
            <Button variant="ghost" onClick={clearFilters}>
              Clear filters
            </Button>
          ) : null}
        </div>
        <div id="credential-filters" className={cn("grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-5", showFilters ? "grid" : "hidden md:grid")}>
          <FilterSelect id="teamId" label="Team" value={state.teamId} onChange={setFilter} anyLabel="Any team">
            {options.teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect id="ownerId" label="Owner" value={state.ownerId} onChange={setFilter} anyLabel="Any owner">
            {options.people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
                {p.isActive ? "" : " (left)"}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect id="environment" label="Environment" value={state.environment} onChange={setFilter} anyLabel="Any environment">
            {environments.map((v) => (
              <option key={v} value={v}>
                {environmentLabels[v]}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect id="status" label="Status" value={state.status} onChange={setFilter} anyLabel="Any status">
            {credentialStatuses.map((v) => (
              <option key={v} value={v}>
                {statusLabels[v]}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect id="kind" label="Kind" value={state.kind} onChange={setFilter} anyLabel="Any kind">
            {credentialKinds.map((v) => (
              <option key={v} value={v}>
                {kindLabels[v]}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect id="apiId" label="API" value={state.apiId} onChange={setFilter} anyLabel="Any API">
            {options.apis.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect id="trustZone" label="Trust zone" value={state.trustZone} onChange={setFilter} anyLabel="Any trust zone">
            {options.trustZones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect id="due" label="Rotation due" value={state.due} onChange={setFilter} anyLabel="Any rotation date">
            {dueBuckets.map((b) => (
              <option key={b} value={b}>
                {bucketLabels[b]}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect id="reviewDue" label="Review due" value={state.reviewDue} onChange={setFilter} anyLabel="Any review date">
            {dueBuckets.map((b) => (
              <option key={b} value={b}>
                {bucketLabels[b]}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect id="rule" label="Open finding" value={state.rule} onChange={setFilter} anyLabel="Any or none">
            {ruleIds.map((r) => (
              <option key={r} value={r}>
                {ruleLabel(r)}
              </option>
            ))}
          </FilterSelect>
          <ControlFilter idPrefix="filter" value={controlRefs} match={state.controlMatch === "any" ? "any" : undefined} onChange={(refs, match) => update({ control: refs.join(","), controlMatch: match ?? "" })} />
        </div>
        {chips.length > 0 ? (
          <ul aria-label="Also filtered by" className="flex flex-wrap gap-2" data-testid="filter-chips">
            {chips.map((c) => (
              <li key={c.key} className="inline-flex items-center gap-1 rounded-full bg-brand-50 px-3 py-1 text-sm text-brand-700 ring-1 ring-brand-100">
                {c.label}
                <button type="button" onClick={c.remove} className="ml-1 rounded-full px-1 hover:bg-brand-100" aria-label={`Remove filter: ${c.label}`}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </form>

      <p id="credential-results" className="sr-only scroll-mt-20" role="status" aria-live="polite">
        {query.isFetching ? "Loading credentials…" : data ? `${data.items.length} credential${data.items.length === 1 ? "" : "s"} shown${data.nextCursor ? ", more on the next page" : ""}.` : ""}
      </p>

      {query.isError && !data ? (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-6 text-center text-sm text-red-800">
          <p className="font-medium">Could not load credentials.</p>
          <p className="mt-1">{query.error.message}</p>
          <Button variant="secondary" className="mt-3" onClick={() => void query.refetch()}>
            Retry
          </Button>
        </div>
      ) : !data ? (
        <div aria-busy="true" data-testid="credentials-loading">
          <DataTable dense head={HEAD} caption="Credentials (loading)">
            <SkeletonRows />
          </DataTable>
        </div>
      ) : data.items.length === 0 && onFirstPage ? (
        filtered ? (
          <EmptyState
            title="No credential matches these filters"
            action={
              <Button variant="secondary" onClick={clearFilters}>
                Clear filters
              </Button>
            }
          >
            Try a different search, or clear the filters to see the whole inventory.
          </EmptyState>
        ) : (
          <EmptyState
            title="No credentials yet"
            action={
              canCreate ? (
                <Button asChild>
                  <Link href="/inventory/new">Add a credential</Link>
                </Button>
              ) : null
            }
          >
            Record every OAuth client, API key and certificate your workloads use, with accountable owners, so rotation and review dates can be tracked.
          </EmptyState>
        )
      ) : (
        <div aria-busy={query.isFetching} className={cn("transition-opacity", query.isFetching && "opacity-60")}>
          {query.isError ? (
            <div role="alert" className="mb-2 flex items-center justify-between gap-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
              Could not refresh the list.
              <Button size="sm" variant="secondary" onClick={() => void query.refetch()}>
                Retry
              </Button>
            </div>
          ) : null}
          {/* Phones get cards; the nine-column table needs a wider screen. */}
          <ul className="space-y-3 md:hidden" aria-label="Credentials">
            {data.items.map((c) => (
              <li key={c.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs" data-testid="credential-card">
                <div className="flex items-start justify-between gap-3">
                  <Link className="font-medium text-brand-700 hover:underline" href={`/inventory/${c.id}`}>
                    {c.name}
                  </Link>
                  <CredentialStatusBadge status={c.status} label={labelOf(statusLabels, c.status)} />
                </div>
                <p className="mt-1 text-xs text-slate-500">
                  {labelOf(kindLabels, c.kind)} · {labelOf(environmentLabels, c.environment)}
                  {c.clientId ? (
                    <>
                      {" · "}
                      <span className="break-all font-mono">{c.clientId}</span>
                    </>
                  ) : null}
                </p>
                <dl className="mt-3 grid grid-cols-2 gap-3 text-sm">
                  <div>
                    <dt className="text-xs text-slate-500">Owner</dt>
                    <dd>{c.owner ? c.owner.name : <Badge tone="red">No owner</Badge>}</dd>
                  </div>
                  <div>
                    <dt className="text-xs text-slate-500">Team</dt>
                    <dd>{c.owningTeam ? c.owningTeam.name : "—"}</dd>
                  </div>
                  <div>
                    <dt className="text-xs text-slate-500">Rotation due</dt>
                    <dd>
                      <DueCell at={c.rotationDueAt} bucket={c.rotationBucket} />
                    </dd>
                  </div>
                  <div>
                    <dt className="text-xs text-slate-500">Review due</dt>
                    <dd>
                      <DueCell at={c.reviewDueAt} bucket={c.reviewBucket} />
                    </dd>
                  </div>
                </dl>
              </li>
            ))}
          </ul>
          <div className="hidden md:block">
            <DataTable dense head={HEAD} caption="Credentials">
              {data.items.map((c) => (
                <tr key={c.id} className="hover:bg-slate-50" data-testid="credential-row">
                  <Td dense className="min-w-36">
                    <Link className="font-medium text-brand-700 hover:underline" href={`/inventory/${c.id}`}>
                      {c.name}
                    </Link>
                  </Td>
                  <Td dense className="min-w-28 max-w-48 break-all font-mono text-xs">{c.clientId ?? "—"}</Td>
                  <Td dense>{labelOf(kindLabels, c.kind)}</Td>
                  <Td dense>{labelOf(environmentLabels, c.environment)}</Td>
                  <Td dense>{c.owner ? c.owner.name : <Badge tone="red">No owner</Badge>}</Td>
                  <Td dense>{c.owningTeam ? c.owningTeam.name : "—"}</Td>
                  <Td dense>
                    <DueCell at={c.rotationDueAt} bucket={c.rotationBucket} />
                  </Td>
                  <Td dense>
                    <DueCell at={c.reviewDueAt} bucket={c.reviewBucket} />
                  </Td>
                  <Td dense>
                    <CredentialStatusBadge status={c.status} label={labelOf(statusLabels, c.status)} />
                  </Td>
                </tr>
              ))}
            </DataTable>
          </div>
          <nav aria-label="Pagination" className="mt-4 flex items-center justify-between gap-3 text-sm">
            {onFirstPage ? (
              <span />
            ) : previous.length > 0 ? (
              <Button variant="secondary" size="sm" onClick={goPrevious}>
                ← Previous page
              </Button>
            ) : (
              <Button variant="secondary" size="sm" onClick={() => update({})}>
                ← First page
              </Button>
            )}
            {data.nextCursor ? (
              <Button
                variant="secondary"
                size="sm"
                onClick={() => {
                  if (data.nextCursor) goNext(data.nextCursor);
                }}
              >
                Next page →
              </Button>
            ) : (
              <span />
            )}
          </nav>
        </div>
      )}
    </div>
  );
}
