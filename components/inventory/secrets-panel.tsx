"use client";

import { Plus } from "lucide-react";
import { Fragment, useState } from "react";
import { Button } from "@/components/ui/button";
import { describedBy, Field, FormMessage, Input } from "@/components/ui/form";
import { Badge, EmptyState } from "@/components/ui/layout";
import { MarkLeakedButton } from "@/components/lifecycle/incident-mark-leaked";
import { SubmitButton } from "@/components/ui/submit-button";
import { useApiForm } from "@/components/use-api-form";
import { secretKinds, secretStatuses, secretStorages } from "@/lib/domain/vocabulary/inventory";
import { SecretStatusBadge } from "./badges";
import { EnumSelect, Grid } from "./fields";
import { dateInputValue, formatDate, labelOf, secretKindLabels, secretStatusLabels, storageLabels } from "./labels";
import { SecretValueInput, takeSecretValue } from "./secret-value-input";
import type { SecretRow } from "./types";
import { invalidates } from "@/components/query-keys";
import { routes } from "@/lib/api/routes";

const dateFields = ["issuedAt", "expiresAt", "lastRotatedAt", "leakedAt", "remediatedAt"] as const;
const textFields = ["kind", "storage", "storageRef", "status", "leakSource"] as const;

const today = () => new Date().toISOString().slice(0, 10);

