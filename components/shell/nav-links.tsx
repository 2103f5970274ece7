"use client";

import { ChevronDown } from "lucide-react";
import { useLinkStatus } from "next/link";
import { Link } from "@/components/ui/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import type { NavIcon } from "@/lib/authz/navigation";
import { cn } from "@/lib/cn";
import { NavIconGlyph } from "./nav-icons";

export type NavLinkItem = { href: string; label: string; icon?: NavIcon };
export type NavGroup = { section: string; items: NavLinkItem[] };

/** Whether a link is the page being shown (or a page under it). */
export function isActive(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

export function NavLinks({ items, labelledBy }: { items: NavLinkItem[]; labelledBy?: string }) {
  const pathname = usePathname();
  return (
    <ul className="space-y-px" aria-labelledby={labelledBy}>
      {items.map((item) => {
        const active = isActive(pathname, item.href);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? "page" : undefined}
              className={cn(
                "flex items-center gap-2 whitespace-nowrap rounded-md px-2 py-1 text-[13px] font-medium leading-[18px]",
                active ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900",
              )}
            >
              <NavIconGlyph icon={item.icon} className={cn("h-4 w-4 shrink-0", active ? "text-brand-700" : "text-slate-500")} />
              <span className="min-w-0 flex-1 truncate">{item.label}</span>
              <PendingDot />
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

const collapsedKey = "steward.nav.collapsed";

/**
 * The grouped navigation: one list per section, each labelled by its heading. A heading's button
 * folds its group away (remembered in this browser); the group holding the current page stays open.
 */
export function NavGroups({ groups, idPrefix = "nav" }: { groups: NavGroup[]; idPrefix?: string }) {
  const pathname = usePathname();
  const [collapsed, setCollapsed] = useState<string[]>([]);
  useEffect(() => {
    try {
      const stored: unknown = JSON.parse(localStorage.getItem(collapsedKey) ?? "[]");
      // Read after hydration, so the server's render (every group open) matches the first client render.
      if (Array.isArray(stored)) setCollapsed(stored.filter((s): s is string => typeof s === "string"));
    } catch {
      // An unreadable value: every group open.
    }
  }, []);
  const toggle = (section: string) => {
    const next = collapsed.includes(section) ? collapsed.filter((s) => s !== section) : [...collapsed, section];
    setCollapsed(next);
    try {
      localStorage.setItem(collapsedKey, JSON.stringify(next));
    } catch {
      // Storage refused (private mode): the choice lasts until the page reloads.
    }
  };
  return (
    <div className="space-y-2">
      {groups.map((g) => {
        const headingId = `${idPrefix}-${g.section.toLowerCase()}`;
        const holdsCurrent = g.items.some((i) => isActive(pathname, i.href));
        const open = holdsCurrent || !collapsed.includes(g.section);
        return (
          <div key={g.section}>
            <h2 id={headingId} className="text-[11px] font-semibold uppercase tracking-wide text-slate-600">
              <button
                type="button"
                aria-expanded={open}
                aria-controls={`${headingId}-list`}
                onClick={() => toggle(g.section)}
                className="flex w-full items-center justify-between rounded px-2 py-0.5 hover:bg-slate-100"
              >
                {g.section}
                <ChevronDown className={cn("h-3.5 w-3.5 transition-transform", open ? "" : "-rotate-90")} aria-hidden="true" />
              </button>
            </h2>
            <div id={`${headingId}-list`} hidden={!open}>
              <NavLinks items={g.items} labelledBy={headingId} />
            </div>
          </div>
        );
      })}
    </div>
  );
}

/** Shows on the link being followed while the next page renders on the server. */
function PendingDot() {
  const { pending } = useLinkStatus();
  return pending ? (
    <span role="status" aria-label="Loading" className="h-3 w-3 shrink-0 animate-spin rounded-full border-2 border-brand-500 border-t-transparent" />
  ) : null;
}
