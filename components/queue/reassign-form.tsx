"use client";

import { useQuery } from "@tanstack/react-query";
import { Link } from "@/components/ui/link";
import { useDeferredValue, useId, useState } from "react";
import { environmentLabels, labelOf } from "@/components/inventory/labels";
import { invalidates, queryKeys } from "@/components/query-keys";
import { usePeopleSearch } from "@/components/org/use-people-search";
import { FormMessage, Input } from "@/components/ui/form";
import { Badge } from "@/components/ui/layout";
import { SubmitButton } from "@/components/ui/submit-button";
import { useApiForm } from "@/components/use-api-form";
import { apiCall, type ApiResponse } from "@/lib/api/client";
import { ownershipRoleLabels, ownershipRoles, type OwnershipRole } from "@/lib/domain/vocabulary/queue";
import { routes } from "@/lib/api/routes";

type Holding = { id: string; name: string; environment: string; status: string; roles: OwnershipRole[] };
type Picked = { id: string; name: string; email: string };
type Result = ApiResponse<typeof routes.reassignOwnership>;

function describeChanges(changes: Record<OwnershipRole, number>): string {
  const parts = ownershipRoles.filter((r) => changes[r] > 0).map((r) => `${ownershipRoleLabels[r].toLowerCase()} ×${String(changes[r])}`);
  return parts.length ? parts.join(", ") : "nothing";
}

/**
 * Bulk "reassign ownership" (DESIGN §4.4): choose the new holder (an active person), the roles to
 * move, and all credentials or some; a dry run previews the counts before anything is written.
 */
