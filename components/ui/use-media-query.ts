"use client";

import { useSyncExternalStore } from "react";

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
