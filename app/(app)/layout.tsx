import type { ReactNode } from "react";
import { requireRequestedPage } from "@/lib/server/page-guard";
import { SignedInShell } from "./signed-in-shell";

/**
 * The signed-in shell. It checks the requested page's permission itself (requireRequestedPage):
 * it renders outside the pages' loading.tsx boundaries, so a refusal here is still a 403 (drawn
 * by app/forbidden.tsx, in the same shell).
 */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const { actor } = await requireRequestedPage();
  return <SignedInShell actor={actor}>{children}</SignedInShell>;
}
