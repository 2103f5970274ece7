"use client";

import { useLinkStatus } from "next/link";
import { Link } from "@/components/ui/link";
import { useRef, type KeyboardEvent, type ReactNode } from "react";
import { cn } from "@/lib/cn";

export type TabSpec = { id: string; label: string; count?: number | undefined };

function Pending() {
  const { pending } = useLinkStatus();
  return pending ? <span className="ml-1 inline-block h-2 w-2 animate-pulse rounded-full bg-brand-500" aria-hidden="true" /> : null;
}

/**
 * Tabs whose state is the URL (`?tab=`), so every tab can be linked to and the server renders only
 * the active panel. Keyboard: arrows, Home and End move between tabs; Enter or Space opens one.
 */
export function DetailTabs({ label, tabs, active, basePath, children }: { label: string; tabs: TabSpec[]; active: string; basePath: string; children: ReactNode }) {
  const refs = useRef<(HTMLAnchorElement | null)[]>([]);
  const onKeyDown = (e: KeyboardEvent<HTMLAnchorElement>, index: number) => {
    const last = tabs.length - 1;
    const target = e.key === "ArrowRight" ? (index === last ? 0 : index + 1) : e.key === "ArrowLeft" ? (index === 0 ? last : index - 1) : e.key === "Home" ? 0 : e.key === "End" ? last : null;
    if (target !== null) {
      e.preventDefault();
      refs.current[target]?.focus();
    } else if (e.key === " ") {
      e.preventDefault();
      e.currentTarget.click();
    }
  };
  return (
    <div>
      <div role="tablist" aria-label={label} className="-mx-4 mb-6 flex gap-1 overflow-x-auto border-b border-slate-200 px-4 md:mx-0 md:px-0">
        {tabs.map((t, i) => {
          const selected = t.id === active;
          return (
            <Link
              key={t.id}
              ref={(el) => {
                refs.current[i] = el;
              }}
              id={`tab-${t.id}`}
              role="tab"
              aria-selected={selected}
              aria-controls={selected ? `panel-${t.id}` : undefined}
              tabIndex={selected ? 0 : -1}
              href={t.id === tabs[0]?.id ? basePath : `${basePath}?tab=${t.id}`}
              replace
              scroll={false}
              onKeyDown={(e) => onKeyDown(e, i)}
              className={cn(
                "-mb-px inline-flex shrink-0 items-center whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium",
                selected ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900",
              )}
            >
              {t.label}
              {t.count !== undefined ? <span className="ml-1.5 rounded-full bg-slate-100 px-1.5 text-xs text-slate-600">{t.count}</span> : null}
              <Pending />
            </Link>
          );
        })}
      </div>
      <div role="tabpanel" id={`panel-${active}`} aria-labelledby={`tab-${active}`} tabIndex={0} className="focus-visible:outline-offset-4">
        {children}
      </div>
    </div>
  );
}
