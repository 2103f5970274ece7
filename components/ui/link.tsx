"use client";

import NextLink from "next/link";
import { useState, type ComponentProps } from "react";

/**
 * The app's link: next/link that prefetches on intent (pointer over it, focus, touch) instead of on
 * sight. Next.js prefetches every link as it scrolls into view, so a page of 50 rows fired ~30
 * prefetches as it loaded — each a server render of the signed-in layout with its database reads,
 * and each answer processed on the phone's main thread — for records nobody opened (issue #16 and
 * #17's load test). Reaching for a link still starts its prefetch a few hundred milliseconds before
 * the click. `prefetch={false}` turns it off entirely, as on next/link.
 */
export function Link({ prefetch, onPointerEnter, onFocus, onTouchStart, ...props }: ComponentProps<typeof NextLink>) {
  const [intent, setIntent] = useState(false);
  const wanted = () => {
    if (!intent) setIntent(true);
  };
  return (
    <NextLink
      {...props}
      prefetch={prefetch === false || !intent ? false : prefetch}
      onPointerEnter={(e) => {
        wanted();
        onPointerEnter?.(e);
      }}
      onFocus={(e) => {
        wanted();
        onFocus?.(e);
      }}
      onTouchStart={(e) => {
        wanted();
        onTouchStart?.(e);
      }}
    />
  );
}
