"use client";

import { ApiForm } from "@/components/api-form";
import { text } from "@/components/form-data";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { describedBy, Field, FormMessage, Input, Select } from "@/components/ui/form";
import { Badge, DataTable, EmptyState, Td } from "@/components/ui/layout";
import { SubmitButton } from "@/components/ui/submit-button";
import { useApiForm } from "@/components/use-api-form";
import { CopyField } from "./copy-field";
import { invalidates } from "@/components/query-keys";
import { routes } from "@/lib/api/routes";
import type { ApiRequest } from "@/lib/api/client";
import { jobNames } from "@/lib/domain/vocabulary/notifications";

export type WebhookView = { id: string; name: string; url: string; teamName: string | null; isActive: boolean };

const hostOf = (url: string) => {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return url;
  }
};

export function CreateWebhookForm({ teams }: { teams: { id: string; name: string }[] }) {
  const form = useApiForm(routes.createWebhook, { invalidates: invalidates.nothing });
  const f = form.fields;
  return (
    <div className="space-y-4">
      <ApiForm
        label="Add a webhook"
        className="grid gap-3 sm:grid-cols-[1fr_2fr_1fr_auto] sm:items-end"
        onSubmit={(data) => form.submit({ name: text(data, "name"), url: text(data, "url"), teamId: text(data, "teamId") || null })}
      >
        <Field id="webhook-name" label="Name" error={f.name}>
          <Input id="webhook-name" name="name" required placeholder="#secops in Slack" {...describedBy("webhook-name", f.name)} />
        </Field>
        <Field id="webhook-url" label="URL" error={f.url}>
          <Input id="webhook-url" name="url" type="url" required placeholder="https://hooks.slack.com/services/…" className="font-mono" autoComplete="off" {...describedBy("webhook-url", f.url)} />
        </Field>
        <Field id="webhook-team" label="Receives" error={f.teamId}>
          <Select id="webhook-team" name="teamId" defaultValue="" {...describedBy("webhook-team", f.teamId)}>
            <option value="">Every notification (global)</option>
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                Team: {t.name}
              </option>
            ))}
          </Select>
        </Field>
        <SubmitButton pending={form.isPending} pendingLabel="Adding…">
          Add webhook
        </SubmitButton>
      </ApiForm>
      {form.formError ? <FormMessage>{form.formError}</FormMessage> : null}
      {form.data ? (
        <div className="space-y-2" data-testid="webhook-created">
          <FormMessage kind="success">
            Webhook “{form.data.name}” added. Its signing key is shown only now: receivers verify <code>X-Steward-Signature: sha256=HMAC(key, body)</code>.
          </FormMessage>
          <CopyField id="webhook-key" label="Signing key" value={form.data.signingKey} testId="webhook-signing-key" />
        </div>
      ) : null}
    </div>
  );
}

function ToggleButton({ hook }: { hook: WebhookView }) {
  const m = useApiForm(routes.updateWebhook, { params: { id: hook.id }, invalidates: invalidates.nothing });
  if (hook.isActive) {
    return (
      <ConfirmDialog
        label="Deactivate"
        srLabel={hook.name}
        title={`Deactivate ${hook.name}`}
        description="Steward stops posting to this receiver until it is activated again."
        confirmLabel="Deactivate"
        pendingLabel="Deactivating…"
        pending={m.isPending}
        error={m.formError}
        onConfirm={(close) => m.submit({ isActive: false }, { onSuccess: close })}
        testId="webhook-deactivate"
      />
    );
  }
  return (
    <Button variant="primary" size="sm" disabled={m.isPending} onClick={() => m.submit({ isActive: true })}>
      Activate
      <span className="sr-only"> {hook.name}</span>
    </Button>
  );
}

export function WebhookTable({ hooks }: { hooks: WebhookView[] }) {
  if (hooks.length === 0) return <EmptyState title="No webhooks">Add one to post reminders and approval notices to Slack, Teams or any JSON receiver.</EmptyState>;
  return (
    <DataTable caption="Webhooks" head={["Name", "Receiver", "Receives", "Status", ""]}>
      {hooks.map((h) => (
        <tr key={h.id} data-testid="webhook-row">
          <Td className="font-medium">{h.name}</Td>
          <Td className="font-mono text-xs">{hostOf(h.url)}</Td>
          <Td>{h.teamName ? `Team: ${h.teamName}` : "Everything"}</Td>
          <Td>{h.isActive ? <Badge tone="green">Active</Badge> : <Badge>Inactive</Badge>}</Td>
          <Td>
            <ToggleButton hook={h} />
          </Td>
        </tr>
      ))}
    </DataTable>
  );
}

export function RetryButton({ id }: { id: string }) {
  const m = useApiForm(routes.retryDelivery, { params: { id }, invalidates: invalidates.nothing });
  return (
    <Button variant="secondary" size="sm" disabled={m.isPending || m.isSuccess} onClick={() => m.submit(undefined)}>
      {m.isSuccess ? "Queued" : m.isPending ? "Queuing…" : "Retry"}
    </Button>
  );
}

type RunnableJob = ApiRequest<typeof routes.runJob>["params"]["name"];
const runnableJobs: readonly string[] = jobNames;
const isRunnable = (name: string): name is RunnableJob => runnableJobs.includes(name);

/** "Run now" for the jobs the API runs on demand; the others only show their last run. */
export function RunJobButton({ name }: { name: string }) {
  return isRunnable(name) ? <RunJob name={name} /> : null;
}

function RunJob({ name }: { name: RunnableJob }) {
  // A job can write anything (reminders, findings, due dates): the page refresh shows it.
  const m = useApiForm(routes.runJob, { params: { name }, invalidates: invalidates.credentials });
  return (
    <span className="inline-flex items-center gap-2 whitespace-nowrap">
      <Button variant="secondary" size="sm" className="whitespace-nowrap" disabled={m.isPending} onClick={() => m.submit(undefined)}>
        {/* The visible words start the accessible name (WCAG 2.5.3); the job's name follows for screen readers. */}
        {m.isPending ? "Running…" : "Run now"}
        <span className="sr-only">: {name}</span>
      </Button>
      {m.data ? <span className="text-xs text-slate-500">{m.data.status === "ran" ? "Done" : m.data.status === "skipped" ? `Skipped: ${m.data.reason ?? ""}` : `Error: ${m.data.error ?? ""}`}</span> : null}
    </span>
  );
}
