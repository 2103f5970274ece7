"use client";

import { useQuery } from "@tanstack/react-query";
import { Link } from "@/components/ui/link";
import { useState, type ReactNode } from "react";
import { BucketBadge } from "@/components/inventory/badges";
import { environmentLabels, formatDate, labelOf } from "@/components/inventory/labels";
import { ReviewForm } from "@/components/lifecycle/review-dialog";
import { decisionLabels } from "@/components/lifecycle/review-labels";
import { Button } from "@/components/ui/button";
import { Badge, EmptyState } from "@/components/ui/layout";
import { queryKeys } from "@/components/query-keys";
import { apiCall } from "@/lib/api/client";
import { routes } from "@/lib/api/routes";
import type { QueueDto } from "@/lib/validation/queue";
import { SeverityBadge } from "./severity-badge";

const reasonLabels: Record<string, string> = {
  scheduled: "Scheduled",
  compromise: "Compromise (emergency)",
  owner_departure: "Owner departure",
  policy_change: "Policy change",
  other: "Other",
};
const stateLabels: Record<string, string> = { requested: "Waiting for approval", approved: "Approved — ready to complete" };

const lifecycleHref = (credentialId: string) => `/inventory/${credentialId}?tab=lifecycle`;

/**
 * My queue (DESIGN §6), rendered from the server's first paint and kept fresh by TanStack Query
 * (every minute, and on returning to the tab).
 */
export function QueueView({ initial }: { initial: QueueDto }) {
  const { data } = useQuery({
    queryKey: queryKeys.queue.mine(initial.limit),
    queryFn: ({ signal }) => apiCall(routes.getQueue, { query: { limit: initial.limit }, signal }),
    initialData: initial,
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
  });
  const q = data;
  // The last review recorded here: the task leaves the list when the queue refreshes, so the result is said above it.
  const [recorded, setRecorded] = useState<string | null>(null);
  const nothing = q.due.total + q.openRequests.total + q.approvals.total + q.reviewTasks.total + q.findings.total === 0;
  if (nothing) {
    return (
      <EmptyState title="Nothing waiting for you">
        {q.personId
          ? "None of your credentials is due for rotation or review, no approval waits for you, and you have no open review tasks or findings."
          : "Your account is not linked to a person who owns credentials (same email), so only approvals for your role would show here."}
      </EmptyState>
    );
  }
  const seeAllDue = q.personId ? `/inventory?ownerId=${q.personId}&due=overdue` : null;
  return (
    <div className="space-y-8">
      <Section id="approvals" title="Approvals waiting for me" total={q.approvals.total} shown={q.approvals.items.length} more={{ href: "/rotations?status=requested", label: "See all pending requests" }}>
        {q.approvals.items.map((r) => (
          <Item key={r.id} href={`/rotations/${r.id}`} title={r.credential.name} testId="queue-approval">
            <span>{labelOf(reasonLabels, r.reason)}</span>
            {r.breakGlass || r.reason === "compromise" ? <Badge tone="red">Emergency</Badge> : null}
            <span>requested by {r.requesterName ?? "someone"}</span>
            <span>planned {formatDate(r.plannedAt)}</span>
            <span>
              {r.approvals} of {r.approvalsRequired} approval{r.approvalsRequired === 1 ? "" : "s"}
              {r.securityApprovalRequired ? " (incl. security)" : ""}
            </span>
          </Item>
        ))}
      </Section>

      <Section id="due" title="My credentials needing action" total={q.due.total} shown={q.due.items.length} more={seeAllDue ? { href: seeAllDue, label: "See all my overdue credentials" } : null}>
        {q.due.items.map((c) => (
          <Item key={c.id} href={lifecycleHref(c.id)} title={c.name} testId="queue-due">
            <span>{labelOf(environmentLabels, c.environment)}</span>
            <span>{c.myRole === "owner" ? "You own it" : "You back it up"}</span>
            {c.rotationBucket === "overdue" || c.rotationBucket === "due_soon" ? (
              <span className="flex items-center gap-1">
                Rotation {formatDate(c.rotationDueAt)} <BucketBadge bucket={c.rotationBucket} />
              </span>
            ) : null}
            {c.reviewBucket === "overdue" || c.reviewBucket === "due_soon" ? (
              <span className="flex items-center gap-1">
                Review {formatDate(c.reviewDueAt)} <BucketBadge bucket={c.reviewBucket} />
              </span>
            ) : null}
          </Item>
        ))}
      </Section>

      <Section id="requests" title="Open rotation requests" total={q.openRequests.total} shown={q.openRequests.items.length} more={{ href: "/rotations?status=open", label: "See all open rotation requests" }}>
        {q.openRequests.items.map((r) => (
          <Item key={r.id} href={`/rotations/${r.id}`} title={r.credential.name} testId="queue-request">
            <Badge tone={r.state === "approved" ? "green" : "amber"}>{labelOf(stateLabels, r.state)}</Badge>
            <span>{labelOf(reasonLabels, r.reason)}</span>
            <span>planned {formatDate(r.plannedAt)}</span>
            <span>
              {r.approvals} of {r.approvalsRequired} approval{r.approvalsRequired === 1 ? "" : "s"}
            </span>
          </Item>
        ))}
      </Section>

      {recorded ? (
        <p role="status" className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800" data-testid="queue-review-recorded">
          {recorded}
        </p>
      ) : null}
      <Section id="reviews" title="My review tasks" total={q.reviewTasks.total} shown={q.reviewTasks.items.length} more={{ href: "/reviews", label: "See all reviews" }}>
        {q.reviewTasks.items.map((t) => (
          <Item key={t.id} href={lifecycleHref(t.credential.id)} title={t.credential.name} testId="queue-review">
            <span>campaign {t.campaignName}</span>
            <span>due {formatDate(t.dueAt)}</span>
            <InlineReview taskId={t.id} credentialId={t.credential.id} credentialName={t.credential.name} onRecorded={setRecorded} />
          </Item>
        ))}
      </Section>

      <Section id="findings" title="My open findings" total={q.findings.total} shown={q.findings.items.length} more={null}>
        {q.findings.items.map((f) => (
          <Item key={f.id} href={lifecycleHref(f.credential.id)} title={f.credential.name} testId="queue-finding">
            <SeverityBadge severity={f.severity} />
            <span>{f.summary}</span>
          </Item>
        ))}
      </Section>
    </div>
  );
}

