"use client";

import { useState } from "react";
import { Textarea } from "@/components/inventory/fields";
import { Button } from "@/components/ui/button";
import { ModalDialog } from "@/components/ui/dialog";
import { describedBy, Field } from "@/components/ui/form";
import { ApiFormFrame } from "@/components/api-form";
import { trimmedOrNull } from "@/components/form-data";
import { useApiForm } from "@/components/use-api-form";
import { reviewDecisions, type DecommissionReason, type ReviewDecision } from "@/lib/domain/vocabulary/review";
import { DecommissionForm } from "./decommission-dialog";
import { decisionLabels } from "./review-labels";
import { invalidates } from "@/components/query-keys";
import { routes } from "@/lib/api/routes";

const decisionHints: Record<ReviewDecision, string> = {
  keep: "Still needed, with the access it has.",
  reduce_scope: "Still needed, but with less access: say which scopes go. The review counts once the grants shrink.",
  revoke: "No longer needed: decommission it next. The review counts once it is decommissioned.",
};

/** The review form: a decision and notes (required unless keep). */
export function ReviewForm({ credentialId, onDone, idPrefix = "review" }: { credentialId: string; onDone: (decision: ReviewDecision) => void; idPrefix?: string }) {
  const [decision, setDecision] = useState<ReviewDecision>("keep");
  const form = useApiForm(routes.recordReview, { params: { id: credentialId }, invalidates: invalidates.credentials, onSuccess: () => onDone(decision) });
  const f = form.fields;
  return (
    <ApiFormFrame
      form={form}
      label="Review this credential"
      className="space-y-4"
      submitLabel="Record review"
      pendingLabel="Recording…"
      onSubmit={(data) => {
        form.submit({ decision, notes: trimmedOrNull(data, "notes") });
      }}
    >
      <fieldset className="space-y-2" aria-describedby={f.decision ? `${idPrefix}-decision-error` : undefined}>
        <legend className="text-sm font-medium text-slate-700">Decision</legend>
        {reviewDecisions.map((d) => (
          <label key={d} className="flex items-start gap-2 rounded-md border border-slate-200 px-3 py-2 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50/50">
            <input type="radio" name={`${idPrefix}-decision`} value={d} checked={decision === d} onChange={() => setDecision(d)} className="mt-0.5" />
            <span>
              <span className="font-medium text-slate-900">{decisionLabels[d]}</span>
              <span className="block text-slate-600">{decisionHints[d]}</span>
            </span>
          </label>
        ))}
        {f.decision ? (
          <p id={`${idPrefix}-decision-error`} className="text-sm text-red-700">
            {f.decision.join("; ")}
          </p>
        ) : null}
      </fieldset>
      <Field id={`${idPrefix}-notes`} label={decision === "keep" ? "Notes (optional)" : "Notes (required)"} error={f.notes} hint={decision === "keep" ? "Anything the next reviewer should know." : "What changes and why."}>
        <Textarea id={`${idPrefix}-notes`} name="notes" rows={4} required={decision !== "keep"} {...describedBy(`${idPrefix}-notes`, f.notes)} />
      </Field>
    </ApiFormFrame>
  );
}

/**
 * The credential's review and decommission actions. A `revoke` review goes straight on to the
 * decommission dialog, prefilled with the reason "review revoke".
 */
export function ReviewActions({ credentialId, credentialName, canReview, canDecommission }: { credentialId: string; credentialName: string; canReview: boolean; canDecommission: boolean }) {
  const [open, setOpen] = useState<"review" | "decommission" | null>(null);
  const [reason, setReason] = useState<DecommissionReason>("no_longer_needed");
  const [afterRevoke, setAfterRevoke] = useState(false);
  return (
    <div className="flex flex-wrap gap-2">
      {canReview ? (
        <Button variant="primary" size="sm" aria-haspopup="dialog" data-testid="review-open" onClick={() => setOpen("review")}>
          Review
        </Button>
      ) : null}
      {canDecommission ? (
        <Button
          variant="destructive"
          size="sm"
          aria-haspopup="dialog"
          data-testid="decommission-open"
          onClick={() => {
            setReason("no_longer_needed");
            setAfterRevoke(false);
            setOpen("decommission");
          }}
        >
          Decommission
        </Button>
      ) : null}
      <ModalDialog open={open === "review"} onOpenChange={(o) => setOpen(o ? "review" : null)} title={`Review ${credentialName}`} description="Is this credential still needed, with the access it has?">
        <ReviewForm
          credentialId={credentialId}
          onDone={(decision) => {
            if (decision === "revoke" && canDecommission) {
              setReason("review_revoke");
              setAfterRevoke(true);
              setOpen("decommission");
            } else setOpen(null);
          }}
        />
      </ModalDialog>
      <ModalDialog
        open={open === "decommission"}
        onOpenChange={(o) => setOpen(o ? "decommission" : null)}
        title={`Decommission ${credentialName}`}
        description="Its secrets are revoked and the record is kept read-only as evidence. This cannot be undone."
      >
        <DecommissionForm credentialId={credentialId} defaultReason={reason} notice={afterRevoke ? "Review recorded. Now decommission the credential." : undefined} onDone={() => setOpen(null)} />
      </ModalDialog>
    </div>
  );
}