export function ReassignForm({
  person,
  counts,
  holdings,
  total,
  truncated,
}: {
  person: { id: string; name: string };
  counts: Record<OwnershipRole, number>;
  holdings: Holding[];
  total: number;
  truncated: boolean;
}) {
  const [to, setTo] = useState<Picked | null>(null);
  const [roles, setRoles] = useState<OwnershipRole[]>(ownershipRoles.filter((r) => counts[r] > 0));
  const [scope, setScope] = useState<"all" | "some">("all");
  const [chosen, setChosen] = useState<string[]>([]);
  const [standIn, setStandIn] = useState<Picked | null>(null);
  const body = {
    toPersonId: to?.id,
    roles,
    ...(scope === "some" ? { credentialIds: chosen } : {}),
    ...(standIn ? { replacementBackupOwnerId: standIn.id } : {}),
  };
  const ready = to !== null && roles.length > 0 && (scope === "all" || chosen.length > 0);
  const preview = useQuery({
    queryKey: queryKeys.reassign.preview(person.id, [to?.id, [...roles].sort().join(), scope, [...chosen].sort().join(), standIn?.id]),
    // A dry run: the same endpoint answers the counts and writes nothing (`enabled` waits for a holder).
    queryFn: ({ signal }) => apiCall(routes.reassignOwnership, { params: { id: person.id }, body: { ...body, toPersonId: to?.id ?? "", dryRun: true }, signal }),
    enabled: ready,
    retry: false,
  });
  const form = useApiForm(routes.reassignOwnership, { params: { id: person.id }, invalidates: invalidates.ownership });
  const done = form.isSuccess ? form.data : undefined;
  const scopeName = useId();

  if (total === 0 && !done) {
    return <p className="text-sm text-slate-600">{person.name} holds no ownership role on any active credential. Nothing to reassign.</p>;
  }

  return (
    <form
      className="space-y-6"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        form.submit(body);
      }}
    >
      {form.formError ? <FormMessage>{form.formError}</FormMessage> : null}
      {done ? (
        <FormMessage kind="success">
          Reassigned {done.credentials} credential{done.credentials === 1 ? "" : "s"} to {to?.name ?? "the new holder"} ({describeChanges(done.changes)}); {done.findingsResolved} orphaned finding
          {done.findingsResolved === 1 ? "" : "s"} resolved.
          {done.needsNewBackup.total > 0 && !standIn ? ` ${String(done.needsNewBackup.total)} now need${done.needsNewBackup.total === 1 ? "s" : ""} a new backup owner:` : null}
        </FormMessage>
      ) : null}
      {done && !standIn ? <NeedsNewBackupList needs={done.needsNewBackup} /> : null}

      <PersonSearch legend="New holder" searchLabel="Find the new holder" inputId="reassign-search" testId="reassign-to" exclude={[person.id]} value={to} onChange={setTo} error={form.fields.toPersonId} />

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">Roles to move</legend>
        {ownershipRoles.map((r) => (
          <div key={r} className="flex items-center gap-2">
            <input
              id={`role-${r}`}
              type="checkbox"
              className="h-4 w-4"
              checked={roles.includes(r)}
              onChange={(e) => setRoles(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))}
            />
            <label htmlFor={`role-${r}`} className="text-sm text-slate-700">
              {ownershipRoleLabels[r]} <span className="text-slate-500">({counts[r]} credential{counts[r] === 1 ? "" : "s"})</span>
            </label>
          </div>
        ))}
        {form.fields.roles ? <p className="text-sm text-red-700">{form.fields.roles.join("; ")}</p> : null}
      </fieldset>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">Which credentials</legend>
        <div className="flex items-center gap-2">
          <input id="scope-all" type="radio" name={scopeName} className="h-4 w-4" checked={scope === "all"} onChange={() => setScope("all")} />
          <label htmlFor="scope-all" className="text-sm text-slate-700">
            All {total} credential{total === 1 ? "" : "s"} {person.name} holds a chosen role on
          </label>
        </div>
        <div className="flex items-center gap-2">
          <input id="scope-some" type="radio" name={scopeName} className="h-4 w-4" checked={scope === "some"} onChange={() => setScope("some")} />
          <label htmlFor="scope-some" className="text-sm text-slate-700">
            Only the credentials I choose
          </label>
        </div>
        {scope === "some" ? (
          <ul className="max-h-72 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200" aria-label="Credentials to reassign">
            {holdings.map((h) => (
              <li key={h.id} className="flex items-center gap-2 px-3 py-2">
                <input
                  id={`cred-${h.id}`}
                  type="checkbox"
                  className="h-4 w-4"
                  checked={chosen.includes(h.id)}
                  onChange={(e) => setChosen(e.target.checked ? [...chosen, h.id] : chosen.filter((x) => x !== h.id))}
                />
                <label htmlFor={`cred-${h.id}`} className="flex flex-wrap items-center gap-2 text-sm text-slate-800">
                  {h.name} <span className="text-slate-500">{labelOf(environmentLabels, h.environment)}</span>
                  {h.roles.map((r) => (
                    <Badge key={r}>{ownershipRoleLabels[r]}</Badge>
                  ))}
                </label>
              </li>
            ))}
            {truncated ? <li className="px-3 py-2 text-sm text-slate-500">Only the first {holdings.length} are listed; choose “All” to include the rest.</li> : null}
          </ul>
        ) : null}
        {form.fields.credentialIds ? <p className="text-sm text-red-700">{form.fields.credentialIds.join("; ")}</p> : null}
      </fieldset>

      <div role="status" aria-live="polite" className="text-sm text-slate-700" data-testid="reassign-preview">
        {!ready
          ? "Choose the new holder, at least one role and the credentials to see what will change."
          : preview.isFetching
            ? "Counting…"
            : preview.data
              ? `${String(preview.data.credentials)} credential${preview.data.credentials === 1 ? "" : "s"} will change (${describeChanges(preview.data.changes)}).`
              : preview.isError
                ? preview.error.message
                : null}
      </div>
      {ready && preview.data && preview.data.needsNewBackup.total > 0 ? (
        <section className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3" aria-labelledby="needs-backup-heading" data-testid="reassign-needs-backup">
          <h3 id="needs-backup-heading" className="text-sm font-medium text-slate-900">
            {to.name} is already the other owner of {preview.data.needsNewBackup.total} credential{preview.data.needsNewBackup.total === 1 ? "" : "s"}
          </h3>
          <p className="text-sm text-slate-700">
            One person cannot be both owner and backup owner. {to.name} will own {preview.data.needsNewBackup.total === 1 ? "it" : "them"}, and the backup owner is{" "}
            {standIn ? standIn.name : "left empty until you choose one"}.
          </p>
          <NeedsNewBackupList needs={preview.data.needsNewBackup} />
          <PersonSearch
            legend="New backup owner for these (optional)"
            searchLabel="Find the new backup owner"
            inputId="reassign-backup-search"
            testId="reassign-backup"
            exclude={[person.id, to.id]}
            value={standIn}
            onChange={setStandIn}
            error={form.fields.replacementBackupOwnerId}
          />
        </section>
      ) : null}
      <div className="flex items-center gap-3">
        <SubmitButton pending={form.isPending} pendingLabel="Reassigning…" disabled={!ready}>
          Reassign ownership
        </SubmitButton>
        <Link href={`/people/${person.id}`} className="text-sm text-brand-700 underline">
          Back to {person.name}
        </Link>
      </div>
    </form>
  );
}

