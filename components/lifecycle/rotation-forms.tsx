"use client";

import { useState } from "react";
import { Textarea, EnumSelect, Grid } from "@/components/inventory/fields";
import { secretKindLabels, storageLabels } from "@/components/inventory/labels";
import { SecretValueInput } from "@/components/inventory/secret-value-input";
import { ApiFormFrame } from "@/components/api-form";
import { trimmedOrNull } from "@/components/form-data";
import { describedBy, Field, Input } from "@/components/ui/form";
import { useApiForm } from "@/components/use-api-form";
import { rotationReasons } from "@/lib/domain/rotation";
import { secretKinds, secretStorages } from "@/lib/domain/vocabulary/inventory";
import type { RotationActions } from "@/lib/validation/rotation-dto";
import { ActionDialog } from "@/components/ui/dialog";
import { rotationReasonLabels } from "./rotation-labels";
import { invalidates } from "@/components/query-keys";
import { routes } from "@/lib/api/routes";

const today = () => new Date().toISOString().slice(0, 10);

function NoteField({ id, label, error, required = false, hint }: { id: string; label: string; error?: string[] | undefined; required?: boolean; hint?: string }) {
  return (
    <Field id={id} label={label} error={error} {...(hint ? { hint } : {})}>
      <Textarea id={id} name="note" rows={3} required={required} {...describedBy(id, error)} />
    </Field>
  );
}

/** "Request rotation": reason, planned date (today or later) and a note. */
export function RequestRotationForm({ credentialId, close }: { credentialId: string; close: () => void }) {
  const form = useApiForm(routes.createRotationRequest, { params: { id: credentialId }, invalidates: invalidates.credentials, onSuccess: close });
  const f = form.fields;
  return (
    <ApiFormFrame
      form={form}
      label="Request rotation"
      className="space-y-4"
      submitLabel="Request rotation"
      pendingLabel="Requesting…"
      onSubmit={(data) => form.submit({ reason: data.get("reason"), plannedAt: trimmedOrNull(data, "plannedAt") ?? "", note: trimmedOrNull(data, "note") })}
    >
      <EnumSelect id="rotation-reason" name="reason" label="Reason" values={rotationReasons} labels={rotationReasonLabels} defaultValue="scheduled" error={f.reason} />
      <Field id="rotation-planned" label="Planned date (UTC)" error={f.plannedAt} hint="Today or later.">
        <Input id="rotation-planned" name="plannedAt" type="date" min={today()} defaultValue={today()} required {...describedBy("rotation-planned", f.plannedAt)} />
      </Field>
      <NoteField id="rotation-note" label="Note (optional)" error={f.note} />
    </ApiFormFrame>
  );
}

const decisionEndpoints = { approve: routes.approveRotationRequest, reject: routes.rejectRotationRequest, cancel: routes.cancelRotationRequest };

/**
 * Approve, reject or cancel: an optional (reject: required) note and one button. `breakGlass`: the
 * requester's own emergency approval, audited as break-glass; the note (why) is required.
 */
function DecisionForm({ requestId, action, close, breakGlass = false }: { requestId: string; action: "approve" | "reject" | "cancel"; close: () => void; breakGlass?: boolean }) {
  const form = useApiForm(decisionEndpoints[action], { params: { id: requestId }, invalidates: invalidates.credentials, onSuccess: close });
  const labels = { approve: breakGlass ? ["Approve through break-glass", "Approving…"] : ["Approve", "Approving…"], reject: ["Reject", "Rejecting…"], cancel: ["Cancel request", "Cancelling…"] } as const;
  const id = `rotation-${action}${breakGlass ? "-break-glass" : ""}-note`;
  const noteRequired = action === "reject" || breakGlass;
  return (
    <ApiFormFrame
      form={form}
      label={labels[action][0]}
      className="space-y-4"
      submitLabel={labels[action][0]}
      pendingLabel={labels[action][1]}
      submitVariant={action === "approve" ? "primary" : "danger"}
      onSubmit={(data) => {
        const note = trimmedOrNull(data, "note");
        form.submit(action === "reject" ? { note: note ?? "" } : breakGlass ? { note: note ?? "", breakGlass: true } : { note });
      }}
    >
      <NoteField id={id} label={action === "reject" ? "Why is it rejected?" : breakGlass ? "Why do you approve your own emergency rotation?" : "Note (optional)"} required={noteRequired} error={form.fields.note} />
    </ApiFormFrame>
  );
}

