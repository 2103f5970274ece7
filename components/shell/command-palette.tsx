"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { useQuery } from "@tanstack/react-query";
import { Search } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { queryKeys } from "@/components/query-keys";
import { apiCall } from "@/lib/api/client";
import { routes } from "@/lib/api/routes";
import { cn } from "@/lib/cn";
import { groupOptions, isPaletteShortcut, moveActive, paletteOptions, shouldSearch, type PalettePage } from "@/lib/domain/palette";

/** The pause after the last key press before records are searched. */
const debounceMs = 200;

function useDebounced(value: string, ms: number): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/**
 * ⌘K / Ctrl+K: a combobox over the viewer's pages (from the navigation table, filtered here) and
 * records (credentials, people, teams, APIs) from GET /api/v1/search. The input keeps focus; the
 * active option is announced through aria-activedescendant; Enter follows it, Escape closes.
 */
export function CommandPalette({ pages }: { pages: PalettePage[] }) {
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (!isPaletteShortcut(e)) return;
      e.preventDefault();
      setOpen((o) => !o);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger className="flex h-8 items-center gap-2 rounded-md border border-slate-200 bg-white px-2 text-sm text-slate-600 hover:bg-slate-100 sm:w-64">
        <Search className="h-4 w-4" aria-hidden="true" />
        <span className="sr-only sm:not-sr-only">Search…</span>
        <kbd className="ml-auto hidden rounded border border-slate-200 px-1 font-sans text-xs text-slate-600 sm:inline" aria-hidden="true">
          Ctrl K
        </kbd>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content
          className="fixed left-1/2 top-[12vh] z-50 w-[min(40rem,calc(100vw-2rem))] -translate-x-1/2 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-xl focus:outline-none"
          aria-describedby={undefined}
        >
          <Dialog.Title className="sr-only">Search Steward</Dialog.Title>
          {open ? <PaletteBody pages={pages} close={() => setOpen(false)} /> : null}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function PaletteBody({ pages, close }: { pages: PalettePage[]; close: () => void }) {
  const router = useRouter();
  const [q, setQ] = useState("");
  const [active, setActive] = useState(0);
  const debounced = useDebounced(q.trim(), debounceMs);
  const listId = useId();
  const listRef = useRef<HTMLUListElement>(null);

  const search = useQuery({
    queryKey: queryKeys.search.results(debounced),
    queryFn: ({ signal }) => apiCall(routes.search, { query: { q: debounced, limit: 5 }, signal }),
    enabled: shouldSearch(debounced),
    staleTime: 30_000,
  });
  const options = useMemo(() => paletteOptions(pages, shouldSearch(q) && search.data ? search.data.items : [], q), [pages, search.data, q]);
  const groups = groupOptions(options);
  const current = Math.min(active, options.length - 1);
  const optionId = (i: number) => `${listId}-option-${i}`;
  const searching = shouldSearch(q) && (q.trim() !== debounced || search.isFetching);

  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${current}"]`)?.scrollIntoView({ block: "nearest" });
  }, [current]);

  const go = (href: string) => {
    close();
    router.push(href);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const next = moveActive(current, e.key, options.length);
    if (next !== null) {
      e.preventDefault();
      setActive(next);
    } else if (e.key === "Enter") {
      const option = options[current];
      if (option) {
        e.preventDefault();
        go(option.href);
      }
    }
  };

  return (
    <div>
      <div className="flex items-center gap-2 border-b border-slate-200 px-3">
        <Search className="h-4 w-4 shrink-0 text-slate-500" aria-hidden="true" />
        <input
          role="combobox"
          aria-label="Search pages, credentials, people, teams and APIs"
          aria-expanded={options.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={current >= 0 && options.length > 0 ? optionId(current) : undefined}
          autoComplete="off"
          spellCheck={false}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          placeholder="Search pages, credentials, people, teams, APIs…"
          className="h-12 w-full bg-transparent text-sm text-slate-900 placeholder:text-slate-500 focus:outline-none"
        />
      </div>
      <ul ref={listRef} id={listId} role="listbox" aria-label="Results" className="max-h-[60vh] overflow-y-auto p-2">
        {groups.map((g) => (
          <li key={g.group} role="presentation">
            <div className="px-2 pb-1 pt-2 text-xs font-semibold uppercase tracking-wide text-slate-500" aria-hidden="true">
              {g.group}
            </div>
            <ul role="group" aria-label={g.group}>
              {g.options.map(({ option, index }) => (
                <li
                  key={option.key}
                  id={optionId(index)}
                  role="option"
                  aria-selected={index === current}
                  data-index={index}
                  onMouseMove={() => setActive(index)}
                  onClick={() => go(option.href)}
                  className={cn(
                    "flex cursor-pointer items-center justify-between gap-3 rounded-md px-2 py-1.5 text-sm",
                    index === current ? "bg-brand-50 text-brand-700" : "text-slate-800",
                  )}
                >
                  <span className="truncate">{option.label}</span>
                  {option.detail ? <span className="shrink-0 truncate text-xs text-slate-600">{option.detail}</span> : null}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      <p className="border-t border-slate-200 px-3 py-2 text-xs text-slate-600" role="status" aria-live="polite">
        {searching
          ? "Searching…"
          : search.isError && shouldSearch(q)
            ? "Search is unavailable; pages still match."
            : options.length === 0
              ? "No matches."
              : `${options.length} result${options.length === 1 ? "" : "s"} · ↑↓ to move · Enter to open · Esc to close`}
      </p>
    </div>
  );
}
