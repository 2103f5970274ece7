"use client";

import { Link } from "@/components/ui/link";
import { invalidates } from "@/components/query-keys";
import { Button } from "@/components/ui/button";
import { useApiForm } from "@/components/use-api-form";
import { routes } from "@/lib/api/routes";

/** Rules whose fix is a new secret: the next action is a rotation request. */
const fixedByRotation = new Set(["rotation-overdue", "secret-leaked", "secret-reused", "secret-no-expiry"]);

export type NextActionFinding = { id: string; ruleId: string; credentialId: string; credentialName: string };

/**
 * The next step on an open finding, where the finding is shown (issue 16 item 4): request a rotation when a new
 * secret fixes it, mark the credential reviewed when a review is overdue, otherwise open the finding to act on it.
 * The server decides again (record rights, one open request per credential) and the message says why not.
 */
export function FindingNextAction({ finding, canRotate, canReview }: { finding: NextActionFinding; canRotate: boolean; canReview: boolean }) {
  if (canRotate && fixedByRotation.has(finding.ruleId)) return <RequestRotation finding={finding} />;
  if (canReview && finding.ruleId === "review-overdue") return <MarkReviewed finding={finding} />;
  return (
    <Button asChild variant="secondary" size="sm">
      <Link href={`/findings/${finding.id}`} aria-label={`Review the finding on ${finding.credentialName}`}>
        Review
      </Link>
    </Button>
  );
}

function Outcome({ error, done }: { error: string | null; done: string | null }) {
  if (error) return <span role="alert" className="text-xs text-red-700">{error}</span>;
  return done ? <span role="status" className="text-xs text-emerald-700">{done}</span> : null;
}

function RequestRotation({ finding }: { finding: NextActionFinding }) {
  const form = useApiForm(routes.createRotationRequest, { params: { id: finding.credentialId }, invalidates: invalidates.findings });
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      {form.isSuccess ? null : (
        <Button
          size="sm"
          disabled={form.isPending}
          aria-label={`Request rotation of ${finding.credentialName}`}
          data-testid="next-action-rotate"
          onClick={() => form.submit({ reason: finding.ruleId === "secret-leaked" ? "compromise" : "scheduled", plannedAt: new Date().toISOString().slice(0, 10) })}
        >
          {form.isPending ? "Requesting…" : "Request rotation"}
        </Button>
      )}
      <Outcome error={form.formError} done={form.isSuccess ? "Rotation requested" : null} />
    </span>
  );
}

function MarkReviewed({ finding }: { finding: NextActionFinding }) {
  const form = useApiForm(routes.recordReview, { params: { id: finding.credentialId }, invalidates: invalidates.findings });
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      {form.isSuccess ? null : (
        <Button size="sm" disabled={form.isPending} aria-label={`Mark ${finding.credentialName} reviewed`} data-testid="next-action-review" onClick={() => form.submit({ decision: "keep" })}>
          {form.isPending ? "Saving…" : "Mark reviewed"}
        </Button>
      )}
      <Outcome error={form.formError} done={form.isSuccess ? "Marked reviewed" : null} />
    </span>
  );
}