export type OldSecretInfo = { kind: string; storage: string; storageRef: string | null; hasFingerprint: boolean } | null;

/** Completing: the new secret's metadata (never stored as a value), the old secret's fate, and the checklist. */
function CompleteForm({ requestId, oldSecret, emergency, close }: { requestId: string; oldSecret: OldSecretInfo; emergency: boolean; close: () => void }) {
  const [valueSent, setValueSent] = useState(false);
  const form = useApiForm(routes.completeRotationRequest, { params: { id: requestId }, invalidates: invalidates.credentials, onSuccess: close });
  const f = form.fields;
  const checklistError = (name: string) => f[`checklist.${name}`];
  return (
    <ApiFormFrame
      form={form}
      label="Complete rotation"
      className="space-y-4"
      submitLabel="Complete rotation"
      pendingLabel="Completing…"
      secretField="fingerprintOf"
      onSubmit={(data, pasted) => {
        setValueSent(pasted !== undefined);
        form.submit({
          newSecret: {
            kind: data.get("kind"),
            storage: data.get("storage"),
            storageRef: trimmedOrNull(data, "storageRef"),
            ...(trimmedOrNull(data, "issuedAt") ? { issuedAt: trimmedOrNull(data, "issuedAt") } : {}),
            expiresAt: trimmedOrNull(data, "expiresAt"),
            ...(pasted !== undefined ? { fingerprintOf: pasted } : {}),
          },
          oldSecretDisposition: data.get("oldSecretDisposition"),
          checklist: { deployedToAllConsumers: data.get("deployed") === "on", oldSecretRevoked: data.get("oldRevoked") === "on" },
          note: trimmedOrNull(data, "note"),
        });
      }}
    >
      {form.formError && valueSent ? <p className="text-sm text-slate-600">The pasted value was cleared; paste it again to record its fingerprint.</p> : null}
      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold text-slate-800">New secret</legend>
        <Grid>
          <EnumSelect id="complete-kind" name="kind" label="Kind" values={secretKinds} labels={secretKindLabels} defaultValue={oldSecret?.kind ?? "client_secret"} error={f["newSecret.kind"]} />
          <EnumSelect id="complete-storage" name="storage" label="Storage" values={secretStorages} labels={storageLabels} defaultValue={oldSecret?.storage ?? "secrets_manager"} error={f["newSecret.storage"]} />
          <Field id="complete-storageRef" label="Storage reference" error={f["newSecret.storageRef"]} hint="Where it lives — never the value.">
            <Input id="complete-storageRef" name="storageRef" defaultValue={oldSecret?.storageRef ?? ""} autoComplete="off" spellCheck={false} className="font-mono" {...describedBy("complete-storageRef", f["newSecret.storageRef"])} />
          </Field>
          <Field id="complete-issuedAt" label="Issued on (UTC)" error={f["newSecret.issuedAt"]}>
            <Input id="complete-issuedAt" name="issuedAt" type="date" max={today()} defaultValue={today()} {...describedBy("complete-issuedAt", f["newSecret.issuedAt"])} />
          </Field>
          <Field id="complete-expiresAt" label="Expires on (UTC)" error={f["newSecret.expiresAt"]} hint="Blank if it does not expire.">
            <Input id="complete-expiresAt" name="expiresAt" type="date" min={today()} {...describedBy("complete-expiresAt", f["newSecret.expiresAt"])} />
          </Field>
        </Grid>
        <SecretValueInput
          id="complete-fingerprintOf"
          name="fingerprintOf"
          label="Fingerprint: paste the new value (optional)"
          hint={`Proves the secret really changed${oldSecret?.hasFingerprint ? " (it must differ from the old one)" : ""}. Sent once, never stored, cleared from this field.`}
          error={f["newSecret.fingerprintOf"]}
        />
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="text-sm font-semibold text-slate-800">The old secret</legend>
        {(["revoked", "superseded"] as const).map((v) => (
          <label key={v} className="flex items-center gap-2 text-sm text-slate-700">
            <input type="radio" name="oldSecretDisposition" value={v} defaultChecked={emergency ? v === "revoked" : v === "superseded"} />
            {v === "revoked" ? "Revoked (no longer accepted anywhere)" : "Superseded (replaced by the new one)"}
          </label>
        ))}
        {f.oldSecretDisposition ? <p className="text-sm text-red-700">{f.oldSecretDisposition.join("; ")}</p> : null}
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="text-sm font-semibold text-slate-800">Checklist</legend>
        {(
          [
            ["deployed", "deployedToAllConsumers", "The new secret is deployed to all consumers"],
            ["oldRevoked", "oldSecretRevoked", "The old secret is revoked at the authorization server"],
          ] as const
        ).map(([name, field, label]) => (
          <div key={name}>
            <label className="flex items-center gap-2 text-sm text-slate-700">
              <input type="checkbox" name={name} aria-invalid={checklistError(field) ? true : undefined} aria-describedby={checklistError(field) ? `check-${name}-error` : undefined} />
              {label}
            </label>
            {checklistError(field) ? (
              <p id={`check-${name}-error`} className="text-sm text-red-700" data-testid={`error-checklist-${field}`}>
                {checklistError(field)?.join("; ")}
              </p>
            ) : null}
          </div>
        ))}
      </fieldset>
      <NoteField id="complete-note" label="Note (optional)" error={f.note} />
    </ApiFormFrame>
  );
}

