"use client";

import { Link } from "@/components/ui/link";
import { CopyField } from "@/components/notifications/copy-field";
import { storageLabels } from "@/components/inventory/labels";
import { ConfirmDialog } from "@/components/ui/dialog";
import { ApiForm } from "@/components/api-form";
import { checked, text } from "@/components/form-data";
import { describedBy, Field, FormMessage, Input, Select } from "@/components/ui/form";
import { Badge } from "@/components/ui/layout";
import { ListTable, type Column } from "@/components/ui/list-table";
import { SubmitButton } from "@/components/ui/submit-button";
import { useApiForm } from "@/components/use-api-form";
import type { ApiTokenDto } from "@/lib/validation/api-tokens";
import { secretStorages } from "@/lib/domain/vocabulary/inventory";
import { invalidates } from "@/components/query-keys";
import { routes } from "@/lib/api/routes";

const day = 86_400_000;
const fmt = (iso: string | null) => (iso ? `${new Date(iso).toISOString().slice(0, 16).replace("T", " ")} UTC` : "Never");
const dateOnly = (offsetDays: number) => new Date(Date.now() + offsetDays * day).toISOString().slice(0, 10);

/**
 * Create an API token (DESIGN §8.1): expiry required (default 90 days, at most 365), optionally
 * read-only (always, for a role that may not hold a read-write token); the token is shown once.
 * With `canIngest` (security, admins) the kind can be "ingest": a token that only posts usage
 * events (DESIGN §8.7).
 */
export function CreateTokenForm({ readOnlyOnly = false, canIngest = false }: { readOnlyOnly?: boolean; canIngest?: boolean }) {
  const form = useApiForm(routes.createMyApiToken, { invalidates: invalidates.nothing });
  const f = form.fields;
  return (
    <div className="space-y-4">
      <ApiForm
        label="Create an API token"
        className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4 lg:items-end"
        onSubmit={(data) => {
          const scope = text(data, "scope") === "ingest" ? "ingest" : "api";
          form.submit({ name: text(data, "name"), expiresAt: text(data, "expiresAt"), readOnly: scope === "api" && (readOnlyOnly || checked(data, "readOnly")), storage: text(data, "storage"), scope });
        }}
      >
        <Field id="token-name" label="Name" error={f.name}>
          <Input id="token-name" name="name" placeholder="e.g. CI inventory sync" required {...describedBy("token-name", f.name)} />
        </Field>
        <Field id="token-expires" label="Expires on (at most 365 days)" error={f.expiresAt}>
          <Input id="token-expires" name="expiresAt" type="date" defaultValue={dateOnly(90)} min={dateOnly(1)} max={dateOnly(365)} required {...describedBy("token-expires", f.expiresAt)} />
        </Field>
        <Field id="token-storage" label="Where you will keep it" error={f.storage}>
          <Select id="token-storage" name="storage" defaultValue="secrets_manager" {...describedBy("token-storage", f.storage)}>
            {secretStorages.map((s) => (
              <option key={s} value={s}>
                {storageLabels[s]}
              </option>
            ))}
          </Select>
        </Field>
        {canIngest ? (
          <Field id="token-scope" label="Kind" error={f.scope}>
            <Select id="token-scope" name="scope" defaultValue="api" {...describedBy("token-scope", f.scope)}>
              <option value="api">API: acts with your rights</option>
              <option value="ingest">Ingest: posts usage events only</option>
            </Select>
          </Field>
        ) : null}
        <div className="flex flex-wrap items-center gap-2 pb-2">
          {readOnlyOnly ? (
            // Auditors' tokens are always read-only (issue 15): shown checked, not a choice.
            <input id="token-read-only" type="checkbox" checked disabled aria-describedby="token-read-only-hint" className="h-4 w-4 rounded border-slate-300" />
          ) : (
            <input id="token-read-only" name="readOnly" type="checkbox" className="h-4 w-4 rounded border-slate-300" />
          )}
          <label htmlFor="token-read-only" className="text-sm text-slate-700">
            Read-only (GET requests only; API tokens)
          </label>
          {readOnlyOnly ? (
            <span id="token-read-only-hint" className="w-full text-xs text-slate-500">
              Your role creates read-only tokens only.
            </span>
          ) : null}
        </div>
        <div className="sm:col-span-2 lg:col-span-4">
          <SubmitButton pending={form.isPending} pendingLabel="Creating…">
            Create token
          </SubmitButton>
        </div>
      </ApiForm>
      {form.formError ? <FormMessage>{form.formError}</FormMessage> : null}
      {form.data ? (
        <div className="space-y-2" data-testid="token-created">
          <FormMessage kind="success">
            Copy the token now: it is shown only once, and Steward keeps only a hash. Send it as <code>Authorization: Bearer …</code>. It also appears in the inventory as a credential of the Steward application.
          </FormMessage>
          <CopyField id="token-secret" label="API token" value={form.data.secret} testId="token-secret" />
        </div>
      ) : null}
    </div>
  );
}

