import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { MarkAllReadButton, MarkReadButton } from "@/components/notifications/inbox-actions";
import { Badge, EmptyState, PageHeader } from "@/components/ui/layout";
import { pageHeaders } from "@/components/page-headers";
import { Pager } from "@/components/ui/list-controls";
import { cn } from "@/lib/cn";
import { readInbox } from "@/lib/server/notifications/reads";
import { requirePage } from "@/lib/server/page-guard";
import { parseSearchParams, type RawSearchParams } from "@/lib/server/search-params";
import { inboxQuery } from "@/lib/validation/notifications";
import { DateTime } from "@/components/ui/date-time";

export const metadata: Metadata = { title: "Inbox · Steward" };

const kindLabels: Record<string, string> = { "reminder.rotation": "Rotation reminder", "reminder.review": "Review reminder" };


export default async function InboxPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePage("/inbox");
  const { values, params } = parseSearchParams(inboxQuery, await searchParams);
  const { page, unread } = await readInbox(ctx.actor, values);
  const onlyUnread = values.unread === true;
  return (
    <>
      <PageHeader
        {...pageHeaders["/inbox"]}
        actions={unread > 0 ? <MarkAllReadButton /> : null}
      />
      <nav aria-label="Inbox filter" className="mb-4 flex gap-2 text-sm">
        <Link href="/inbox" aria-current={!onlyUnread ? "page" : undefined} className={cn("rounded-md px-3 py-1.5", !onlyUnread ? "bg-slate-200 font-medium text-slate-900" : "text-slate-600 hover:bg-slate-100")}>
          All
        </Link>
        <Link href="/inbox?unread=true" aria-current={onlyUnread ? "page" : undefined} className={cn("rounded-md px-3 py-1.5", onlyUnread ? "bg-slate-200 font-medium text-slate-900" : "text-slate-600 hover:bg-slate-100")}>
          Unread <span data-testid="inbox-page-unread">({unread})</span>
        </Link>
      </nav>
      {page.items.length === 0 ? (
        <EmptyState title={onlyUnread ? "Nothing unread" : "Your inbox is empty"}>
          {onlyUnread ? "You have read every notification." : "Rotation and review reminders, escalations and approval requests for your credentials will appear here."}
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-xs" aria-label="Notifications">
          {page.items.map((n) => {
            const isUnread = n.readAt === null;
            return (
              <li key={n.id} data-testid="inbox-item" data-unread={isUnread ? "true" : "false"} className={cn("flex flex-wrap items-start gap-3 px-4 py-3", isUnread && "bg-brand-50/40")}>
                <span aria-hidden="true" className={cn("mt-2 h-2 w-2 shrink-0 rounded-full", isUnread ? "bg-brand-600" : "bg-transparent")} />
                <div className="min-w-0 flex-1">
                  <p className={cn("text-sm text-slate-900", isUnread && "font-semibold")}>
                    {isUnread ? <span className="sr-only">Unread: </span> : null}
                    {n.link ? (
                      <Link className="hover:underline" href={n.link}>
                        {n.subject}
                      </Link>
                    ) : (
                      n.subject
                    )}
                  </p>
                  <p className="mt-0.5 text-sm text-slate-600">{n.body}</p>
                  <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-500">
                    <DateTime value={n.createdAt} />
                    <Badge>{kindLabels[n.kind] ?? n.kind}</Badge>
                  </p>
                </div>
                {isUnread ? <MarkReadButton id={n.id} subject={n.subject} /> : null}
              </li>
            );
          })}
        </ul>
      )}
      <Pager basePath="/inbox" params={params} nextCursor={page.nextCursor} isFirstPage={!values.cursor} />
    </>
  );
}
