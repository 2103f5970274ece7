"use client";

import { useRouter } from "next/navigation";
import { Textarea } from "@/components/inventory/fields";
import { describedBy, Field, Input } from "@/components/ui/form";
import { ApiFormFrame } from "@/components/api-form";
import { text } from "@/components/form-data";
import { useApiForm } from "@/components/use-api-form";
import { ActionDialog } from "@/components/ui/dialog";
import { invalidates } from "@/components/query-keys";
import { routes } from "@/lib/api/routes";

/** A local date-time for a datetime-local input (minutes precision). */
function localNow(): string {
  const d = new Date();
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function MarkLeakedForm({ credentialId, secretId }: { credentialId: string; secretId: string }) {
  const router = useRouter();
  const form = useApiForm(routes.reportLeak, {
    params: { id: credentialId, secretId },
    invalidates: invalidates.credentials,
    onSuccess: (result) => router.push(`/incidents/${result.incident.id}`),
  });
  const f = form.fields;
  const prefix = `leak-${secretId.slice(0, 8)}`;
  return (
    <ApiFormFrame
      form={form}
      label="Mark secret leaked"
      className="space-y-4"
      submitLabel="Mark leaked"
      pendingLabel="Reporting…"
      submitVariant="danger"
      onSubmit={(data) => {
        const local = text(data, "detectedAt");
        // The input is in the browser's time zone; the API takes an instant.
        const detectedAt = local !== "" && !Number.isNaN(new Date(local).getTime()) ? new Date(local).toISOString() : "";
        const note = text(data, "note");
        form.submit({ source: data.get("source") ?? "", detectedAt, note: note.trim() !== "" ? note : null });
      }}
    >
      <Field id={`${prefix}-source`} label="Where was it found?" error={f.source} hint="e.g. a public repository, a paste site, a CI log, a vendor's breach notice.">
        <Input id={`${prefix}-source`} name="source" required {...describedBy(`${prefix}-source`, f.source)} />
      </Field>
      <Field id={`${prefix}-detectedAt`} label="Detected at (your time zone)" error={f.detectedAt}>
        <Input id={`${prefix}-detectedAt`} name="detectedAt" type="datetime-local" max={localNow()} defaultValue={localNow()} required {...describedBy(`${prefix}-detectedAt`, f.detectedAt)} />
      </Field>
      <Field id={`${prefix}-note`} label="Note (optional)" error={f.note}>
        <Textarea id={`${prefix}-note`} name="note" rows={2} {...describedBy(`${prefix}-note`, f.note)} />
      </Field>
      <p className="text-sm text-slate-600">This opens a leak incident, an emergency rotation request (one security approval lets it proceed; you cannot approve it yourself) and a critical finding.</p>
    </ApiFormFrame>
  );
}

/** "Mark leaked" on one active secret of the Secrets tab. */
export function MarkLeakedButton({ credentialId, secretId, label }: { credentialId: string; secretId: string; label: string }) {
  return (
    <ActionDialog label="Mark leaked" title="Report a leaked secret" description={label} variant="destructive" testId="mark-leaked">
      {() => <MarkLeakedForm credentialId={credentialId} secretId={secretId} />}
    </ActionDialog>
  );
}
