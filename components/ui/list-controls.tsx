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
    <nav aria-label="Pagination" className="mt-4 flex justify-between text-sm">
      {isFirstPage ? <span /> : <Link className="text-brand-700 underline" href={href()}>← First page</Link>}
      {nextCursor !== null ? <Link className="text-brand-700 underline" href={href(nextCursor)}>Next page →</Link> : <span />}
    </nav>
  );
}
