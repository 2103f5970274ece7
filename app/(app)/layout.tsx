import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { readOwnPersonId } from "@/lib/server/org-reads";
import { requireSignedIn } from "@/lib/server/page-guard";
import { parseTheme, themeCookie } from "@/lib/theme";
import { signOutAction } from "../(auth)/actions";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const { actor } = await requireSignedIn();
  const [personId, cookieStore] = await Promise.all([readOwnPersonId(actor), cookies()]);
  return (
    <AppShell
      user={{ name: actor.name, email: actor.email, role: actor.role }}
      profileHref={personId ? `/people/${personId}` : null}
      theme={parseTheme(cookieStore.get(themeCookie)?.value)}
      signOut={signOutAction}
    >
      {children}
    </AppShell>
  );
}
