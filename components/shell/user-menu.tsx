"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { ChevronDown, LogOut } from "lucide-react";

export function UserMenu({ name, email, role, signOut }: { name: string; email: string; role: string; signOut: () => Promise<void> }) {
  return (
    <DropdownMenu.Root>
      {/* The name comes from the content (not aria-label), so the visible name is part of it (WCAG 2.5.3). */}
      <DropdownMenu.Trigger className="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm text-slate-700 hover:bg-slate-100">
        <span className="sr-only">Account menu for </span>
        <span className="flex h-7 w-7 items-center justify-center rounded-full bg-brand-100 text-xs font-semibold text-brand-700" aria-hidden="true">
          {name.slice(0, 1).toUpperCase()}
        </span>
        <span className="sr-only sm:not-sr-only">{name}</span>
        <ChevronDown className="h-4 w-4" aria-hidden="true" />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content align="end" sideOffset={6} className="z-50 min-w-56 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
          <div className="px-2 py-2 text-sm">
            <div className="font-medium text-slate-900">{name}</div>
            <div className="text-slate-500">{email}</div>
            <div className="mt-1 text-xs uppercase tracking-wide text-slate-500">Role: {role}</div>
          </div>
          <DropdownMenu.Separator className="my-1 h-px bg-slate-100" />
          <DropdownMenu.Item
            className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm text-slate-700 outline-none data-[highlighted]:bg-slate-100"
            onSelect={() => void signOut()}
          >
            {/* Sign-out ends every session of the user (a copied cookie too), so the label says so. */}
            <LogOut className="h-4 w-4" aria-hidden="true" /> Sign out everywhere
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
