import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { readOwnPersonId } from "@/lib/server/org-reads";
import type { Actor } from "@/lib/server/context";
import { guessPhone } from "@/lib/server/device";
import { parseTheme, themeCookie } from "@/lib/theme";
import { signOutAction } from "../(auth)/actions";

/** The shell around every signed-in page: the app layout's, and the 403 page's when the layout refuses. */
export async function SignedInShell({ actor, children }: { actor: Actor; children: ReactNode }) {
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