function Section({
  id,
  title,
  total,
  shown,
  more,
  children,
}: {
  id: string;
  title: string;
  total: number;
  shown: number;
  more: { href: string; label: string } | null;
  children: ReactNode;
}) {
  const headingId = `queue-${id}`;
  return (
    <section aria-labelledby={headingId} data-testid={`queue-section-${id}`}>
      <h2 id={headingId} className="mb-2 flex items-center gap-2 text-base font-semibold text-slate-900">
        {title}
        <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700" aria-label={`${String(total)} item${total === 1 ? "" : "s"}`}>
          {total}
        </span>
      </h2>
      {total === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-3 text-sm text-slate-500">Nothing waiting for you here.</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-xs">{children}</ul>
      )}
      {total > shown && more ? (
        <p className="mt-2 text-sm">
          Showing {shown} of {total}.{" "}
          <Link className="text-brand-700 underline" href={more.href}>
            {more.label}
          </Link>
        </p>
      ) : null}
    </section>
  );
}

function Item({ href, title, testId, children }: { href: string; title: string; testId: string; children: ReactNode }) {
  return (
    <li className="px-4 py-3" data-testid={testId}>
      <Link href={href} className="font-medium text-brand-700 hover:underline">
        {title}
      </Link>
      <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-600">{children}</div>
    </li>
  );
}

/**
 * A campaign review decided in the queue (issue 16 item 4): the credential page's own form and
 * endpoint (recordReview, audited as usual), opened in place. No optimistic update: the button says
 * "Recording…", then the queue refreshes and the result is announced.
 */
function InlineReview({ taskId, credentialId, credentialName, onRecorded }: { taskId: string; credentialId: string; credentialName: string; onRecorded: (message: string) => void }) {
  const [open, setOpen] = useState(false);
  const panelId = `queue-review-${taskId}`;
  return (
    <div className="w-full">
      <Button variant="secondary" size="sm" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)}>
        {open ? "Close review" : "Review here"}
        <span className="sr-only"> {credentialName}</span>
      </Button>
      {open ? (
        <div id={panelId} className="mt-3 rounded-md border border-slate-200 p-3 text-slate-800">
          <ReviewForm
            credentialId={credentialId}
            idPrefix={panelId}
            onDone={(decision) => {
              setOpen(false);
              onRecorded(`Review of ${credentialName} recorded: ${decisionLabels[decision]}.`);
            }}
          />
        </div>
      ) : null}
    </div>
  );
}
