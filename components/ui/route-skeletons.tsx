import type { ReactNode } from "react";
import { Skeleton } from "./skeleton";
import { SkeletonHeader } from "./skeleton-header";

function SkeletonFrame({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <SkeletonHeader />
      <div role="status" aria-busy="true" data-testid="page-skeleton">
        <span className="sr-only">{label}…</span>
        {children}
      </div>
    </>
  );
}

/*
 * Route skeletons (loading.tsx): the page's shape while its server render streams in. Next needs
 * a default export per loading.tsx, so each is a one-line re-export of one of these. A segment may
 * have one only when no page under it refuses or 404s by itself (the route table test checks this).
 */

/** A list page: a filter bar and table rows. */
export function ListPageSkeleton() {
  return (
    <SkeletonFrame label="Loading the list">
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
    </SkeletonFrame>
  );
}

/** The dashboard: a row of figures and the chart area. */
export function DashboardSkeleton() {
  return (
    <SkeletonFrame label="Loading the dashboard">
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
    </SkeletonFrame>
  );
}

/** A form page: labelled fields. */
export function FormPageSkeleton() {
  return (
    <SkeletonFrame label="Loading the form">
      <div className="max-w-xl space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        {Array.from({ length: 4 }, (_, i) => (
          <div key={i} className="space-y-1">
            <Skeleton className="h-4 w-32" />
            <Skeleton className="h-9 w-full" />
          </div>
        ))}
      </div>
    </SkeletonFrame>
  );
}
