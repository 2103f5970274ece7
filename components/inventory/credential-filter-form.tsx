"use client";

import { SlidersHorizontal } from "lucide-react";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/form";
import { FilterChips } from "@/components/ui/list-controls";
import { cn } from "@/lib/cn";
import { ControlFilter, controlRefLabel } from "@/components/governance/control-filter";
import { ruleLabel } from "@/lib/domain/finding-summary";
import { ruleIds } from "@/lib/domain/posture/types";
import { credentialKinds, credentialSorts, credentialStatuses, dueBuckets, environments } from "@/lib/validation/inventory";
import { isFiltered, linkOnlyFilters, type CredentialFilterState, type FilterName } from "./filters";
import { bucketLabels, environmentLabels, kindLabels, statusLabels } from "./labels";
import type { Option, PersonOption } from "./types";

export type TableOptions = { teams: Option[]; people: PersonOption[]; apis: Option[]; trustZones: string[] };

const sortLabels: Record<(typeof credentialSorts)[number], string> = { rotation_due: "Rotation due (soonest first)", review_due: "Review due (soonest first)", name: "Name (A–Z)" };

function FilterSelect({ id, label, value, onChange, anyLabel, children }: { id: FilterName; label: string; value: string | undefined; onChange: (name: FilterName, value: string) => void; anyLabel: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={`filter-${id}`} className="mb-1 block text-sm font-medium text-slate-700">
        {label}
      </label>
      <Select id={`filter-${id}`} value={value ?? ""} onChange={(e) => onChange(id, e.target.value)}>
        <option value="">{anyLabel}</option>
        {children}
      </Select>
    </div>
  );
}

function chipLabel(name: (typeof linkOnlyFilters)[number], value: string): string {
  switch (name) {
    case "dueWithin":
      return `Rotation due within ${value} days`;
    case "control":
      return `Open finding on ${controlRefLabel(value)}`;
    case "accountability":
      return value === "complete" ? "Full accountability" : "Accountability incomplete";
    case "thirdParty":
      return value === "true" ? "Used by a third-party application" : "No third-party application";
    case "reviewed":
      return value === "never" ? "Never reviewed" : "Reviewed at least once";
  }
}

type Choice = { value: string; label: string };
const choicesOf = <V extends string>(values: readonly V[], label: (v: V) => string): Choice[] => values.map((v) => ({ value: v, label: label(v) }));

/** The ten filter selects, in the order the form shows them. */
function filterSelects(options: TableOptions): { id: FilterName; label: string; anyLabel: string; choices: Choice[] }[] {
  return [
    { id: "teamId", label: "Team", anyLabel: "Any team", choices: options.teams.map((t) => ({ value: t.id, label: t.name })) },
    { id: "ownerId", label: "Owner", anyLabel: "Any owner", choices: options.people.map((p) => ({ value: p.id, label: `${p.name}${p.isActive ? "" : " (left)"}` })) },
    { id: "environment", label: "Environment", anyLabel: "Any environment", choices: choicesOf(environments, (v) => environmentLabels[v]) },
    { id: "status", label: "Status", anyLabel: "Any status", choices: choicesOf(credentialStatuses, (v) => statusLabels[v]) },
    { id: "kind", label: "Kind", anyLabel: "Any kind", choices: choicesOf(credentialKinds, (v) => kindLabels[v]) },
    { id: "apiId", label: "API", anyLabel: "Any API", choices: options.apis.map((a) => ({ value: a.id, label: a.name })) },
    { id: "trustZone", label: "Trust zone", anyLabel: "Any trust zone", choices: options.trustZones.map((z) => ({ value: z, label: z })) },
    { id: "due", label: "Rotation due", anyLabel: "Any rotation date", choices: choicesOf(dueBuckets, (b) => bucketLabels[b]) },
    { id: "reviewDue", label: "Review due", anyLabel: "Any review date", choices: choicesOf(dueBuckets, (b) => bucketLabels[b]) },
    { id: "rule", label: "Open finding", anyLabel: "Any or none", choices: choicesOf(ruleIds, ruleLabel) },
  ];
}

/**
 * The inventory's search form: free text, sort, the ten filter selects (folded away on phones), and the filters
 * that only arrive in links as removable chips. The table owns the state; this form reports changes.
 */
