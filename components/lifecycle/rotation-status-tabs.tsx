import { Link } from "@/components/ui/link";
import { cn } from "@/lib/cn";

/** Status filter tabs whose state is the URL (`?status=`), so a filtered view can be linked to; `count` shows how many each holds. */
export function StatusTabs({ basePath, tabs, active, extra = {} }: { basePath: string; tabs: readonly { id: string; label: string; count?: string | undefined }[]; active: string; extra?: Record<string, string | undefined> }) {
  const href = (id: string) => {
    const search = new URLSearchParams();
    search.set("status", id);
    for (const [k, v] of Object.entries(extra)) if (v) search.set(k, v);
    return `${basePath}?${search.toString()}`;
  };
  return (
    <nav aria-label="Filter by status" className="-mx-4 mb-4 flex gap-1 overflow-x-auto border-b border-slate-200 px-4 md:mx-0 md:px-0">
      {tabs.map((t) => (
        <Link
          key={t.id}
          href={href(t.id)}
          aria-current={t.id === active ? "page" : undefined}
          className={cn(
            "-mb-px inline-flex shrink-0 items-center whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium",
            t.id === active ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900",
          )}
        >
          {t.label}
          {t.count !== undefined ? <span className="ml-1.5 rounded-full bg-slate-100 px-1.5 text-xs text-slate-600">{t.count}</span> : null}
        </Link>
      ))}
    </nav>
  );
}
