import type { ReactNode } from "react";
import { requireRequestedPage } from "@/lib/server/page-guard";

/**
 * Every signed-in page's permission, checked from the page table (requireRequestedPage) outside
 * the pages' loading.tsx boundaries, so a refusal is a real 403 and not a 200 that streams the
 * 403 page. The refusal is drawn by ../forbidden.tsx, inside the shell the parent layout drew.
 */
export default async function GuardedLayout({ children }: { children: ReactNode }) {
  await requireRequestedPage();
  return children;
}
