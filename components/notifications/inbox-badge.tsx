"use client";

import { useQuery } from "@tanstack/react-query";
import { Bell } from "lucide-react";
import { Link } from "@/components/ui/link";
import { queryKeys } from "@/components/query-keys";
import { apiCall } from "@/lib/api/client";
import { routes } from "@/lib/api/routes";

/** The header's inbox link: the server renders the first count, then it refreshes every minute. */
export function InboxBadge({ initialCount }: { initialCount: number }) {
  const { data } = useQuery({
    queryKey: queryKeys.inbox.unread,
    queryFn: async ({ signal }) => (await apiCall(routes.getUnreadCount, { signal })).count,
    initialData: initialCount,
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
  });
  const count = data;
  const label = count === 0 ? "Inbox, no unread notifications" : `Inbox, ${count} unread notification${count === 1 ? "" : "s"}`;
  return (
    <Link href="/inbox" aria-label={label} title={label} data-testid="inbox-link" className="relative inline-flex h-9 w-9 items-center justify-center rounded-md text-slate-600 hover:bg-slate-100 hover:text-slate-900">
      <Bell className="h-5 w-5" aria-hidden="true" />
      {count > 0 ? (
        <span data-testid="inbox-unread-count" className="absolute -right-0.5 -top-0.5 min-w-5 rounded-full bg-red-600 px-1 text-center text-[11px] font-semibold leading-5 text-white">
          {count > 99 ? "99+" : count}
        </span>
      ) : null}
    </Link>
  );
}
