"use client";

import { EnumSelect, Textarea } from "@/components/inventory/fields";
import { describedBy, Field, FormMessage, Input } from "@/components/ui/form";
import { ApiFormFrame } from "@/components/api-form";
import { checked, text, trimmedOrNull } from "@/components/form-data";
import { useApiForm } from "@/components/use-api-form";
import { decommissionReasons, type DecommissionReason } from "@/lib/domain/vocabulary/review";
import { decommissionReasonLabels } from "./review-labels";
import { invalidates } from "@/components/query-keys";
import { routes } from "@/lib/api/routes";

const today = () => new Date().toISOString().slice(0, 10);

/**
 * Decommission (DESIGN §4.4): reason, the date (today or earlier) and the confirmation that the
 * client was disabled at the authorization server — the server refuses without it (422).
 */
export function DecommissionForm({ credentialId, defaultReason, notice, onDone }: { credentialId: string; defaultReason: DecommissionReason; notice?: string | undefined; onDone: () => void }) {
  const form = useApiForm(routes.decommissionCredential, { params: { id: credentialId }, invalidates: invalidates.credentials, onSuccess: onDone });
  const f = form.fields;
  return (
    <ApiFormFrame
      form={form}
      label="Decommission this credential"
      className="space-y-4"
      submitLabel="Decommission"
      pendingLabel="Decommissioning…"
      submitVariant="danger"
      onSubmit={(data) => {
        const date = text(data, "decommissionedAt");
        form.submit({
          reason: data.get("reason"),
          disabledAtServerConfirmed: checked(data, "disabledAtServerConfirmed"),
          ...(date !== "" ? { decommissionedAt: date === today() ? new Date().toISOString() : date } : {}),
          note: trimmedOrNull(data, "note"),
        });
      }}
    >
      {notice ? <FormMessage kind="info">{notice}</FormMessage> : null}
      <EnumSelect id="decommission-reason" name="reason" label="Reason" values={decommissionReasons} labels={decommissionReasonLabels} defaultValue={defaultReason} error={f.reason} />
      <Field id="decommission-date" label="Decommissioned on (UTC)" error={f.decommissionedAt} hint="Today or earlier.">
        <Input id="decommission-date" name="decommissionedAt" type="date" max={today()} defaultValue={today()} {...describedBy("decommission-date", f.decommissionedAt)} />
      </Field>
      <Field id="decommission-note" label="Note (optional)" error={f.note}>
        <Textarea id="decommission-note" name="note" rows={3} {...describedBy("decommission-note", f.note)} />
      </Field>
      <div className="space-y-1">
        <label className="flex items-start gap-2 text-sm text-slate-800">
          <input
            id="decommission-confirm"
            type="checkbox"
            name="disabledAtServerConfirmed"
            className="mt-0.5"
            {...describedBy("decommission-confirm", f.disabledAtServerConfirmed)}
          />
          <span>I confirm the client has been disabled at the authorization server.</span>
        </label>
        {f.disabledAtServerConfirmed ? (
          <p id="decommission-confirm-error" className="text-sm text-red-700" data-testid="error-decommission-confirm">
            {f.disabledAtServerConfirmed.join("; ")}
          </p>
        ) : null}
      </div>
    </ApiFormFrame>
  );
}
