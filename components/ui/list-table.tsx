import { Link } from "@/components/ui/link";
import type { ReactNode } from "react";
import { cn } from "@/lib/cn";
import { EmptyState, TableFrame, Td, thClass } from "./layout";
import { Button } from "./button";
import { Pager } from "./list-controls";
import { Skeleton } from "./skeleton";

/** One column of a list: its heading, what each row shows in it, and (when the list can sort by it) the sort it selects. */
export type Column<T, K extends string = string> = {
  header: string;
  cell: (row: T) => ReactNode;
  sortKey?: K;
  /** Classes of the column's cells. */
  className?: string;
  /** Right-aligned heading and cells (counts). */
  numeric?: boolean;
  /** The heading's long form, as a tooltip ("Open critical findings" for "Critical"). */
  title?: string;
  /** The cell names its row: rendered as a row header, so screen readers announce it with every cell. */
  rowHeader?: boolean;
};

export type SortDirection = "asc" | "desc";

/**
 * Sorting by heading: the current sort, and what a click asks for. `fixedDirection`: each sort has one natural
 * order (soonest first, A–Z), so a click on the current heading changes nothing.
 */
export type TableSort<K extends string> = { key: K | undefined; dir: SortDirection; onSort: (key: K, dir: SortDirection) => void; fixedDirection?: boolean };

export type PagerProps = Parameters<typeof Pager>[0];

type ListTableProps<T, K extends string> = {
  caption: string;
  columns: readonly Column<T, K>[];
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  dense?: boolean;
  testId?: string;
  rowTestId?: string;
  /** Further data attributes per row, for tests and styling (`data-rule`). */
  rowData?: (row: T) => Record<`data-${string}`, string>;
  hoverRows?: boolean;
  sort?: TableSort<NoInfer<K>>;
  /** Shown instead of the table when there are no rows; without it an empty list shows an empty table. */
  empty?: { title: string; children?: ReactNode; action?: ReactNode };
  /** Keyset paging below the table (also below the empty state: a page past the end links back to the first). */
  pager?: PagerProps;
  /** Placeholder rows while the first page loads. */
  loading?: boolean;
  /** One line per row: cells do not wrap (columns cut long values themselves, with a tooltip). */
  singleLine?: boolean;
};

function SortHeader<K extends string>({ column, sortKey, sort, dense }: { column: Column<unknown, K>; sortKey: K; sort: TableSort<K>; dense: boolean }) {
  const active = sort.key === sortKey;
  const next: SortDirection = active && !sort.fixedDirection && sort.dir === "asc" ? "desc" : sort.fixedDirection && active ? sort.dir : "asc";
  const order = sort.dir === "asc" ? "ascending" : "descending";
  return (
    <th scope="col" aria-sort={active ? order : "none"} className={cn("relative", thClass(dense), column.numeric && "text-right")}>
      <button type="button" onClick={() => sort.onSort(sortKey, next)} className="inline-flex items-center gap-1 rounded hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-600" title={column.title}>
        {column.header}
        <span aria-hidden="true" className="text-xs">{active ? (sort.dir === "asc" ? "▲" : "▼") : "↕"}</span>
        <span className="sr-only">{active ? `, sorted ${order}` : ", sort"}</span>
      </button>
    </th>
  );
}

/**
 * A list of records as a table: columns as data, headings that sort (with aria-sort) when the list can, the
 * empty state and keyset paging. No hooks, so server components render it as they are, and client components
 * (the inventory, the dashboard) hand it their sort callbacks.
 */
export function ListTable<T, K extends string = string>(props: ListTableProps<T, K>) {
  const { caption, columns, rows, rowKey, dense = false, testId, rowTestId, rowData, hoverRows = false, sort, empty, pager, loading = false, singleLine = false } = props;
  const header = columns.map((c) =>
    sort && c.sortKey !== undefined ? (
      <SortHeader key={c.header} column={c as Column<unknown, K>} sortKey={c.sortKey} sort={sort} dense={dense} />
    ) : (
      <th key={c.header} scope="col" title={c.title} className={cn(thClass(dense), c.numeric && "text-right")}>
        {c.header}
      </th>
    ),
  );
  const cell = (c: Column<T, K>, row: T) => {
    const className = cn(c.numeric && "text-right tabular-nums", singleLine && "whitespace-nowrap", c.className);
    if (!c.rowHeader) return <Td key={c.header} dense={dense} className={className}>{c.cell(row)}</Td>;
    return (
      <th key={c.header} scope="row" className={cn("px-4 py-2.5 text-left align-top font-medium text-slate-800", dense && "px-3", className)}>
        {c.cell(row)}
      </th>
    );
  };
  const body = loading
    ? Array.from({ length: 6 }, (_, i) => (
        <tr key={i} data-testid="skeleton-row">
          {columns.map((c) => (
            <Td dense={dense} key={c.header}>
              <Skeleton className="h-4 w-full min-w-12" />
            </Td>
          ))}
        </tr>
      ))
    : rows.map((row) => (
        <tr key={rowKey(row)} className={hoverRows ? "hover:bg-slate-50" : undefined} data-testid={rowTestId} {...rowData?.(row)}>
          {columns.map((c) => cell(c, row))}
        </tr>
      ));
  return (
    <>
      {!loading && rows.length === 0 && empty ? (
        <EmptyState title={empty.title} action={empty.action}>
          {empty.children}
        </EmptyState>
      ) : (
        <TableFrame caption={caption} header={header} testId={testId}>
          {body}
        </TableFrame>
      )}
      {pager ? <Pager {...pager} /> : null}
    </>
  );
}

/** A list row's link to its record's page: the first cell of most lists. */
export function RowLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link className="font-medium text-brand-700 hover:underline" href={href}>
      {children}
    </Link>
  );
}

/**
 * The rows, empty state and paging of a searchable list of records whose filters live in the URL: "nothing
 * matches" while filtered; otherwise what the list is for and, to those who may create one (`createLabel`),
 * a button to `${basePath}/new`. Spread into ListTable.
 */
export function recordList<T extends { id: string }>(l: {
  basePath: string;
  params: Record<string, string | undefined>;
  page: { items: T[]; nextCursor: string | number | null };
  cursor: unknown;
  filtered: boolean;
  matchTitle: string;
  matchText?: string;
  emptyTitle: string;
  emptyText: string;
  createLabel: string | null;
}) {
  return {
    rows: l.page.items,
    rowKey: (row: T) => row.id,
    hoverRows: true,
    empty: {
      title: l.filtered ? l.matchTitle : l.emptyTitle,
      action: !l.filtered && l.createLabel ? <Button asChild><Link href={`${l.basePath}/new`}>{l.createLabel}</Link></Button> : null,
      children: l.filtered ? (l.matchText ?? "Try a different search or clear the filters.") : l.emptyText,
    },
    pager: urlPager(l.basePath, l.params, l.page.nextCursor, l.cursor),
  };
}

/** Keyset paging of a list page whose filters (and cursor) are in the URL. */
export function urlPager(basePath: string, params: Record<string, string | undefined>, nextCursor: string | number | null, cursor: unknown): PagerProps {
  return { basePath, params, nextCursor, isFirstPage: !cursor };
}
