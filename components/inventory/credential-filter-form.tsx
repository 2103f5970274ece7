"use client";

import { Search, SlidersHorizontal } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/form";
import { FilterChips, FilterSelect } from "@/components/ui/list-controls";
import { ControlFilter, controlRefLabel } from "@/components/governance/control-filter";
import { ruleLabel } from "@/lib/domain/finding-summary";
import { ruleIds } from "@/lib/domain/posture/types";
import { credentialKinds, credentialSorts, credentialStatuses, dueBuckets, environments, tokenCaches } from "@/lib/domain/vocabulary/inventory";
import { isFiltered, linkOnlyFilters, type CredentialFilterState, type FilterName } from "./filters";
import { bucketLabels, environmentLabels, kindLabels, statusLabels, tokenCacheLabels } from "./labels";
import type { Option, PersonOption } from "./types";

export type TableOptions = { teams: Option[]; people: PersonOption[]; apis: Option[]; trustZones: string[]; servers: Option[]; applications: Option[] };

const sortLabels: Record<(typeof credentialSorts)[number], string> = { rotation_due: "Rotation due (soonest first)", review_due: "Review due (soonest first)", name: "Name (A–Z)" };

function linkChipLabel(name: (typeof linkOnlyFilters)[number], value: string): string {
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
const optionChoices = (options: Option[]): Choice[] => options.map((o) => ({ value: o.id, label: o.name }));

/** The filter selects behind "Filters", in the order the panel shows them. */
function filterSelects(options: TableOptions): { id: FilterName; label: string; anyLabel: string; choices: Choice[] }[] {
  return [
    { id: "teamId", label: "Team", anyLabel: "Any team", choices: optionChoices(options.teams) },
    { id: "ownerId", label: "Owner", anyLabel: "Any owner", choices: options.people.map((p) => ({ value: p.id, label: `${p.name}${p.isActive ? "" : " (left)"}` })) },
    { id: "environment", label: "Environment", anyLabel: "Any environment", choices: choicesOf(environments, (v) => environmentLabels[v]) },
    { id: "status", label: "Status", anyLabel: "Any status", choices: choicesOf(credentialStatuses, (v) => statusLabels[v]) },
    { id: "kind", label: "Kind", anyLabel: "Any kind", choices: choicesOf(credentialKinds, (v) => kindLabels[v]) },
    { id: "due", label: "Rotation due", anyLabel: "Any rotation date", choices: choicesOf(dueBuckets, (b) => bucketLabels[b]) },
    { id: "reviewDue", label: "Review due", anyLabel: "Any review date", choices: choicesOf(dueBuckets, (b) => bucketLabels[b]) },
    { id: "rule", label: "Open finding", anyLabel: "Any or none", choices: choicesOf(ruleIds, ruleLabel) },
    { id: "serverId", label: "Authorization server", anyLabel: "Any server", choices: optionChoices(options.servers) },
    { id: "applicationId", label: "Application", anyLabel: "Any application", choices: optionChoices(options.applications) },
    { id: "apiId", label: "API", anyLabel: "Any API", choices: optionChoices(options.apis) },
    { id: "trustZone", label: "Trust zone", anyLabel: "Any trust zone", choices: options.trustZones.map((z) => ({ value: z, label: z })) },
    { id: "tokenCache", label: "Token cache", anyLabel: "Any token cache", choices: choicesOf(tokenCaches, (v) => tokenCacheLabels[v]) },
  ];
}

/** Every applied filter as a removable chip: the selects' ("Team: Payments"), the SDK's, and those that arrive in links. */
function appliedChips(state: CredentialFilterState, options: TableOptions, update: (patch: CredentialFilterState) => void): { key: string; label: string; onRemove: () => void }[] {
  const clear = (name: FilterName) => () => update({ [name]: "" });
  const selected = filterSelects(options).flatMap((f) => {
    const value = state[f.id];
    if (!value) return [];
    // A bookmarked id past the option limit still shows as a chip, by its kind.
    const choice = f.choices.find((c) => c.value === value);
    return [{ key: f.id, label: `${f.label}: ${choice?.label ?? "one record"}`, onRemove: clear(f.id) }];
  });
  const sdk = state.sdk ? [{ key: "sdk", label: `SDK: ${state.sdk}`, onRemove: clear("sdk") }] : [];
  const controlRefs = state.control ? state.control.split(",") : [];
  const linked = linkOnlyFilters.flatMap((name) => {
    const value = state[name];
    if (!value) return [];
    // One chip per control; removing it keeps the others.
    if (name === "control") {
      const prefix = controlRefs.length > 1 ? (state.controlMatch === "any" ? "Any of: " : "All of: ") : "";
      return controlRefs.map((ref) => ({ key: `control=${ref}`, label: `${prefix}${linkChipLabel(name, ref)}`, onRemove: () => update({ control: controlRefs.filter((r) => r !== ref).join(",") }) }));
    }
    return [{ key: name, label: linkChipLabel(name, value), onRemove: clear(name) }];
  });
  return [...selected, ...sdk, ...linked];
}

/**
 * The inventory's filter bar: search, "Filters" (the selects, SDK and controls, folded away until asked
 * for), sort and as-of on one line; every applied filter below it as a chip that removes it. The table owns
 * the state; this form reports changes.
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
  const filtered = isFiltered(state);
  const chips = appliedChips(state, options, update);
  const controlRefs = state.control ? state.control.split(",") : [];
  return (
    <form
      role="search"
      aria-label="Filter credentials"
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch();
      }}
    >
      <div className="flex flex-wrap items-center gap-2">
        <div className="relative min-w-48 flex-1">
          <label htmlFor="filter-q" className="sr-only">
            Search name or client id
          </label>
          <Search className="pointer-events-none absolute top-1/2 left-2.5 h-4 w-4 -translate-y-1/2 text-slate-500" aria-hidden="true" />
          <Input id="filter-q" type="search" className="pl-8" value={searchText} onChange={(e) => onSearchChange(e.target.value)} placeholder="Search name or client id" autoComplete="off" />
        </div>
        <Button variant="secondary" aria-expanded={showFilters} aria-controls="credential-filters" onClick={() => setShowFilters((v) => !v)}>
          <SlidersHorizontal className="h-4 w-4" aria-hidden="true" />
          Filters{chips.length ? ` (${chips.length})` : ""}
        </Button>
        <div className="flex items-center gap-2">
          <label htmlFor="filter-sort" className="text-sm text-slate-700">
            Sort
          </label>
          <Select id="filter-sort" className="w-auto" value={state.sort ?? "rotation_due"} onChange={(e) => update({ sort: e.target.value === "rotation_due" ? "" : e.target.value })}>
            {credentialSorts.map((s) => (
              <option key={s} value={s}>
                {sortLabels[s]}
              </option>
            ))}
          </Select>
        </div>
        <div className="flex items-center gap-2">
          <label htmlFor="filter-asOf" className="text-sm text-slate-700">
            As of
          </label>
          {/* A past day shows the inventory as it was at the end of that day (UTC), read-only (DESIGN §8.6). */}
          <Input id="filter-asOf" type="date" className="w-auto" value={state.asOf?.slice(0, 10) ?? ""} max={new Date().toISOString().slice(0, 10)} onChange={(e) => setFilter("asOf", e.target.value)} aria-describedby="filter-asOf-hint" />
          <span id="filter-asOf-hint" className="sr-only">
            Leave empty for the inventory now
          </span>
        </div>
        {filtered ? (
          <Button variant="ghost" onClick={clearFilters}>
            Clear filters
          </Button>
        ) : null}
      </div>
      {/* The panel's controls exist only while it is open: up to 200 options a select are not worth hydrating unseen. */}
      <div id="credential-filters" hidden={!showFilters} className="rounded-lg border border-slate-200 bg-white p-3 shadow-xs">
        {showFilters ? (
          <>
            <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4 xl:grid-cols-5">
              {filterSelects(options).map((f) => (
                <FilterSelect key={f.id} id={`filter-${f.id}`} label={f.label} anyLabel={f.anyLabel} choices={f.choices} value={state[f.id] ?? ""} onChange={(e) => setFilter(f.id, e.target.value)} />
              ))}
              <div>
                <label htmlFor="filter-sdk" className="mb-1 block text-sm font-medium text-slate-700">
                  SDK
                </label>
                {/* Keyed by the applied value, so removing its chip empties the field. Applied on Enter or leaving it. */}
                <Input
                  key={state.sdk ?? ""}
                  id="filter-sdk"
                  defaultValue={state.sdk ?? ""}
                  placeholder="Exact name, e.g. msal-node"
                  autoComplete="off"
                  onBlur={(e) => setFilter("sdk", e.target.value.trim())}
                  onKeyDown={(e) => {
                    if (e.key === "Enter") {
                      e.preventDefault();
                      setFilter("sdk", e.currentTarget.value.trim());
                    }
                  }}
                />
              </div>
            </div>
            <div className="mt-3">
              <ControlFilter idPrefix="filter" value={controlRefs} match={state.controlMatch === "any" ? "any" : undefined} onChange={(refs, match) => update({ control: refs.join(","), controlMatch: match ?? "" })} />
            </div>
          </>
        ) : null}
      </div>
      <FilterChips chips={chips} />
    </form>
  );
}
