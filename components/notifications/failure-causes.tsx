"use client";

import { Link } from "@/components/ui/link";
import { RotateCcw } from "lucide-react";
import { invalidates } from "@/components/query-keys";
import { Button } from "@/components/ui/button";
import { DataTable, EmptyState, Td } from "@/components/ui/layout";
import { useApiForm } from "@/components/use-api-form";
import { routes } from "@/lib/api/routes";

export type FailureCauseView = { channel: "email" | "webhook"; cause: string; deliveries: number; targets: number; lastFailedAt: string; example: string };

const fmt = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;
const channelLabel = { email: "E-mail", webhook: "Webhook" } as const;

/** "Retry all" of one cause: back in the queue with fresh attempts; the page refreshes to show what is left. */
function RetryAll({ cause }: { cause: FailureCauseView }) {
  const m = useApiForm(routes.retryFailedByCause, { invalidates: invalidates.nothing });
  const n = cause.deliveries;
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <Button variant="secondary" size="sm" className="whitespace-nowrap" disabled={m.isPending || m.isSuccess} onClick={() => m.submit({ channel: cause.channel, cause: cause.cause })} aria-label={`Retry all ${n} ${channelLabel[cause.channel]} deliveries that failed with: ${cause.cause || "no error recorded"}`}>
        <RotateCcw className="h-4 w-4" aria-hidden="true" />
        {m.isSuccess ? `Queued ${m.data?.retried ?? n}` : m.isPending ? "Queuing…" : `Retry all ${n}`}
      </Button>
      {m.formError ? (
        <span role="alert" className="text-xs text-red-700">
          {m.formError}
        </span>
      ) : null}
    </span>
  );
}

/**
 * Failed deliveries grouped by what went wrong (the channel and the last error): fix the cause once (set
 * SMTP_URL, repair a receiver), then retry every delivery it failed in one step. Paged by cause.
 */
export function FailureCauses({ causes, nextHref, firstHref }: { causes: FailureCauseView[]; nextHref: string | null; firstHref: string | null }) {
  if (causes.length === 0 && !firstHref) {
    return <EmptyState title="No failed deliveries">Every e-mail and webhook went out, or is still being tried.</EmptyState>;
  }
  return (
    <>
      <DataTable caption="Failed deliveries by cause" head={["Cause", "Channel", "Deliveries", "Recipients", "Last failed", ""]}>
        {causes.map((c) => (
          <tr key={`${c.channel}:${c.cause}`} data-testid="failure-cause-row">
            <Td className="max-w-md">
              <span className="block break-words font-medium text-red-700">{c.cause || "No error recorded"}</span>
              <span className="block truncate text-xs text-slate-600" title={c.example}>
                Latest: {c.example}
              </span>
            </Td>
            <Td>{channelLabel[c.channel]}</Td>
            <Td className="tabular-nums">{c.deliveries}</Td>
            <Td className="tabular-nums">{c.targets}</Td>
            <Td className="whitespace-nowrap">{fmt(c.lastFailedAt)}</Td>
            <Td className="text-right">
              <RetryAll cause={c} />
            </Td>
          </tr>
        ))}
      </DataTable>
      {nextHref || firstHref ? (
        <nav aria-label="Pages of failure causes" className="flex justify-between text-sm">
          {firstHref ? <Link className="text-brand-700 underline" href={firstHref}>← First causes</Link> : <span />}
          {nextHref ? <Link className="text-brand-700 underline" href={nextHref}>More causes →</Link> : <span />}
        </nav>
      ) : null}
    </>
  );
}
