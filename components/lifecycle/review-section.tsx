import { BucketBadge } from "@/components/inventory/badges";
import { formatDate, formatDateTime } from "@/components/inventory/labels";
import { Badge, Card, DataTable, EmptyState, Td } from "@/components/ui/layout";
import { dueBucket } from "@/lib/domain/due-dates";
import { readCredentialReviews } from "@/lib/server/inventory/credential-tabs";
import { ReviewActions } from "./review-dialog";
import { decisionLabels, decommissionReasonLabels } from "./review-labels";
import type { LifecycleSectionProps } from "./types";

const decisionTones = { keep: "green", reduce_scope: "amber", revoke: "red" } as const;

/** Reviews of one credential and the review dialog; decommissioning (DESIGN §4.3, §4.4). */
export async function ReviewSection({ credentialId, viewer }: LifecycleSectionProps) {
  const read = await readCredentialReviews(viewer, credentialId);
  if (!read) return null;
  const { state, reviews, hasMore, shownLimit, revokePending, scopePending, mayReview, mayDecommission } = read;
  const { decommissioned } = viewer;
  const bucket = dueBucket(state.reviewDueAt, new Date(), [state.dueSoonDays]);

  return (
    <section aria-labelledby="reviews-title" className="space-y-3" data-testid="review-section">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="reviews-title" className="text-base font-semibold text-slate-900">
          Reviews and decommissioning
        </h2>
        <ReviewActions credentialId={credentialId} credentialName={state.name} canReview={mayReview} canDecommission={mayDecommission} />
      </div>
      {decommissioned ? (
        <div className="rounded-md border border-slate-300 bg-slate-50 p-4 text-sm text-slate-800" data-testid="decommissioned-record">
          <p className="font-semibold">Decommissioned — this record is read-only and kept as evidence.</p>
          <dl className="mt-2 grid grid-cols-1 gap-2 sm:grid-cols-4">
            <div>
              <dt className="text-slate-500">On</dt>
              <dd>{formatDate(state.decommissionedAt)}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Reason</dt>
              <dd>{state.decommissionReason ? decommissionReasonLabels[state.decommissionReason] : "—"}</dd>
            </div>
            <div>
              <dt className="text-slate-500">By</dt>
              <dd>{state.decommissionedByName ?? "—"}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Client disabled at the server</dt>
              <dd>{state.disabledAtServerConfirmed ? "Confirmed" : "Not recorded"}</dd>
            </div>
          </dl>
        </div>
      ) : null}
      {!decommissioned && revokePending ? (
        <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" role="status" data-testid="review-follow-up">
          A review decided to revoke this credential. Decommission it to close the finding; until then the review does not count.
        </p>
      ) : null}
      {!decommissioned && scopePending ? (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" role="status" data-testid="review-follow-up">
          A review decided to reduce this credential&rsquo;s scope. Remove the grants it no longer needs; the review counts (and the review clock restarts) once the grants shrink.
        </p>
      ) : null}
      <Card>
        <dl className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-slate-500">Last reviewed</dt>
            <dd className="mt-1 font-medium" data-testid="last-reviewed">
              {state.lastReviewedAt ? formatDateTime(state.lastReviewedAt) : "Never"}
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">Review due</dt>
            <dd className="mt-1 flex flex-wrap items-center gap-2 font-medium">
              {decommissioned ? "—" : state.reviewDueAt ? formatDate(state.reviewDueAt) : "—"} {decommissioned ? null : <BucketBadge bucket={bucket} />}
            </dd>
          </div>
        </dl>
        {!decommissioned && !mayReview ? <p className="mt-3 text-xs text-slate-500">The owner, the backup owner or the security team reviews this credential.</p> : null}
      </Card>
      {reviews.length === 0 ? (
        <EmptyState title="No reviews yet">A review records whether the credential is still needed with the access it has.</EmptyState>
      ) : (
        <DataTable caption="Past reviews of this credential, newest first" head={["When (UTC)", "Reviewer", "Decision", "Notes"]}>
          {reviews.map((r) => (
            <tr key={r.id} data-testid="review-row">
              <Td className="whitespace-nowrap">{formatDateTime(r.createdAt)}</Td>
              <Td>{r.reviewer.name}</Td>
              <Td>
                <Badge tone={decisionTones[r.decision]}>{decisionLabels[r.decision]}</Badge>
              </Td>
              <Td className="min-w-48 whitespace-pre-line">{r.notes ?? <span className="text-slate-500">—</span>}</Td>
            </tr>
          ))}
        </DataTable>
      )}
      {hasMore ? <p className="text-xs text-slate-500">Showing the {shownLimit} most recent reviews; the API lists them all.</p> : null}
    </section>
  );
}
