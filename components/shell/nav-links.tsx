"use client";

import Link, { useLinkStatus } from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/cn";

export function NavLinks({ items, compact = false, labelledBy }: { items: { href: string; label: string }[]; compact?: boolean; labelledBy?: string }) {
  const pathname = usePathname();
  return (
    <ul className={compact ? "flex gap-1 overflow-x-auto pb-1" : "space-y-0.5"} aria-labelledby={labelledBy}>
      {items.map((item) => {
        const active = item.href === "/" ? pathname === "/" : pathname.startsWith(item.href);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? "page" : undefined}
              className={cn(
                "flex items-center justify-between gap-2 whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium",
                active ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100",
              )}
            >
              {item.label}
              <PendingDot />
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

/** The sidebar: one list per section, each labelled by its heading. */
export function NavGroups({ groups }: { groups: { section: string; items: { href: string; label: string }[] }[] }) {
  return (
    <div className="space-y-4">
      {groups.map((g) => {
        const headingId = `nav-${g.section.toLowerCase()}`;
        return (
          <div key={g.section}>
            <h2 id={headingId} className="mb-1 px-3 text-xs font-semibold uppercase tracking-wide text-slate-500">
              {g.section}
            </h2>
            <NavLinks items={g.items} labelledBy={headingId} />
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
    <span role="status" aria-label="Loading" className="h-3 w-3 animate-spin rounded-full border-2 border-brand-500 border-t-transparent" />
  ) : null;
}
