"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { Check, KeyRound, LogOut, Monitor, Moon, Sun, User } from "lucide-react";
import { Link } from "@/components/ui/link";
import { useState } from "react";
import { parseTheme, themeCookieText, type Theme } from "@/lib/theme";
import { TriggerFace, triggerClass, type UserMenuProps } from "./user-menu-trigger";

const itemClass =
  "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm text-slate-700 outline-none data-[highlighted]:bg-slate-100 data-[highlighted]:text-slate-900";

const themeChoices: { value: Theme; label: string; Icon: typeof Sun }[] = [
  { value: "system", label: "System", Icon: Monitor },
  { value: "light", label: "Light", Icon: Sun },
  { value: "dark", label: "Dark", Icon: Moon },
];

/** Applies a theme at once (<html data-theme>) and keeps it for the next visit (a cookie the server reads before the first paint). */
function applyTheme(theme: Theme) {
  document.documentElement.dataset.theme = theme;
  document.cookie = themeCookieText(theme, window.location.protocol === "https:");
}

/**
 * The account menu itself (Radix dropdown menu: ~26 kB gzip with its positioning), loaded by
 * user-menu.tsx when it is first wanted, open from the start.
 */
export function RadixUserMenu({ name, email, role, profileHref, tokensHref, initialTheme, signOut }: UserMenuProps) {
  const [theme, setTheme] = useState<Theme>(initialTheme);
  return (
    // Not modal: a modal menu hides the rest of the page with aria-hidden while its links stay focusable (axe: aria-hidden-focus).
    <DropdownMenu.Root modal={false} defaultOpen>
      <DropdownMenu.Trigger className={triggerClass}>
        <TriggerFace name={name} />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content align="end" sideOffset={6} className="z-50 min-w-60 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
          <div className="px-2 py-2 text-sm">
            <div className="font-medium text-slate-900">{name}</div>
            <div className="text-slate-600">{email}</div>
            <div className="mt-1 text-xs uppercase tracking-wide text-slate-600">Role: {role}</div>
          </div>
          <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />
          {profileHref ? (
            <DropdownMenu.Item asChild className={itemClass}>
              <Link href={profileHref}>
                <User className="h-4 w-4" aria-hidden="true" /> Profile
              </Link>
            </DropdownMenu.Item>
          ) : null}
          {tokensHref ? (
            <DropdownMenu.Item asChild className={itemClass}>
              <Link href={tokensHref}>
                <KeyRound className="h-4 w-4" aria-hidden="true" /> API tokens
              </Link>
            </DropdownMenu.Item>
          ) : null}
          {profileHref || tokensHref ? <DropdownMenu.Separator className="my-1 h-px bg-slate-200" /> : null}
          <DropdownMenu.Label className="px-2 pb-1 pt-1.5 text-xs font-semibold uppercase tracking-wide text-slate-600">Theme</DropdownMenu.Label>
          <DropdownMenu.RadioGroup
            value={theme}
            onValueChange={(value) => {
              const next = parseTheme(value);
              setTheme(next);
              applyTheme(next);
            }}
          >
            {themeChoices.map(({ value, label, Icon }) => (
              <DropdownMenu.RadioItem key={value} value={value} className={itemClass} onSelect={(e) => e.preventDefault()}>
                <Icon className="h-4 w-4" aria-hidden="true" />
                <span className="flex-1">{label}</span>
                <DropdownMenu.ItemIndicator>
                  <Check className="h-4 w-4" aria-hidden="true" />
                </DropdownMenu.ItemIndicator>
              </DropdownMenu.RadioItem>
            ))}
          </DropdownMenu.RadioGroup>
          <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />
          <DropdownMenu.Item className={itemClass} onSelect={() => void signOut()}>
            {/* Sign-out ends every session of the user (a copied cookie too), so the label says so. */}
            <LogOut className="h-4 w-4" aria-hidden="true" /> Sign out everywhere
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
