"use client";

import { useSyncExternalStore, type ReactNode } from "react";

/** Tailwind's md breakpoint: from here the sidebar and tables, below it the phone layouts. */
export const wideScreen = "(min-width: 48rem)";

/**
 * Whether a CSS media query matches, following it as the window changes. The server cannot know, so
 * the page passes its guess (from the user agent, lib/server/device.ts) for the server render and
 * hydration; a wrong guess is corrected right after.
 */
export function useMediaQuery(query: string, serverGuess: boolean): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener("change", onChange);
      return () => list.removeEventListener("change", onChange);
    },
    () => window.matchMedia(query).matches,
    () => serverGuess,
  );
}

/**
 * Its children only on a wide screen (`md` and up): what a phone never shows (the sidebar navigation,
 * whose links the menu button opens there) is neither sent as HTML nor hydrated on one.
 */
export function WideScreenOnly({ phone, children }: { phone: boolean; children: ReactNode }) {
  return useMediaQuery(wideScreen, !phone) ? children : null;
}
