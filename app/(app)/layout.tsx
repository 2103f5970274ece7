import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { guessPhone } from "@/lib/server/device";
import { readOwnPersonId } from "@/lib/server/org-reads";
import { requireSignedIn } from "@/lib/server/page-guard";
import { parseTheme, themeCookie } from "@/lib/theme";
import { signOutAction } from "../(auth)/actions";

/**
 * The signed-in shell. A session is required here; the requested page's permission one level
 * down, in (guarded)/layout.tsx, so a refusal there is caught by this segment's forbidden.tsx and
 * drawn inside this shell. (A boundary above this layout would have to draw a shell of its own, and
 * Next renders boundary components with every request: a second shell in every page's payload.)
 */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const { actor } = await requireSignedIn();
  const [personId, cookieStore, phone] = await Promise.all([readOwnPersonId(actor), cookies(), guessPhone()]);
  return (
    <AppShell
      user={{ name: actor.name, email: actor.email, role: actor.role }}
      profileHref={personId ? `/people/${personId}` : null}
      theme={parseTheme(cookieStore.get(themeCookie)?.value)}
      signOut={signOutAction}
      phone={phone}
    >
      {children}
    </AppShell>
  );
}
