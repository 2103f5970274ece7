import { ChevronDown } from "lucide-react";
import type { Theme } from "@/lib/theme";

export type UserMenuProps = {
  name: string;
  email: string;
  role: string;
  /** The viewer's own person page, when they have one. */
  profileHref: string | null;
  /** Their API tokens page, when their role may hold tokens. */
  tokensHref: string | null;
  initialTheme: Theme;
  signOut: () => Promise<void>;
};

export const triggerClass = "flex items-center gap-2 rounded-md px-2 py-1.5 text-sm text-slate-700 hover:bg-slate-100";

/** The account button's face, the same before and after the menu loads. The name comes from the content (not aria-label), so the visible name is part of it (WCAG 2.5.3). */
export function TriggerFace({ name }: { name: string }) {
  return (
    <>
      <span className="sr-only">Account menu for </span>
      <span className="flex h-7 w-7 items-center justify-center rounded-full bg-brand-100 text-xs font-semibold text-brand-700" aria-hidden="true">
        {name.slice(0, 1).toUpperCase()}
      </span>
      <span className="sr-only sm:not-sr-only">{name}</span>
      <ChevronDown className="h-4 w-4" aria-hidden="true" />
    </>
  );
}
