"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { environmentLabels, kindLabels } from "@/components/inventory/labels";
import { describedBy, Field, Input, Select } from "@/components/ui/form";
import { ApiFormFrame } from "@/components/api-form";
import { useApiForm } from "@/components/use-api-form";
import type { z } from "zod";
import { credentialKinds, environments, sensitivities } from "@/lib/domain/vocabulary/inventory";
import type { campaignPreviewDto } from "@/lib/validation/review";
import { invalidates, queryKeys } from "@/components/query-keys";
import { apiCall } from "@/lib/api/client";
import { routes } from "@/lib/api/routes";

type Option = { id: string; name: string };
type Preview = z.infer<typeof campaignPreviewDto>;

const plural = (n: number, one: string, many = `${one}s`) => `${String(n)} ${n === 1 ? one : many}`;

/** The preview in words: how many tasks, for whom, and which fell back from an owner who left or is missing (DESIGN §4.3). */
function describePreview(p: Preview): string {
  const { fellBack } = p;
  const unassigned = p.unassigned > 0 ? ` (${String(p.unassigned)} without anyone to assign: the security team picks them up)` : "";
  if (fellBack.total === 0) return `This will create ${plural(p.matching, "review task")} for ${plural(p.assignees, "owner")}${unassigned}.`;
  const routes = [
    fellBack.toBackupOwner > 0 ? `${String(fellBack.toBackupOwner)} to the backup owner` : null,
    fellBack.toTeamMember > 0 ? `${String(fellBack.toTeamMember)} to a member of the owning team` : null,
  ].filter((x) => x !== null);
  const who = fellBack.people.map((f) => `${f.name} ×${String(f.tasks)}`).join(", ");
  return `This will create ${plural(p.matching, "review task")} for ${plural(p.assignees, "person", "people")}${unassigned}. ${plural(fellBack.total, "task")} fall${fellBack.total === 1 ? "s" : ""} back because the owner has left or is missing: ${routes.join(", ")} (${who}).`;
}

const filterNames = ["teamId", "ownerId", "environment", "kind", "apiId", "sensitivity", "thirdParty"] as const;
type FilterState = Partial<Record<(typeof filterNames)[number], string>>;

const tomorrowPlus = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const sensitivityLabels = { low: "Low", moderate: "Moderate", high: "High", critical: "Critical" } as const;

function toQuery(filter: FilterState): string {
  const search = new URLSearchParams();
  for (const name of filterNames) {
    const v = filter[name];
    if (v) search.set(name, v);
  }
  return search.toString();
}

/**
 * New review campaign (DESIGN §4.3): a name, a due date and the inventory filters. The count of
 * tasks it would create is asked of the server (a dry run) whenever the filter changes.
 */
export function CampaignForm({ teams, people, apis }: { teams: Option[]; people: Option[]; apis: Option[] }) {
  const router = useRouter();
  const [filter, setFilter] = useState<FilterState>({});
  const query = toQuery(filter);
  const preview = useQuery({
    queryKey: queryKeys.campaigns.preview(query),
    queryFn: ({ signal }) => apiCall(routes.previewCampaign, { query: filter, signal }),
    placeholderData: keepPreviousData,
  });
  const form = useApiForm(routes.createCampaign, { invalidates: invalidates.findings, onSuccess: (created) => router.push(`/reviews/campaigns/${created.id}`) });
  const f = form.fields;
  const set = (name: (typeof filterNames)[number]) => (e: { target: { value: string } }) => setFilter((prev) => ({ ...prev, [name]: e.target.value || undefined }));
  const select = (name: (typeof filterNames)[number], label: string, options: readonly { value: string; label: string }[]) => (
    <Field id={`campaign-${name}`} label={label} error={f[`filter.${name}`]}>
      <Select id={`campaign-${name}`} value={filter[name] ?? ""} onChange={set(name)} {...describedBy(`campaign-${name}`, f[`filter.${name}`])}>
        <option value="">Any</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </Field>
  );

  const count = preview.data;
  return (
    <ApiFormFrame
      form={form}
      label="New review campaign"
      className="max-w-3xl space-y-5"
      submitLabel="Create campaign"
      pendingLabel="Creating…"
      onSubmit={(data) => {
        const body: Record<string, unknown> = { name: data.get("name"), dueAt: data.get("dueAt") };
        const chosen: Record<string, unknown> = {};
        for (const name of filterNames) {
          const v = filter[name];
          if (v) chosen[name] = name === "thirdParty" ? v === "true" : v;
        }
        body.filter = chosen;
        form.submit(body);
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="campaign-name" label="Name" error={f.name}>
          <Input id="campaign-name" name="name" required maxLength={200} placeholder="Q3 production access review" {...describedBy("campaign-name", f.name)} />
        </Field>
        <Field id="campaign-due" label="Due date (UTC)" error={f.dueAt} hint="Reviews are due by the end of this day.">
          <Input id="campaign-due" name="dueAt" type="date" required min={tomorrowPlus(0)} defaultValue={tomorrowPlus(30)} {...describedBy("campaign-due", f.dueAt)} />
        </Field>
      </div>
      <fieldset className="rounded-lg border border-slate-200 p-4">
        <legend className="px-1 text-sm font-medium text-slate-700">Which credentials (active ones only)</legend>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {select("teamId", "Owning team", teams.map((t) => ({ value: t.id, label: t.name })))}
          {select("ownerId", "Owner", people.map((p) => ({ value: p.id, label: p.name })))}
          {select("environment", "Environment", environments.map((v) => ({ value: v, label: environmentLabels[v] })))}
          {select("kind", "Kind", credentialKinds.map((v) => ({ value: v, label: kindLabels[v] })))}
          {select("apiId", "Granted API", apis.map((a) => ({ value: a.id, label: a.name })))}
          {select("sensitivity", "Grants an API of sensitivity", sensitivities.map((v) => ({ value: v, label: sensitivityLabels[v] })))}
          {select("thirdParty", "Third-party use", [
            { value: "true", label: "Used by a third-party application" },
            { value: "false", label: "Not used by third parties" },
          ])}
        </div>
      </fieldset>
      <p role="status" aria-live="polite" className="rounded-md border border-brand-100 bg-brand-50 px-3 py-2 text-sm text-brand-700" data-testid="campaign-preview">
        {preview.isError
          ? "Could not count the matching credentials."
          : count
            ? describePreview(count)
            : "Counting matching credentials…"}
      </p>
    </ApiFormFrame>
  );
}
