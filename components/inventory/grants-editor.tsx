"use client";

import type React from "react";

import { useQuery } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { describedBy, Field, Select } from "@/components/ui/form";
import { queryKeys } from "@/components/query-keys";
import { apiCall } from "@/lib/api/client";
import { routes } from "@/lib/api/routes";
import type { FieldErrors } from "@/lib/errors";
import { PrivilegeBadge } from "./badges";
import { GroupError, Textarea } from "./fields";
import type { Option, Scope } from "./types";

export type GrantDraft = { rowKey: string; apiId: string; scopeIds: string[]; justification: string };

/** Scopes of one API, from GET /api/v1/apis/{id} (seeded from the server for grants that already exist). */
function useScopes(apiId: string, initial: Scope[] | undefined) {
  return useQuery({
    queryKey: queryKeys.apis.scopes(apiId),
    queryFn: async ({ signal }) => (await apiCall(routes.getApi, { params: { id: apiId }, signal })).scopes,
    enabled: apiId !== "",
    initialData: initial,
  });
}

type ScopeChoice = { id: string; name: string; privilege?: Scope["privilege"]; description?: string | null };

/** Checkboxes over scopes (`${idPrefix}.scopeIds` carries the field error): the grant editor, Request access and a review's reduction share it. */
export function ScopeChecklist({
  idPrefix,
  legend,
  scopes,
  selected,
  onChange,
  error,
  children,
}: {
  idPrefix: string;
  legend: string;
  scopes: readonly ScopeChoice[] | undefined;
  selected: readonly string[];
  onChange: (scopeIds: string[]) => void;
  error: string[] | undefined;
  children?: React.ReactNode;
}) {
  return (
    <fieldset className="min-w-0 space-y-2" aria-describedby={error ? `${idPrefix}.scopeIds-error` : undefined}>
      <legend className="text-sm font-medium text-slate-700">{legend}</legend>
      {children}
      {scopes && scopes.length > 0 ? (
        <ul className="grid gap-1 sm:grid-cols-2">
          {scopes.map((s) => {
            const id = `${idPrefix}.scope.${s.id}`;
            return (
              <li key={s.id} className="flex items-start gap-2">
                <input
                  id={id}
                  type="checkbox"
                  className="mt-1"
                  checked={selected.includes(s.id)}
                  onChange={(e) => onChange(e.target.checked ? [...selected, s.id] : selected.filter((x) => x !== s.id))}
                />
                <label htmlFor={id} className="text-sm">
                  <span className="font-mono">{s.name}</span> {s.privilege ? <PrivilegeBadge privilege={s.privilege} /> : null}
                  {s.description ? <span className="block text-xs text-slate-500">{s.description}</span> : null}
                </label>
              </li>
            );
          })}
        </ul>
      ) : null}
      <GroupError id={`${idPrefix}.scopeIds`} error={error} />
    </fieldset>
  );
}

/** The scopes of one API, loaded from Steward, as a checklist with its loading, error and empty states. */
export function ApiScopesField({
  idPrefix,
  apiId,
  legend,
  initialScopes,
  selected,
  onChange,
  error,
}: {
  idPrefix: string;
  apiId: string;
  legend: string;
  initialScopes?: Scope[] | undefined;
  selected: readonly string[];
  onChange: (scopeIds: string[]) => void;
  error: string[] | undefined;
}) {
  const scopes = useScopes(apiId, initialScopes);
  return (
    <div aria-busy={scopes.isFetching}>
      <ScopeChecklist idPrefix={idPrefix} legend={legend} scopes={scopes.data} selected={selected} onChange={onChange} error={error}>
        {scopes.isPending ? <p className="text-sm text-slate-500">Loading scopes…</p> : null}
        {scopes.isError ? (
          <p className="text-sm text-red-700">
            Could not load the scopes.{" "}
            <button type="button" className="underline" onClick={() => void scopes.refetch()}>
              Retry
            </button>
          </p>
        ) : null}
        {scopes.data?.length === 0 ? <p className="text-sm text-slate-500">This API declares no scopes.</p> : null}
      </ScopeChecklist>
    </div>
  );
}

