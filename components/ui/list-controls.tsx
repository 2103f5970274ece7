import Link from "next/link";
import type { ReactNode } from "react";
import { Button } from "./button";
import { Input } from "./form";

/** A GET form: filters live in the URL, so a filtered view can be bookmarked and shared. */
export function FilterBar({ children, q, searchLabel }: { children?: ReactNode; q?: string; searchLabel: string }) {
  return (
    <form method="get" role="search" className="mb-4 flex flex-wrap items-end gap-3">
      <div className="min-w-60 flex-1">
        <label htmlFor="q" className="mb-1 block text-sm font-medium text-slate-700">
          {searchLabel}
        </label>
        <Input id="q" name="q" type="search" defaultValue={q ?? ""} placeholder="Type and press Enter" />
      </div>
      {children}
      <Button type="submit" variant="secondary">
        Apply
      </Button>
    </form>
  );
}

/** The pagination bar: back on the left, forward on the right (an empty cell keeps each in its place). */
function PagerNav({ back, next }: { back: ReactNode; next: ReactNode }) {
  return (
    <nav aria-label="Pagination" className="mt-4 flex items-center justify-between gap-3 text-sm">
      {back ?? <span />}
      {next ?? <span />}
    </nav>
  );
}

/** Keyset pagination: a link to the page after the last row shown, keeping the filters. */
export function Pager({ basePath, params, nextCursor, isFirstPage }: { basePath: string; params: Record<string, string | undefined>; nextCursor: string | number | null; isFirstPage: boolean }) {
  const href = (cursor?: string | number) => {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v && k !== "cursor") search.set(k, v);
    if (cursor !== undefined) search.set("cursor", String(cursor));
    const s = search.toString();
    return s ? `${basePath}?${s}` : basePath;
  };
  if (isFirstPage && nextCursor === null) return null;
  return (
    <PagerNav
      back={isFirstPage ? null : <Link className="text-brand-700 underline" href={href()}>← First page</Link>}
      next={nextCursor !== null ? <Link className="text-brand-700 underline" href={href(nextCursor)}>Next page →</Link> : null}
    />
  );
}

/**
 * Keyset pagination held in a client component's state (the inventory): "Previous page" while the cursors
 * of earlier pages are known (`onPrevious`), else "First page"; "Next page" while there is one (`onNext`).
 */
export function ButtonPager({ isFirstPage, onFirst, onPrevious, onNext }: { isFirstPage: boolean; onFirst: () => void; onPrevious?: (() => void) | undefined; onNext?: (() => void) | undefined }) {
  const back = isFirstPage ? null : onPrevious ? (
    <Button variant="secondary" size="sm" onClick={onPrevious}>
      ← Previous page
    </Button>
  ) : (
    <Button variant="secondary" size="sm" onClick={onFirst}>
      ← First page
    </Button>
  );
  const next = onNext ? (
    <Button variant="secondary" size="sm" onClick={onNext}>
      Next page →
    </Button>
  ) : null;
  return <PagerNav back={back} next={next} />;
}

type FilterChip = { name: string; value?: string; label: string };

/**
 * Filters that arrive in a link (from the dashboard, say) without a control of their own on the page:
 * each shown as a chip that removes it, so the list never narrows without saying why. A chip with a
 * `value` stands for one value of a comma-separated filter and removes that value only. On a page whose
 * filters live in the URL a chip is a link to the URL without it (`basePath`); on a client list that
 * holds its filters in state, a button that reports the filter's remaining value (`onRemove`).
 */
export function FilterChips({
  params,
  chips,
  ...remove
}: { params: Record<string, string | undefined>; chips: FilterChip[] } & ({ basePath: string } | { onRemove: (name: string, rest: string) => void })) {
  const shown = chips.filter((c) => params[c.name]);
  if (shown.length === 0) return null;
  /** What is left of filter `name` once the chip is removed ("" for nothing). */
  const rest = (name: string, value?: string) => (value === undefined ? "" : (params[name] ?? "").split(",").filter((x) => x !== value).join(","));
  const href = (basePath: string, name: string, value?: string) => {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      const kept = k === name ? rest(name, value) : v;
      if (kept && k !== "cursor") search.set(k, kept);
    }
    const s = search.toString();
    return s ? `${basePath}?${s}` : basePath;
  };
  const removeClass = "ml-1 rounded-full px-1 text-brand-700 hover:bg-brand-100";
  return (
    <ul aria-label="Also filtered by" className={"onRemove" in remove ? "flex flex-wrap gap-2" : "mb-4 flex flex-wrap gap-2"} data-testid="filter-chips">
      {shown.map((c) => (
        <li key={`${c.name}=${c.value ?? ""}`} className="inline-flex items-center gap-1 rounded-full bg-brand-50 px-3 py-1 text-sm text-brand-700 ring-1 ring-brand-100">
          {c.label}
          {"onRemove" in remove ? (
            <button type="button" onClick={() => remove.onRemove(c.name, rest(c.name, c.value))} className={removeClass} aria-label={`Remove filter: ${c.label}`}>
              ×
            </button>
          ) : (
            <Link href={href(remove.basePath, c.name, c.value)} className={removeClass} aria-label={`Remove filter: ${c.label}`}>
              ×
            </Link>
          )}
        </li>
      ))}
    </ul>
  );
}