/** Whose tokens a table lists, and so which endpoint revokes one: my own, or (admins) anyone's. */
export type TokenScope = "mine" | "all";

function RevokeButton({ id, scope, name }: { id: string; scope: TokenScope; name: string }) {
  const m = useApiForm(scope === "mine" ? routes.revokeMyApiToken : routes.revokeApiToken, { params: { id }, invalidates: invalidates.nothing });
  return (
    <ConfirmDialog
      label="Revoke"
      srLabel={name}
      title={`Revoke ${name}`}
      description="Requests with this token are refused at once. This cannot be undone."
      confirmLabel="Revoke token"
      pendingLabel="Revoking…"
      pending={m.isPending}
      error={m.formError}
      onConfirm={(close) => m.submit(undefined, { onSuccess: close })}
      testId="token-revoke"
    />
  );
}

const stateBadge = {
  active: <Badge tone="green">Active</Badge>,
  // It does not work: its inventory record is suspended or decommissioned, its secret revoked or leaked, or its user deactivated.
  disabled: (
    <>
      <Badge tone="red">Disabled</Badge>
      <span className="block text-xs text-slate-500">Record, secret or user not active</span>
    </>
  ),
  expired: <Badge tone="amber">Expired</Badge>,
  revoked: <Badge tone="red">Revoked</Badge>,
} as const;

/** A table of tokens; with `showUser` (admins) every user's, each revocable. */
export function TokenTable({ tokens, showUser, scope }: { tokens: ApiTokenDto[]; showUser: boolean; scope: TokenScope }) {
  const columns: Column<ApiTokenDto>[] = [
    ...(showUser ? [{ header: "User", cell: (t: ApiTokenDto) => <>{t.user.name}<span className="block text-xs text-slate-500">{t.user.email}</span></> }] : []),
    {
      header: "Name",
      cell: (t) =>
        t.credentialId ? (
          <Link href={`/inventory/${t.credentialId}`} className="text-brand-700 hover:underline">
            {t.name}
          </Link>
        ) : (
          t.name
        ),
    },
    { header: "Token", className: "font-mono text-xs", cell: (t) => `${t.prefix}_…` },
    { header: "Access", cell: (t) => (t.scope === "ingest" ? "Usage events only" : t.readOnly ? "Read-only" : "Read and write") },
    { header: "Expires", cell: (t) => fmt(t.expiresAt) },
    { header: "Last used", cell: (t) => fmt(t.lastUsedAt) },
    { header: "Status", cell: (t) => stateBadge[t.state] },
    { header: "Actions", cell: (t) => (t.state === "revoked" ? null : <RevokeButton id={t.id} scope={scope} name={t.name} />) },
  ];
  return (
    <ListTable
      caption={showUser ? "Every user's API tokens" : "Your API tokens"}
      columns={columns}
      rows={tokens}
      rowKey={(t) => t.id}
      rowTestId="token-row"
      empty={{ title: "No API tokens yet", children: showUser ? "Nobody has created an API token." : "Create one to call the Steward API from scripts and pipelines." }}
    />
  );
}
