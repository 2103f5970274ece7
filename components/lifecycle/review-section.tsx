import { and, eq, inArray } from "drizzle-orm";
import { getReviewState, listReviewsOf } from "@/db/queries/reviews";
import { findings } from "@/db/schema";
import { BucketBadge } from "@/components/inventory/badges";
import { formatDate, formatDateTime } from "@/components/inventory/labels";
import { Badge, Card, DataTable, EmptyState, Td } from "@/components/ui/layout";
import { can } from "@/lib/authz/permissions";
import { dueBucket } from "@/lib/domain/due-dates";
import { reviewFollowUpRules, reviewFollowUpRuleIds } from "@/lib/server/lifecycle/follow-ups";
import { canReview } from "@/lib/server/lifecycle/reviews";
import { ReviewActions } from "./review-dialog";
import { decisionLabels, decommissionReasonLabels } from "./review-labels";
import type { LifecycleSectionProps } from "./types";

const REVIEWS_SHOWN = 20;
const decisionTones = { keep: "green", reduce_scope: "amber", revoke: "red" } as const;

/** Reviews of one credential and the review dialog; decommissioning (DESIGN §4.3, §4.4). */
export async function ReviewSection({ db, credentialId, actor, facts, mayEdit, decommissioned }: LifecycleSectionProps) {
  const [state, page, pending] = await Promise.all([
    getReviewState(db, credentialId),
    listReviewsOf(db, credentialId, { limit: REVIEWS_SHOWN }),
    db
      .select({ ruleId: findings.ruleId })
      .from(findings)
      .where(and(eq(findings.credentialId, credentialId), inArray(findings.ruleId, reviewFollowUpRuleIds), inArray(findings.status, ["open", "excepted"]))),
  ]);
  if (!state) return null;
  const now = new Date();
  const bucket = dueBucket(state.reviewDueAt, now, [state.dueSoonDays]);
  const mayReview = !decommissioned && can(actor.role, "review:write") && canReview(facts, state, state.taskAssigneeIds);
  const mayDecommission = !decommissioned && mayEdit;

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
      {!decommissioned && pending.some((f) => f.ruleId === reviewFollowUpRules.revoke.id) ? (
        <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" role="status" data-testid="review-follow-up">
          A review decided to revoke this credential. Decommission it to close the finding; until then the review does not count.
        </p>
      ) : null}
      {!decommissioned && pending.some((f) => f.ruleId === reviewFollowUpRules.reduce_scope.id) ? (
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
      {page.items.length === 0 ? (
        <EmptyState title="No reviews yet">A review records whether the credential is still needed with the access it has.</EmptyState>
      ) : (
        <DataTable caption="Past reviews of this credential, newest first" head={["When (UTC)", "Reviewer", "Decision", "Notes"]}>
          {page.items.map((r) => (
            <tr key={r.id} data-testid="review-row">
              <Td className="whitespace-nowrap">{formatDateTime(r.createdAt)}</Td>
              <Td>{r.reviewer.name}</Td>
              <Td>
                <Badge tone={decisionTones[r.decision]}>{decisionLabels[r.decision]}</Badge>
              </Td>
              <Td className="min-w-48 whitespace-pre-line">{r.notes ?? <span className="text-slate-400">—</span>}</Td>
            </tr>
          ))}
        </DataTable>
      )}
      {page.nextCursor ? <p className="text-xs text-slate-500">Showing the {REVIEWS_SHOWN} most recent reviews; the API lists them all.</p> : null}
    </section>
  );
}
