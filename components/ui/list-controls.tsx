import { X } from "lucide-react";
import { Link } from "@/components/ui/link";
import type { ComponentProps, ReactNode } from "react";
import { Button } from "./button";
import { ChoiceSelect, Input } from "./form";

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

/**
 * One labelled select of a filter bar, its first choice "any" (the filter unset): uncontrolled in a GET
 * form (`name`, `defaultValue`) or controlled by a client list (`value`, `onChange`).
 */
export function FilterSelect({ id, label, anyLabel = "Any", choices, ...props }: ComponentProps<"select"> & { id: string; label: string; anyLabel?: string; choices: readonly { value: string; label: string }[] }) {
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">
        {label}
      </label>
      <ChoiceSelect id={id} {...props} empty={anyLabel} choices={choices.map((c) => ({ id: c.value, name: c.label }))} />
    </div>
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
/** A chip on a client list that holds its filters in state: removing it is the caller's own update. */
type StateChip = { key: string; label: string; onRemove: () => void };

/**
 * Applied filters as chips that remove them, so a list never narrows without saying why. On a page whose
 * filters live in the URL (`basePath`), the filters that arrive in a link (from the dashboard, say) without
 * a control of their own: each chip is a link to the URL without it, and a chip with a `value` stands for
 * one value of a comma-separated filter and removes that value only. On a client list that holds its
 * filters in state, every applied filter, each chip with its own `onRemove`.
 */
export function FilterChips(props: { params: Record<string, string | undefined>; chips: FilterChip[]; basePath: string } | { chips: StateChip[] }) {
  const items = "basePath" in props ? linkChips(props.basePath, props.params, props.chips) : props.chips.map((c) => ({ key: c.key, label: c.label, remove: c.onRemove }));
  if (items.length === 0) return null;
  const removeClass = "rounded-full p-0.5 hover:bg-brand-100 focus-visible:outline-2 focus-visible:outline-brand-500";
  return (
    <ul aria-label={"basePath" in props ? "Also filtered by" : "Filtered by"} className={"basePath" in props ? "mb-4 flex flex-wrap gap-2" : "flex flex-wrap gap-2"} data-testid="filter-chips">
      {items.map((c) => (
        <li key={c.key} className="inline-flex max-w-full items-center gap-1 rounded-full bg-brand-50 py-0.5 pr-1 pl-3 text-sm text-brand-700 ring-1 ring-brand-100">
          <span className="truncate">{c.label}</span>
          {typeof c.remove === "string" ? (
            <Link href={c.remove} className={removeClass} aria-label={`Remove filter: ${c.label}`}>
              <X className="h-3.5 w-3.5" aria-hidden="true" />
            </Link>
          ) : (
            <button type="button" onClick={c.remove} className={removeClass} aria-label={`Remove filter: ${c.label}`}>
              <X className="h-3.5 w-3.5" aria-hidden="true" />
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The URL-held filters shown as chips, each removed by a link to the same URL without it (and without the cursor). */
function linkChips(basePath: string, params: Record<string, string | undefined>, chips: FilterChip[]) {
  /** What is left of filter `name` once the chip is removed ("" for nothing). */
  const rest = (name: string, value?: string) => (value === undefined ? "" : (params[name] ?? "").split(",").filter((x) => x !== value).join(","));
  const href = (name: string, value?: string) => {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      const kept = k === name ? rest(name, value) : v;
      if (kept && k !== "cursor") search.set(k, kept);
    }
    const s = search.toString();
    return s ? `${basePath}?${s}` : basePath;
  };
  return chips.filter((c) => params[c.name]).map((c) => ({ key: `${c.name}=${c.value ?? ""}`, label: c.label, remove: href(c.name, c.value) }));
}