/** The dialogs the server says this caller may use now; nothing else is shown (the API refuses the rest anyway). */
export function RotationActionButtons({ requestId, actions, oldSecret, emergency }: { requestId: string; actions: RotationActions; oldSecret: OldSecretInfo; emergency: boolean }) {
  if (!actions.approve && !actions.approveBreakGlass && !actions.reject && !actions.cancel && !actions.complete) return null;
  return (
    <div className="flex flex-wrap gap-2" data-testid="rotation-actions">
      {actions.approve ? (
        <ActionDialog label="Approve" title="Approve this rotation" variant="primary" testId="rotation-approve" description="Your approval counts once. The request is approved when what it needs (shown under Approvals) is met.">
          {(close) => <DecisionForm requestId={requestId} action="approve" close={close} />}
        </ActionDialog>
      ) : null}
      {actions.approveBreakGlass ? (
        <ActionDialog
          label="Approve through break-glass"
          title="Approve your own emergency rotation (break-glass)"
          variant="danger"
          testId="rotation-approve-break-glass"
          description="No other security user or admin exists, so only you can approve it. This is recorded as a break-glass approval of your own request, with your reason, in the audit log."
        >
          {(close) => <DecisionForm requestId={requestId} action="approve" breakGlass close={close} />}
        </ActionDialog>
      ) : null}
      {actions.reject ? (
        <ActionDialog label="Reject" title="Reject this rotation" variant="destructive" testId="rotation-reject" description="The requester is told, with your note.">
          {(close) => <DecisionForm requestId={requestId} action="reject" close={close} />}
        </ActionDialog>
      ) : null}
      {actions.complete ? (
        <ActionDialog label="Complete rotation" title="Complete the rotation" variant="primary" testId="rotation-complete" description="Record the new secret (metadata only) and confirm the checklist.">
          {(close) => <CompleteForm requestId={requestId} oldSecret={oldSecret} emergency={emergency} close={close} />}
        </ActionDialog>
      ) : null}
      {actions.cancel ? (
        <ActionDialog label="Cancel request" title="Cancel this rotation request" variant="destructive" testId="rotation-cancel">
          {(close) => <DecisionForm requestId={requestId} action="cancel" close={close} />}
        </ActionDialog>
      ) : null}
    </div>
  );
}

export function RequestRotationButton({ credentialId }: { credentialId: string }) {
  return (
    <ActionDialog label="Request rotation" title="Request a rotation" variant="primary" size="md" testId="rotation-request" description="The owner, backup owner or security approve it as the credential's policy requires; you cannot approve your own request.">
      {(close) => <RequestRotationForm credentialId={credentialId} close={close} />}
    </ActionDialog>
  );
}
