"use client";

import { usePathname } from "next/navigation";
import { fixedPageHeader } from "@/components/page-headers";
import { PageHeader } from "./layout";
import { Skeleton } from "./skeleton";

/**
 * A loading skeleton's header: the page's own title and description when they are fixed text (the
 * first paint then says where you are), grey bars for a page whose header depends on its data.
 */
export function SkeletonHeader() {
  const header = fixedPageHeader(usePathname());
  if (header) return <PageHeader title={header.title} description={header.description} />;
  return (
    <div className="mb-6 space-y-2">
      <Skeleton className="h-8 w-48" />
      <Skeleton className="h-4 w-full max-w-xl" />
    </div>
  );
}
