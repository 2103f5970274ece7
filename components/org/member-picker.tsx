"use client";

import { X } from "lucide-react";
import { useDeferredValue, useState } from "react";
import { Input } from "@/components/ui/form";
import { usePeopleSearch } from "./use-people-search";

export type PickedPerson = { id: string; name: string; email: string };

/** Search people through the API and pick team members; scales to any directory size. */
export function MemberPicker({ value, onChange, error }: { value: PickedPerson[]; onChange: (v: PickedPerson[]) => void; error?: string[] }) {
  const [q, setQ] = useState("");
  const deferred = useDeferredValue(q);
  const results = usePeopleSearch(deferred);
  const chosen = new Set(value.map((p) => p.id));
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-700">Members</legend>
      {value.length > 0 ? (
        <ul className="flex flex-wrap gap-2" aria-label="Chosen members">
          {value.map((p) => (
            <li key={p.id} className="inline-flex items-center gap-1 rounded-full bg-brand-50 py-1 pl-3 pr-1 text-sm text-brand-700">
              {p.name}
              <button
                type="button"
                className="rounded-full p-0.5 hover:bg-brand-100"
                aria-label={`Remove ${p.name}`}
                onClick={() => onChange(value.filter((v) => v.id !== p.id))}
              >
                <X className="h-3.5 w-3.5" aria-hidden="true" />
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-500">No members yet.</p>
      )}
      <label htmlFor="member-search" className="sr-only">
        Find a person to add
      </label>
      <Input id="member-search" type="search" placeholder="Find a person by name or email" value={q} onChange={(e) => setQ(e.target.value)} />
      <ul className="max-h-48 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200" aria-label="People found" aria-busy={results.isFetching}>
        {results.isError ? <li className="px-3 py-2 text-sm text-red-700">Could not search people.</li> : null}
        {results.data?.items.length === 0 ? <li className="px-3 py-2 text-sm text-slate-500">Nobody matches.</li> : null}
        {results.data?.items.map((p) => (
          <li key={p.id}>
            <button
              type="button"
              disabled={chosen.has(p.id)}
              onClick={() => onChange([...value, p])}
              className="flex w-full justify-between px-3 py-2 text-left text-sm hover:bg-slate-50 disabled:text-slate-400"
            >
              <span>{p.name}</span>
              <span className="text-slate-500">{chosen.has(p.id) ? "added" : p.email}</span>
            </button>
          </li>
        ))}
      </ul>
      {error ? <p className="text-sm text-red-700" data-testid="error-memberIds">{error.join("; ")}</p> : null}
    </fieldset>
  );
}
