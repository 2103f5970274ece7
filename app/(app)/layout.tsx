import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requireSignedIn } from "@/lib/server/page-guard";
import { signOutAction } from "../(auth)/actions";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const { actor } = await requireSignedIn();
  return (
    <AppShell user={{ name: actor.name, email: actor.email, role: actor.role }} signOut={signOutAction}>
      {children}
    </AppShell>
  );
}
