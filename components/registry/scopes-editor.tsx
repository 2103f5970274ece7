"use client";

import { Plus, Trash2 } from "lucide-react";
import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/form";
import type { FieldErrors } from "@/lib/errors";
import { scopePrivileges } from "@/lib/domain/vocabulary/inventory";
import { privilegeLabels } from "./labels";

export type ScopeRow = { rowId: string; name: string; description: string; privilege: (typeof scopePrivileges)[number] };

let nextRow = 0;
export const newScopeRow = (init?: Partial<Omit<ScopeRow, "rowId">>): ScopeRow => ({
  rowId: `scope-row-${++nextRow}`,
  name: init?.name ?? "",
  description: init?.description ?? "",
  privilege: init?.privilege ?? "read",
});

/**
 * The scopes of an API as editable rows. The whole list is sent on save: the server adds new
 * names, updates changed ones and removes missing ones (refusing to drop a scope still granted).
 */
export function ScopesEditor({
  rows,
  onChange,
  fields,
  disabled = false,
}: {
  rows: ScopeRow[];
  onChange: (rows: ScopeRow[]) => void;
  fields: FieldErrors;
  disabled?: boolean;
}) {
  const focusRow = useRef<string | null>(null);
  const inputs = useRef(new Map<string, HTMLInputElement>());
  const addButton = useRef<HTMLButtonElement>(null);

  // After "Add scope", move focus to the new row's name so keyboard users can type straight away.
  useEffect(() => {
    if (focusRow.current) {
      inputs.current.get(focusRow.current)?.focus();
      focusRow.current = null;
    }
  }, [rows]);

  const update = (rowId: string, patch: Partial<ScopeRow>) => onChange(rows.map((r) => (r.rowId === rowId ? { ...r, ...patch } : r)));
  const add = () => {
    const row = newScopeRow();
    focusRow.current = row.rowId;
    onChange([...rows, row]);
  };
  const remove = (index: number) => {
    const next = rows.filter((_, i) => i !== index);
    onChange(next);
    // Keep focus inside the editor: on the row that moved up, or the add button.
    const target = next[index] ?? next[index - 1];
    if (target) focusRow.current = target.rowId;
    else addButton.current?.focus();
  };

  const listErrors = fields.scopes;
  // Flag a repeated name as it is typed, rather than only after the server refuses the list.
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const r of rows) {
    const name = r.name.trim();
    if (name && seen.has(name)) repeated.add(r.rowId);
    seen.add(name);
  }
  return (
    <fieldset className="space-y-3" disabled={disabled} aria-describedby={listErrors ? "scopes-error" : "scopes-hint"}>
      <legend className="text-sm font-medium text-slate-700">Scopes</legend>
      <p id="scopes-hint" className="text-xs text-slate-500">
        The permissions a token for this API can carry. Privilege says what a scope lets a credential do: read, write, or administer.
      </p>
      {rows.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 px-3 py-4 text-center text-sm text-slate-500">No scopes yet.</p>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="min-w-full text-sm">
            <thead>
              <tr className="text-left text-slate-600">
                <th scope="col" className="pb-1 pr-2 font-medium">Name</th>
                <th scope="col" className="pb-1 pr-2 font-medium">Description</th>
                <th scope="col" className="pb-1 pr-2 font-medium">Privilege</th>
                <th scope="col" className="pb-1 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => {
                const n = i + 1;
                const rowErrors = (k: string) => fields[`scopes.${i}.${k}`];
                const nameError = rowErrors("name") ?? (repeated.has(row.rowId) ? ["repeats the name of a scope above"] : undefined);
                const descriptionError = rowErrors("description");
                const privilegeError = rowErrors("privilege");
                const errors = [
                  ...(nameError ?? []).map((m) => `Name ${m}`),
                  ...(descriptionError ?? []).map((m) => `Description ${m}`),
                  ...(privilegeError ?? []).map((m) => `Privilege ${m}`),
                ];
                const errorId = `scope-${n}-error`;
                return (
                  <tr key={row.rowId} className="align-top" data-testid="scope-row">
                    <td className="py-1 pr-2">
                      <Input
                        ref={(el) => {
                          if (el) inputs.current.set(row.rowId, el);
                          else inputs.current.delete(row.rowId);
                        }}
                        aria-label={`Scope ${n} name`}
                        className="min-w-40 font-mono"
                        placeholder="e.g. documents:read"
                        value={row.name}
                        onChange={(e) => update(row.rowId, { name: e.target.value })}
                        {...(nameError ? { "aria-invalid": true, "aria-describedby": errorId } : {})}
                      />
                      {errors.length > 0 ? (
                        <p id={errorId} className="mt-1 text-sm text-red-700" data-testid={`error-scopes.${i}`}>
                          {errors.join("; ")}
                        </p>
                      ) : null}
                    </td>
                    <td className="py-1 pr-2">
                      <Input
                        aria-label={`Scope ${n} description`}
                        className="min-w-56"
                        value={row.description}
                        onChange={(e) => update(row.rowId, { description: e.target.value })}
                        {...(descriptionError ? { "aria-invalid": true, "aria-describedby": errorId } : {})}
                      />
                    </td>
                    <td className="py-1 pr-2">
                      <Select
                        aria-label={`Scope ${n} privilege`}
                        className="min-w-28"
                        value={row.privilege}
                        onChange={(e) => update(row.rowId, { privilege: e.target.value as ScopeRow["privilege"] })}
                        {...(privilegeError ? { "aria-invalid": true, "aria-describedby": errorId } : {})}
                      >
                        {scopePrivileges.map((p) => (
                          <option key={p} value={p}>
                            {privilegeLabels[p]}
                          </option>
                        ))}
                      </Select>
                    </td>
                    <td className="py-1">
                      <Button variant="ghost" size="sm" className="h-9" onClick={() => remove(i)} aria-label={`Remove scope ${n}${row.name ? ` (${row.name})` : ""}`}>
                        <Trash2 className="h-4 w-4" aria-hidden="true" />
                      </Button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {listErrors ? (
        <p id="scopes-error" className="text-sm text-red-700" data-testid="error-scopes">
          {listErrors.join("; ")}
        </p>
      ) : null}
      <Button ref={addButton} variant="secondary" size="sm" onClick={add}>
        <Plus className="h-4 w-4" aria-hidden="true" />
        Add scope
      </Button>
    </fieldset>
  );
}
