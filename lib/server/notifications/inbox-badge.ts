import "server-only";
import { getDb } from "@/db";
import { currentActor } from "@/lib/server/session";
import { unreadCount } from "./inbox";

/** The signed-in user's unread count, for the header; null when nobody is signed in. */
export async function currentUnreadCount(): Promise<number | null> {
  const actor = await currentActor();
  if (!actor) return null;
  return unreadCount(await getDb(), actor.userId);
}
