"use client";

import { ActionDialog } from "@/components/ui/dialog";
import { describedBy, Field, Input } from "@/components/ui/form";
import { ApiFormFrame } from "@/components/api-form";
import { text } from "@/components/form-data";
import { useApiForm } from "@/components/use-api-form";
import { invalidates } from "@/components/query-keys";
import { routes } from "@/lib/api/routes";

/** Ends an active exception early; its findings reopen (DESIGN §5.3). */
export function ExceptionRevoke({ exceptionId }: { exceptionId: string }) {
  return (
    <ActionDialog label="Revoke" title="Revoke this exception" description="Its findings reopen at once." variant="destructive" testId="exception-revoke">
      {(close) => <RevokeForm exceptionId={exceptionId} onDone={close} />}
    </ActionDialog>
  );
}

function RevokeForm({ exceptionId, onDone }: { exceptionId: string; onDone: () => void }) {
  const form = useApiForm(routes.revokeException, { params: { id: exceptionId }, invalidates: invalidates.findings, onSuccess: onDone });
  return (
    <ApiFormFrame
      form={form}
      className="space-y-4"
      submitLabel="Revoke exception"
      pendingLabel="Revoking…"
      onSubmit={(data) => {
        form.submit({ reason: text(data, "reason") });
      }}
    >
      <Field id="revoke-reason" label="Reason" error={form.fields.reason}>
        <Input id="revoke-reason" name="reason" required maxLength={1000} {...describedBy("revoke-reason", form.fields.reason)} />
      </Field>
    </ApiFormFrame>
  );
}
