import "server-only";
import { headers } from "next/headers";
import { userAgent } from "next/server";

/**
 * The server's guess that the page is drawn on a phone (its user agent says "mobile"), for pages that
 * render one layout per screen size instead of both (components/ui/use-media-query.ts corrects it).
 */
export async function guessPhone(): Promise<boolean> {
  return userAgent({ headers: await headers() }).device.type === "mobile";
}
