"use client";

import { useId, useRef, useState } from "react";
import { ScopeChecklist } from "@/components/inventory/grants-editor";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { useApiForm } from "@/components/use-api-form";
import { invalidates } from "@/components/query-keys";
import { routes } from "@/lib/api/routes";

type Actions = { decide: boolean; review: boolean; revoke?: boolean };
type GrantScope = { id: string; name: string };

/**
 * A grant's decision buttons (DESIGN §4.5), shown only where the server's rules allow them: approve
 * or reject a request; keep, reduce the scopes of, or revoke an approved grant at its re-review. One
 * reason field serves every button (required for a review, recorded with the decision).
 */
export function GrantActions({
  credentialId,
  grantId,
  apiName,
  status,
  actions,
  scopes = [],
}: {
  credentialId: string;
  grantId: string;
  apiName: string;
  status: string;
  actions: Actions;
  scopes?: readonly GrantScope[];
}) {
  const [reducing, setReducing] = useState(false);
  const [keep, setKeep] = useState<string[]>(() => scopes.map((s) => s.id));
  const params = { id: credentialId, grantId };
  const opts = { params, invalidates: invalidates.credentials };
  const approve = useApiForm(routes.approveGrant, opts);
  const reject = useApiForm(routes.rejectGrant, opts);
  const review = useApiForm(routes.reviewGrant, opts);
  const revoke = useApiForm(routes.revokeGrant, opts);
  const reasonId = useId();
  const reason = useRef<HTMLInputElement>(null);
  const text = () => {
    const v = reason.current?.value.trim() ?? "";
    return v === "" ? undefined : v;
  };
  const showDecide = actions.decide && status === "requested";
  const showReview = actions.review && status === "approved";
  const showRevoke = actions.revoke === true && (status === "approved" || status === "requested");
  if (!showDecide && !showReview && !showRevoke) return null;
  const error = approve.formError ?? reject.formError ?? review.formError ?? revoke.formError;
  const fieldError = review.fields.justification?.[0];
  // Reducing needs at least two scopes: keeping a strict subset of one is revoking.
  const mayReduce = showReview && scopes.length > 1;
  return (
    <form noValidate className="flex flex-col gap-2" aria-label={`Decide access to ${apiName}`} onSubmit={(e) => e.preventDefault()}>
      {error ? <FormMessage>{fieldError ? `${error}: reason ${fieldError}` : error}</FormMessage> : null}
      <label htmlFor={reasonId} className="text-xs text-slate-600">
        Reason{showReview ? "" : " (optional)"}
      </label>
      <Input id={reasonId} ref={reason} name="justification" className="h-8 text-sm" autoComplete="off" />
      <div className="flex flex-wrap gap-2">
        {showDecide ? (
          <>
            <SubmitButton type="button" size="sm" pending={approve.isPending} pendingLabel="Approving…" onClick={() => approve.submit({ justification: text() })}>
              Approve
            </SubmitButton>
            <ConfirmDialog
              label="Reject"
              srLabel={`access to ${apiName}`}
              title={`Reject access to ${apiName}`}
              description="The credential does not get this access; the requester can ask again. The reason you typed is recorded with the decision."
              confirmLabel="Reject request"
              pendingLabel="Rejecting…"
              pending={reject.isPending}
              error={reject.formError}
              onConfirm={(close) => reject.submit({ justification: text() }, { onSuccess: close })}
              testId="grant-reject"
            />
          </>
        ) : null}
        {showReview ? (
          <SubmitButton type="button" size="sm" variant="secondary" pending={review.isPending} pendingLabel="Saving…" onClick={() => review.submit({ decision: "keep", justification: text() ?? "" })}>
            Keep (re-review)
          </SubmitButton>
        ) : null}
        {mayReduce && !reducing ? (
          <Button size="sm" variant="secondary" onClick={() => setReducing(true)}>
            Reduce scopes
          </Button>
        ) : null}
        {showRevoke ? (
          <ConfirmDialog
            label={status === "requested" ? "Withdraw" : "Revoke"}
            srLabel={`access to ${apiName}`}
            title={status === "requested" ? `Withdraw the request for ${apiName}` : `Revoke access to ${apiName}`}
            description={status === "requested" ? "The API's team no longer sees this request." : "The credential loses this access at once; asking again is a new request."}
            confirmLabel={status === "requested" ? "Withdraw request" : "Revoke access"}
            pendingLabel={status === "requested" ? "Withdrawing…" : "Revoking…"}
            pending={revoke.isPending}
            error={revoke.formError}
            onConfirm={(close) => revoke.submit({ justification: text() }, { onSuccess: close })}
            testId="grant-revoke"
          />
        ) : null}
      </div>
      {mayReduce && reducing ? (
        <div className="space-y-2 rounded-md border border-slate-200 p-3">
          <ScopeChecklist idPrefix={`reduce-${grantId}`} legend={`Scopes to keep on ${apiName}`} scopes={scopes} selected={keep} onChange={setKeep} error={review.fields.scopeIds} />
          <div className="flex flex-wrap gap-2">
            <SubmitButton type="button" size="sm" pending={review.isPending} pendingLabel="Saving…" onClick={() => review.submit({ decision: "reduce", scopeIds: keep, justification: text() ?? "" })}>
              Save reduced scopes
            </SubmitButton>
            <Button size="sm" variant="ghost" onClick={() => setReducing(false)}>
              Cancel
            </Button>
          </div>
        </div>
      ) : null}
    </form>
  );
}