/** The credentials whose backup owner must be chosen again, each linked to its edit page. */
function NeedsNewBackupList({ needs }: { needs: Result["needsNewBackup"] }) {
  if (needs.total === 0) return null;
  return (
    <ul className="list-disc pl-5 text-sm" aria-label="Credentials that need a new backup owner">
      {needs.items.map((c) => (
        <li key={c.id}>
          <Link href={`/inventory/${c.id}/edit`} className="text-brand-700 underline">
            {c.name}
          </Link>
        </li>
      ))}
      {needs.total > needs.items.length ? <li className="text-slate-500">and {needs.total - needs.items.length} more</li> : null}
    </ul>
  );
}

/** One active person, found through the people API (scales to any directory size). */
function PersonSearch({
  legend,
  searchLabel,
  inputId,
  testId,
  exclude,
  value,
  onChange,
  error,
}: {
  legend: string;
  searchLabel: string;
  inputId: string;
  testId: string;
  exclude: string[];
  value: Picked | null;
  onChange: (p: Picked | null) => void;
  error?: string[];
}) {
  const [q, setQ] = useState("");
  const deferred = useDeferredValue(q);
  const results = usePeopleSearch(deferred);
  const found = results.data?.items.filter((p) => !exclude.includes(p.id)) ?? [];
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-700">{legend}</legend>
      {value ? (
        <p className="flex items-center gap-2 text-sm" data-testid={testId}>
          <span className="font-medium text-slate-900">{value.name}</span> <span className="text-slate-500">{value.email}</span>
          <button type="button" className="text-brand-700 underline" onClick={() => onChange(null)}>
            Change
          </button>
        </p>
      ) : (
        <>
          <label htmlFor={inputId} className="sr-only">
            {searchLabel}
          </label>
          <Input id={inputId} type="search" placeholder="Find an active person by name or email" value={q} onChange={(e) => setQ(e.target.value)} />
          <ul className="max-h-48 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200" aria-label="People found" aria-busy={results.isFetching}>
            {results.isError ? <li className="px-3 py-2 text-sm text-red-700">Could not search people.</li> : null}
            {results.data && found.length === 0 ? <li className="px-3 py-2 text-sm text-slate-500">Nobody matches.</li> : null}
            {found.map((p) => (
              <li key={p.id}>
                <button type="button" onClick={() => onChange(p)} className="flex w-full justify-between px-3 py-2 text-left text-sm hover:bg-slate-50">
                  <span>{p.name}</span>
                  <span className="text-slate-500">{p.email}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {error ? <p className="text-sm text-red-700">{error.join("; ")}</p> : null}
    </fieldset>
  );
}