/** Add or edit one secret's metadata. An edit sends only what changed, so untouched instants keep their time of day. */
function SecretForm({ credentialId, secret, onDone }: { credentialId: string; secret?: SecretRow; onDone: (message?: string) => void }) {
  const [fingerprintSent, setFingerprintSent] = useState(false);
  const saved = () => onDone(`${secret ? "Secret saved." : "Secret added."}${fingerprintSent ? " Fingerprint recorded." : ""}`);
  const add = useApiForm(routes.addSecret, { params: { id: credentialId }, invalidates: invalidates.credentials, onSuccess: saved });
  const update = useApiForm(routes.updateSecret, { params: { id: credentialId, secretId: secret?.id ?? "" }, invalidates: invalidates.credentials, onSuccess: saved });
  const form = secret ? update : add;
  const f = form.fields;
  const prefix = secret ? `secret-${secret.id.slice(0, 8)}-` : "new-secret-";
  const fid = (name: string) => `${prefix}${name}`;

  return (
    <form
      noValidate
      className="space-y-4"
      aria-label={secret ? "Edit secret" : "Add a secret"}
      onSubmit={(e) => {
        e.preventDefault();
        const el = e.currentTarget;
        // The pasted value leaves the field before anything else happens; it is sent once and never kept.
        const pasted = takeSecretValue(el, "fingerprintOf");
        const data = new FormData(el);
        const body: Record<string, unknown> = {};
        for (const name of textFields) {
          const raw = data.get(name);
          const value = typeof raw === "string" && raw.trim() !== "" ? raw : null;
          if (!secret || value !== (secret[name] ?? null)) body[name] = value;
        }
        for (const name of dateFields) {
          const raw = data.get(name);
          const value = typeof raw === "string" && raw !== "" ? raw : null;
          if (!secret || value !== (dateInputValue(secret[name]) || null)) body[name] = value;
        }
        if (!secret && body.issuedAt === null) delete body.issuedAt;
        if (pasted !== undefined) body.fingerprintOf = pasted;
        if (secret && data.get("clearFingerprint") === "on" && pasted === undefined) body.clearFingerprint = true;
        setFingerprintSent(pasted !== undefined);
        if (secret && Object.keys(body).length === 0) {
          onDone();
          return;
        }
        form.submit(body);
      }}
    >
      {form.formError ? <FormMessage>{form.formError}</FormMessage> : null}
      {form.formError && fingerprintSent ? <p className="text-sm text-slate-600">The pasted value was cleared; paste it again to record its fingerprint.</p> : null}
      <Grid>
        <EnumSelect id={fid("kind")} name="kind" label="Kind" values={secretKinds} labels={secretKindLabels} defaultValue={secret?.kind ?? "client_secret"} error={f.kind} />
        <EnumSelect id={fid("storage")} name="storage" label="Storage" values={secretStorages} labels={storageLabels} defaultValue={secret?.storage ?? "secrets_manager"} error={f.storage} />
        <Field id={fid("storageRef")} label="Storage reference" error={f.storageRef} hint="Where it lives, e.g. vault://kv/crm/onespan or an ARN — never the value.">
          <Input id={fid("storageRef")} name="storageRef" defaultValue={secret?.storageRef ?? ""} autoComplete="off" spellCheck={false} className="font-mono" {...describedBy(fid("storageRef"), f.storageRef)} />
        </Field>
        <EnumSelect id={fid("status")} name="status" label="Status" values={secretStatuses} labels={secretStatusLabels} defaultValue={secret?.status ?? "active"} error={f.status} />
        <Field id={fid("issuedAt")} label="Issued on (UTC)" error={f.issuedAt}>
          <Input id={fid("issuedAt")} name="issuedAt" type="date" required defaultValue={secret ? dateInputValue(secret.issuedAt) : today()} {...describedBy(fid("issuedAt"), f.issuedAt)} />
        </Field>
        <Field id={fid("expiresAt")} label="Expires on (UTC)" error={f.expiresAt} hint="Blank if it does not expire.">
          <Input id={fid("expiresAt")} name="expiresAt" type="date" defaultValue={dateInputValue(secret?.expiresAt)} {...describedBy(fid("expiresAt"), f.expiresAt)} />
        </Field>
        <Field id={fid("lastRotatedAt")} label="Last rotated on (UTC)" error={f.lastRotatedAt}>
          <Input id={fid("lastRotatedAt")} name="lastRotatedAt" type="date" defaultValue={dateInputValue(secret?.lastRotatedAt)} {...describedBy(fid("lastRotatedAt"), f.lastRotatedAt)} />
        </Field>
      </Grid>
      <details className="rounded-md border border-slate-200 px-3 py-2" open={secret?.status === "leaked" || Boolean(secret?.leakedAt)}>
        <summary className="cursor-pointer text-sm font-medium text-slate-700">Leak details</summary>
        <div className="mt-3">
          <Grid>
            <Field id={fid("leakedAt")} label="Leaked on (UTC)" error={f.leakedAt}>
              <Input id={fid("leakedAt")} name="leakedAt" type="date" defaultValue={dateInputValue(secret?.leakedAt)} {...describedBy(fid("leakedAt"), f.leakedAt)} />
            </Field>
            <Field id={fid("leakSource")} label="Leak source" error={f.leakSource}>
              <Input id={fid("leakSource")} name="leakSource" defaultValue={secret?.leakSource ?? ""} placeholder="public repository, paste site…" {...describedBy(fid("leakSource"), f.leakSource)} />
            </Field>
            <Field id={fid("remediatedAt")} label="Remediated on (UTC)" error={f.remediatedAt}>
              <Input id={fid("remediatedAt")} name="remediatedAt" type="date" defaultValue={dateInputValue(secret?.remediatedAt)} {...describedBy(fid("remediatedAt"), f.remediatedAt)} />
            </Field>
          </Grid>
        </div>
      </details>
      <SecretValueInput
        id={fid("fingerprintOf")}
        name="fingerprintOf"
        label={secret?.hasFingerprint ? "Fingerprint: paste the new value to replace it (optional)" : "Fingerprint: paste the value (optional)"}
        hint="Steward keeps only an HMAC fingerprint to spot reuse and leaks. The value is sent once, never stored, and cleared from this field."
        error={f.fingerprintOf}
      />
      {secret?.hasFingerprint ? (
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" name="clearFingerprint" />
          Remove the recorded fingerprint
        </label>
      ) : null}
      <div className="flex gap-3">
        <SubmitButton pending={form.isPending} pendingLabel="Saving…">
          {secret ? "Save secret" : "Add secret"}
        </SubmitButton>
        <Button variant="ghost" onClick={() => onDone()}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** Secret metadata of one credential (never a value), with add and edit for those who may edit. */
export function SecretsPanel({ credentialId, secrets, canEdit, readOnlyReason }: { credentialId: string; secrets: SecretRow[]; canEdit: boolean; readOnlyReason?: string | undefined }) {
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="max-w-2xl text-sm text-slate-600">Steward records where each secret lives and its dates. It never stores a secret value.</p>
        {canEdit && !adding ? (
          <Button
            onClick={() => {
              setAdding(true);
              setEditing(null);
              setNotice(null);
            }}
          >
            <Plus className="h-4 w-4" aria-hidden="true" />
            Add secret
          </Button>
        ) : null}
      </div>
      {readOnlyReason ? <p className="text-sm text-slate-500">{readOnlyReason}</p> : null}
      {notice ? <FormMessage kind="success">{notice}</FormMessage> : null}
      {adding ? (
        <section aria-labelledby="add-secret-title" className="rounded-lg border border-brand-100 bg-brand-50/40 p-4">
          <h3 id="add-secret-title" className="mb-3 text-sm font-semibold text-slate-800">
            Add a secret
          </h3>
          <SecretForm
            credentialId={credentialId}
            onDone={(message) => {
              setAdding(false);
              setNotice(message ?? null);
            }}
          />
        </section>
      ) : null}
      {secrets.length === 0 ? (
        <EmptyState title="No secrets recorded">
          {canEdit ? "Add the client secret, key or certificate this credential authenticates with, so its rotation date can be computed." : "Nobody has recorded this credential's secrets yet."}
        </EmptyState>
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Secrets of this credential (metadata only)</caption>
            <thead className="bg-slate-50">
              <tr>
                {["Kind", "Storage", "Issued", "Expires", "Last rotated", "Status", "Fingerprint recorded", ""].map((h, i) => (
                  <th key={h || i} scope="col" className="px-4 py-2.5 text-left font-medium text-slate-600">
                    {h || <span className="sr-only">Actions</span>}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {secrets.map((s) => (
                <Fragment key={s.id}>
                  <tr data-testid="secret-row">
                    <td className="px-4 py-2.5 align-top">{labelOf(secretKindLabels, s.kind)}</td>
                    <td className="px-4 py-2.5 align-top">
                      {labelOf(storageLabels, s.storage)}
                      {s.storageRef ? <span className="block break-all font-mono text-xs text-slate-500">{s.storageRef}</span> : null}
                    </td>
                    <td className="whitespace-nowrap px-4 py-2.5 align-top">{formatDate(s.issuedAt)}</td>
                    <td className="whitespace-nowrap px-4 py-2.5 align-top">{s.expiresAt ? formatDate(s.expiresAt) : "Never"}</td>
                    <td className="whitespace-nowrap px-4 py-2.5 align-top">{formatDate(s.lastRotatedAt)}</td>
                    <td className="px-4 py-2.5 align-top">
                      <SecretStatusBadge status={s.status} label={labelOf(secretStatusLabels, s.status)} />
                      {s.leakedAt ? (
                        <span className="mt-1 block text-xs text-red-700">
                          Leaked {formatDate(s.leakedAt)}
                          {s.leakSource ? ` (${s.leakSource})` : ""}
                          {s.remediatedAt ? `; remediated ${formatDate(s.remediatedAt)}` : "; not remediated"}
                        </span>
                      ) : null}
                    </td>
                    <td className="px-4 py-2.5 align-top">{s.hasFingerprint ? <Badge tone="blue">Yes</Badge> : <Badge>No</Badge>}</td>
                    <td className="space-x-2 whitespace-nowrap px-4 py-2.5 text-right align-top">
                      {canEdit && s.status === "active" ? (
                        <MarkLeakedButton credentialId={credentialId} secretId={s.id} label={`${labelOf(secretKindLabels, s.kind)} issued ${formatDate(s.issuedAt)}`} />
                      ) : null}
                      {canEdit ? (
                        <Button
                          size="sm"
                          variant="secondary"
                          aria-expanded={editing === s.id}
                          aria-label={`Edit ${labelOf(secretKindLabels, s.kind).toLowerCase()} issued ${formatDate(s.issuedAt)}`}
                          onClick={() => {
                            setEditing(editing === s.id ? null : s.id);
                            setAdding(false);
                            setNotice(null);
                          }}
                        >
                          Edit
                        </Button>
                      ) : null}
                    </td>
                  </tr>
                  {editing === s.id ? (
                    <tr>
                      <td colSpan={8} className="bg-slate-50 px-4 py-4">
                        <SecretForm
                          credentialId={credentialId}
                          secret={s}
                          onDone={(message) => {
                            setEditing(null);
                            setNotice(message ?? null);
                          }}
                        />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
