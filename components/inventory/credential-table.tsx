"use client";

import { useQuery } from "@tanstack/react-query";
import { Link } from "@/components/ui/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { queryKeys } from "@/components/query-keys";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/layout";
import { ButtonPager } from "@/components/ui/list-controls";
import { ListTable, type Column, type TableSort } from "@/components/ui/list-table";
import { useMediaQuery, wideScreen } from "@/components/ui/use-media-query";
import { apiCall } from "@/lib/api/client";
import { routes } from "@/lib/api/routes";
import { TruncatedCopy } from "@/components/ui/copy-button";
import { cn } from "@/lib/cn";
import { credentialSorts } from "@/lib/domain/vocabulary/inventory";
import { AsOfBanner } from "./as-of";
import { CredentialStatusBadge, DueCell } from "./badges";
import { CredentialCards, ownerCell } from "./credential-cards";
import { CredentialFilterForm, type TableOptions } from "./credential-filter-form";
import { isFiltered, sameState, stateFromSearch, toSearch, type CredentialFilterState } from "./filters";
import { environmentLabels, kindLabels, labelOf, statusLabels } from "./labels";
import type { CredentialPage, CredentialRow } from "./types";

export type { TableOptions } from "./credential-filter-form";

type CredentialSort = (typeof credentialSorts)[number];
/**
 * Six columns, so the due dates and status are in view at 1440 px beside the sidebar: each row is two
 * lines (the due cells' date and badge), so the name carries its kind and environment beneath it and the
 * owner their team. Long names and ids are cut with the whole value as a tooltip (ids with a copy
 * button). The three the list can sort by sort from their headings too (each in its one order).
 */
const columns: Column<CredentialRow, CredentialSort>[] = [
  {
    header: "Name",
    sortKey: "name",
    className: "max-w-80",
    cell: (c) => (
      <>
        <Link className="block truncate font-medium text-brand-700 hover:underline" href={`/inventory/${c.id}`} title={c.name}>
          {c.name}
        </Link>
        <span className="block truncate text-xs text-slate-500">
          {labelOf(kindLabels, c.kind)} · {labelOf(environmentLabels, c.environment)}
        </span>
      </>
    ),
  },
  { header: "Client id", className: "max-w-56", cell: (c) => (c.clientId ? <TruncatedCopy value={c.clientId} label={`client id of ${c.name}`} className="font-mono text-xs" /> : "—") },
  {
    header: "Owner · team",
    className: "max-w-56",
    cell: (c) => (
      <>
        <span className="block truncate">{ownerCell(c)}</span>
        <span className="block truncate text-xs text-slate-500" title={c.owningTeam?.name}>
          {c.owningTeam ? c.owningTeam.name : "No team"}
        </span>
      </>
    ),
  },
  { header: "Rotation due", sortKey: "rotation_due", cell: (c) => <DueCell at={c.rotationDueAt} bucket={c.rotationBucket} /> },
  { header: "Review due", sortKey: "review_due", cell: (c) => <DueCell at={c.reviewDueAt} bucket={c.reviewBucket} /> },
  { header: "Status", cell: (c) => <CredentialStatusBadge status={c.status} label={labelOf(statusLabels, c.status)} /> },
];

/** The result count in words: a keyset page knows its own rows and whether more follow, not the total. */
export function resultCount(shown: number, more: boolean, firstPage: boolean): string {
  const noun = `credential${shown === 1 ? "" : "s"}`;
  if (!more && firstPage) return `${shown} ${noun}`;
  return `${shown} ${noun} on this page${more ? ", more on the next" : ""}`;
}



/**
 * The inventory table. The server renders the first page; filter changes fetch GET /api/v1/credentials
 * through TanStack Query (cached per filter set) and rewrite the URL in place, so a view can be
 * bookmarked without the page reloading.
 */
export function CredentialTable({
  initialState,
  initialPage,
  options,
  canCreate,
  phone,
}: {
  initialState: CredentialFilterState;
  initialPage: CredentialPage;
  options: TableOptions;
  canCreate: boolean;
  /** The server's guess of a phone screen: cards, or the table (one of them is drawn, never both). */
  phone: boolean;
}) {
  const wide = useMediaQuery(wideScreen, !phone);
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [initial] = useState(() => ({ state: initialState, page: initialPage, at: Date.now() }));
  // The URL wins over the server's render: Back restores a cached render of an older URL, while the
  // history entry holds the filters as they were last changed in place.
  const [state, setState] = useState<CredentialFilterState>(() => stateFromSearch(searchParams));
  // Cursors of the pages before this one, for "Previous page" (keyset pages only know what comes next).
  const [previous, setPrevious] = useState<(string | undefined)[]>([]);
  const [searchText, setSearchText] = useState(() => state.q ?? "");
  const searchTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const query = useQuery({
    queryKey: queryKeys.credentials.list(state),
    queryFn: ({ signal }) => apiCall(routes.listCredentials, { query: state, signal }),
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
  const data = query.data;
  const sort: TableSort<CredentialSort> = { key: credentialSorts.find((s) => s === state.sort) ?? "rotation_due", dir: "asc", fixedDirection: true, onSort: (key) => update({ sort: key === "rotation_due" ? "" : key }) };
  const onFirstPage = !state.cursor;

  return (
    <div className="space-y-4">
      {state.asOf ? <AsOfBanner asOf={state.asOf} what="the inventory" /> : null}
      <CredentialFilterForm
        state={state}
        options={options}
        searchText={searchText}
        onSearchChange={onSearchChange}
        onSearch={() => {
          clearTimeout(searchTimer.current);
          update({ q: searchText.trim() });
        }}
        update={update}
        clearFilters={clearFilters}
      />

      <p id="credential-results" className="min-h-5 scroll-mt-20 text-sm text-slate-600" role="status" aria-live="polite" data-testid="result-count">
        {query.isFetching ? "Loading credentials…" : data ? resultCount(data.items.length, data.nextCursor !== null, onFirstPage) : ""}
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
          <ListTable dense loading caption="Credentials (loading)" columns={columns} rows={[]} rowKey={(c) => c.id} />
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
          {wide ? (
            <ListTable dense singleLine hoverRows caption="Credentials" columns={columns} rows={data.items} rowKey={(c) => c.id} rowTestId="credential-row" sort={sort} />
          ) : (
            <CredentialCards items={data.items} />
          )}
          <ButtonPager
            isFirstPage={onFirstPage}
            onPrevious={previous.length > 0 ? goPrevious : undefined}
            onFirst={() => update({})}
            onNext={
              data.nextCursor
                ? () => {
                    if (data.nextCursor) goNext(data.nextCursor);
                  }
                : undefined
            }
          />
        </div>
      )}
    </div>
  );
}
