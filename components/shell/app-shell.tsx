import { Link } from "@/components/ui/link";
import type { ReactNode } from "react";
import { InboxLink } from "@/components/notifications/inbox-link";
import { navigationSectionsFor, palettePagesFor } from "@/lib/authz/navigation";
import { can, roleLabels, type Role } from "@/lib/authz/permissions";
import type { Theme } from "@/lib/theme";
import { WideScreenOnly } from "@/components/ui/use-media-query";
import { CommandPalette } from "./command-palette";
import { MobileMenu } from "./mobile-menu";
import { NavGroups } from "./nav-links";
import { UserMenu } from "./user-menu";

export function AppShell({
  user,
  profileHref,
  theme,
  signOut,
  phone,
  children,
}: {
  user: { name: string; email: string; role: Role };
  profileHref: string | null;
  theme: Theme;
  signOut: () => Promise<void>;
  /** The server's guess of a phone screen (lib/server/device.ts): the sidebar is then left out. */
  phone: boolean;
  children: ReactNode;
}) {
  const groups = navigationSectionsFor(user.role).map(({ section, items }) => ({
    section,
    items: items.map(({ href, label, icon }) => ({ href, label, icon })),
  }));
  const pages = palettePagesFor(user.role).map(({ href, label, section }) => ({ href, label, section }));
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <header className="sticky top-0 z-40 flex h-14 items-center justify-between gap-2 border-b border-slate-200 bg-white/95 px-3 backdrop-blur md:px-4">
        <div className="flex items-center gap-1">
          <MobileMenu groups={groups} />
          <Link href="/" className="flex items-center gap-2 px-1 font-semibold text-brand-700">
            <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6" fill="none" stroke="currentColor" strokeWidth="1.8">
              <path d="M12 3l7 3v5c0 4.5-3 8.3-7 10-4-1.7-7-5.5-7-10V6l7-3z" />
              <path d="M9 12l2 2 4-4" />
            </svg>
            Steward
          </Link>
        </div>
        <div className="flex items-center gap-1 sm:gap-2">
          <CommandPalette pages={pages} />
          <InboxLink />
          <UserMenu
            name={user.name}
            email={user.email}
            role={roleLabels[user.role]}
            profileHref={profileHref}
            tokensHref={can(user.role, "read-only-token:write") ? "/settings/tokens" : null}
            initialTheme={theme}
            signOut={signOut}
          />
        </div>
      </header>
      <div className="flex">
        {/* The column carries the background the full page height; the nav inside it stays in view. On a
            phone the menu button opens the same links, so the column is not drawn at all. */}
        <WideScreenOnly phone={phone}>
          <div className="hidden w-56 shrink-0 border-r border-slate-200 bg-white md:block">
            <nav aria-label="Main" className="sticky top-14 max-h-[calc(100vh-3.5rem)] overflow-y-auto px-2 py-3">
              <NavGroups groups={groups} />
            </nav>
          </div>
        </WideScreenOnly>
        <main id="main" className="min-w-0 flex-1 px-4 py-6 md:px-8">
          <div className="mx-auto max-w-6xl has-[[data-wide]]:max-w-none">{children}</div>
        </main>
      </div>
    </div>
  );
}
