import { currentUnreadCount } from "@/lib/server/notifications/inbox-badge";
import { InboxBadge } from "./inbox-badge";

/** The header's link to the in-app inbox with its unread count (server-rendered, then polled). */
export async function InboxLink() {
  const count = await currentUnreadCount();
  if (count === null) return null;
  return <InboxBadge initialCount={count} />;
}