function GrantRow({
  index,
  draft,
  apis,
  takenApiIds,
  initialScopes,
  fields,
  onChange,
  onRemove,
}: {
  index: number;
  draft: GrantDraft;
  apis: Option[];
  takenApiIds: Set<string>;
  initialScopes: Scope[] | undefined;
  fields: FieldErrors;
  onChange: (next: GrantDraft) => void;
  onRemove: () => void;
}) {
  const prefix = `grants.${index}`;
  const apiName = apis.find((a) => a.id === draft.apiId)?.name ?? "this API";
  const scopeError = fields[`${prefix}.scopeIds`];
  return (
    <li className="space-y-3 rounded-md border border-slate-200 p-4" data-testid="grant-row">
      <div className="flex items-start gap-3">
        <div className="flex-1">
          <Field id={`${prefix}.apiId`} label={`API of grant ${index + 1}`} error={fields[`${prefix}.apiId`]}>
            <Select
              id={`${prefix}.apiId`}
              value={draft.apiId}
              onChange={(e) => onChange({ ...draft, apiId: e.target.value, scopeIds: [] })}
              {...describedBy(`${prefix}.apiId`, fields[`${prefix}.apiId`])}
            >
              <option value="">— Choose an API —</option>
              {apis.map((a) => (
                <option key={a.id} value={a.id} disabled={a.id !== draft.apiId && takenApiIds.has(a.id)}>
                  {a.name}
                  {a.hint ? ` — ${a.hint}` : ""}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <Button variant="ghost" size="sm" className="mt-6" onClick={onRemove} aria-label={`Remove grant ${index + 1} (${apiName})`}>
          <Trash2 className="h-4 w-4" aria-hidden="true" />
          Remove
        </Button>
      </div>
      {draft.apiId ? (
        <ApiScopesField
          idPrefix={prefix}
          apiId={draft.apiId}
          legend={`Scopes granted on ${apiName}`}
          initialScopes={initialScopes}
          selected={draft.scopeIds}
          onChange={(scopeIds) => onChange({ ...draft, scopeIds })}
          error={scopeError}
        />
      ) : null}
      <Field id={`${prefix}.justification`} label="Justification" error={fields[`${prefix}.justification`]} hint="Why this credential needs this API and these scopes (the per-API decision record).">
        <Textarea
          id={`${prefix}.justification`}
          rows={2}
          value={draft.justification}
          onChange={(e) => onChange({ ...draft, justification: e.target.value })}
          {...describedBy(`${prefix}.justification`, fields[`${prefix}.justification`])}
        />
      </Field>
    </li>
  );
}

let nextRowKey = 0;
export const newRowKey = () => `grant-${String((nextRowKey += 1))}`;

/** Per-API grants: the API, the scopes of that API, and a justification. */
export function GrantsEditor({
  value,
  onChange,
  apis,
  initialScopes,
  fields,
}: {
  value: GrantDraft[];
  onChange: (next: GrantDraft[]) => void;
  apis: Option[];
  initialScopes: Record<string, Scope[]>;
  fields: FieldErrors;
}) {
  const taken = new Set(value.map((g) => g.apiId).filter(Boolean));
  return (
    <div className="space-y-3">
      {value.length === 0 ? <p className="text-sm text-slate-500">No API access granted yet.</p> : null}
      <ul className="space-y-3">
        {value.map((draft, i) => (
          <GrantRow
            key={draft.rowKey}
            index={i}
            draft={draft}
            apis={apis}
            takenApiIds={taken}
            initialScopes={initialScopes[draft.apiId]}
            fields={fields}
            onChange={(next) => onChange(value.map((g) => (g.rowKey === draft.rowKey ? next : g)))}
            onRemove={() => onChange(value.filter((g) => g.rowKey !== draft.rowKey))}
          />
        ))}
      </ul>
      <GroupError id="grants" error={fields.grants} />
      <Button variant="secondary" size="sm" onClick={() => onChange([...value, { rowKey: newRowKey(), apiId: "", scopeIds: [], justification: "" }])} disabled={apis.length === 0 || taken.size >= apis.length}>
        <Plus className="h-4 w-4" aria-hidden="true" />
        Add API grant
      </Button>
      {apis.length === 0 ? <p className="text-sm text-slate-500">No APIs are registered yet; add them under APIs &amp; scopes first.</p> : null}
    </div>
  );
}