export function CredentialFilterForm({
  state,
  options,
  searchText,
  onSearchChange,
  onSearch,
  update,
  clearFilters,
}: {
  state: CredentialFilterState;
  options: TableOptions;
  searchText: string;
  onSearchChange: (value: string) => void;
  onSearch: () => void;
  update: (patch: CredentialFilterState) => void;
  clearFilters: () => void;
}) {
  const [showFilters, setShowFilters] = useState(false);
  const setFilter = (name: FilterName, value: string) => update({ [name]: value });
  const selects = filterSelects(options);
  const filtered = isFiltered(state);
  const activeCount = (["teamId", "ownerId", "environment", "status", "kind", "apiId", "trustZone", "due", "reviewDue", "rule", ...linkOnlyFilters] as const).filter((n) => state[n]).length;
  const controlRefs = state.control ? state.control.split(",") : [];
  const chips = linkOnlyFilters.flatMap((name): { name: string; value?: string; label: string }[] => {
    const value = state[name];
    if (!value) return [];
    // One chip per control; removing it keeps the others.
    if (name === "control") {
      const prefix = controlRefs.length > 1 ? (state.controlMatch === "any" ? "Any of: " : "All of: ") : "";
      return controlRefs.map((ref) => ({ name, value: ref, label: `${prefix}${chipLabel(name, ref)}` }));
    }
    return [{ name, label: chipLabel(name, value) }];
  });
  return (
    <form
      role="search"
      aria-label="Filter credentials"
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-xs"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch();
      }}
    >
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-56 flex-1">
          <label htmlFor="filter-q" className="mb-1 block text-sm font-medium text-slate-700">
            Search name or client id
          </label>
          <Input id="filter-q" type="search" value={searchText} onChange={(e) => onSearchChange(e.target.value)} placeholder="e.g. onespan or 7f3c…" autoComplete="off" />
        </div>
        <div className="min-w-56">
          <label htmlFor="filter-sort" className="mb-1 block text-sm font-medium text-slate-700">
            Sort by
          </label>
          <Select id="filter-sort" value={state.sort ?? "rotation_due"} onChange={(e) => update({ sort: e.target.value === "rotation_due" ? "" : e.target.value })}>
            {credentialSorts.map((s) => (
              <option key={s} value={s}>
                {sortLabels[s]}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <label htmlFor="filter-asOf" className="mb-1 block text-sm font-medium text-slate-700">
            As of
          </label>
          {/* A past day shows the inventory as it was at the end of that day (UTC), read-only (DESIGN §8.6). */}
          <Input id="filter-asOf" type="date" value={state.asOf?.slice(0, 10) ?? ""} max={new Date().toISOString().slice(0, 10)} onChange={(e) => setFilter("asOf", e.target.value)} aria-describedby="filter-asOf-hint" />
          <span id="filter-asOf-hint" className="sr-only">
            Leave empty for the inventory now
          </span>
        </div>
        <Button variant="secondary" className="md:hidden" aria-expanded={showFilters} aria-controls="credential-filters" onClick={() => setShowFilters((v) => !v)}>
          <SlidersHorizontal className="h-4 w-4" aria-hidden="true" />
          Filters{activeCount ? ` (${activeCount})` : ""}
        </Button>
        {filtered ? (
          <Button variant="ghost" onClick={clearFilters}>
            Clear filters
          </Button>
        ) : null}
      </div>
      <div id="credential-filters" className={cn("grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-5", showFilters ? "grid" : "hidden md:grid")}>
        {selects.map((f) => (
          <FilterSelect key={f.id} id={f.id} label={f.label} value={state[f.id]} onChange={setFilter} anyLabel={f.anyLabel}>
            {f.choices.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </FilterSelect>
        ))}
        <ControlFilter idPrefix="filter" value={controlRefs} match={state.controlMatch === "any" ? "any" : undefined} onChange={(refs, match) => update({ control: refs.join(","), controlMatch: match ?? "" })} />
      </div>
      <FilterChips params={state} chips={chips} onRemove={(name, rest) => update({ [name]: rest })} />
    </form>
  );
}
