"use client";

import { ActionDialog } from "@/components/ui/dialog";
import { describedBy, Field, FormMessage, Input } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { useApiForm } from "@/components/use-api-form";
import { invalidates } from "@/components/query-keys";
import { endpoints } from "@/lib/api/endpoints";

/** Ends an active exception early; its findings reopen (DESIGN §5.3). */
export function ExceptionRevoke({ exceptionId }: { exceptionId: string }) {
  return (
    <ActionDialog label="Revoke" title="Revoke this exception" description="Its findings reopen at once." variant="destructive" testId="exception-revoke">
      {(close) => <RevokeForm exceptionId={exceptionId} onDone={close} />}
    </ActionDialog>
  );
}

function RevokeForm({ exceptionId, onDone }: { exceptionId: string; onDone: () => void }) {
  const form = useApiForm(endpoints.revokeException, { params: { id: exceptionId }, invalidates: invalidates.findings, onSuccess: onDone });
  return (
    <form
      noValidate
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const reason = new FormData(e.currentTarget).get("reason");
        form.submit({ reason: typeof reason === "string" ? reason : "" });
      }}
    >
      {form.formError ? <FormMessage>{form.formError}</FormMessage> : null}
      <Field id="revoke-reason" label="Reason" error={form.fields.reason}>
        <Input id="revoke-reason" name="reason" required maxLength={1000} {...describedBy("revoke-reason", form.fields.reason)} />
      </Field>
      <SubmitButton pending={form.isPending} pendingLabel="Revoking…">
        Revoke exception
      </SubmitButton>
    </form>
  );
}
