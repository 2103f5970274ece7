import { cn } from "@/lib/cn";

/** A grey placeholder block (pulses; still under reduced motion, globals.css). */
export function Skeleton({ className }: { className?: string }) {
  return <span aria-hidden="true" className={cn("block animate-pulse rounded bg-slate-200", className)} />;
}

/** What a route shows while its server render streams in: the page's shape, and a status for screen readers. */
export function PageSkeleton({ variant = "list", label = "Loading page" }: { variant?: "list" | "dashboard" | "form"; label?: string }) {
  return (
    <div role="status" aria-live="polite" aria-busy="true" data-testid="page-skeleton">
      <span className="sr-only">{label}…</span>
      <div className="mb-6 space-y-2">
        <Skeleton className="h-7 w-48" />
        <Skeleton className="h-4 w-full max-w-xl" />
      </div>
      {variant === "dashboard" ? (
        <>
          <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
            {Array.from({ length: 4 }, (_, i) => (
              <div key={i} className="rounded-lg border border-slate-200 bg-white p-4">
                <Skeleton className="h-4 w-24" />
                <Skeleton className="mt-3 h-8 w-16" />
              </div>
            ))}
          </div>
          <div className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
            <Skeleton className="h-48 w-full" />
          </div>
        </>
      ) : variant === "form" ? (
        <div className="max-w-xl space-y-4 rounded-lg border border-slate-200 bg-white p-5">
          {Array.from({ length: 4 }, (_, i) => (
            <div key={i} className="space-y-1">
              <Skeleton className="h-4 w-32" />
              <Skeleton className="h-9 w-full" />
            </div>
          ))}
        </div>
      ) : (
        <>
          <Skeleton className="mb-4 h-9 w-full" />
          <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
            {Array.from({ length: 8 }, (_, i) => (
              <div key={i} className="flex gap-4 border-b border-slate-100 px-3 py-3 last:border-0">
                <Skeleton className="h-4 flex-[2]" />
                <Skeleton className="h-4 flex-1" />
                <Skeleton className="h-4 flex-1" />
                <Skeleton className="hidden h-4 flex-1 md:block" />
              </div>
            ))}
          </div>
        </>
      )}
    </div>
  );
}
