"use client";

import { useState } from "react";
import { ApiFormFrame } from "@/components/api-form";
import { Field, Input, Select } from "@/components/ui/form";
import { useRecordForm } from "@/components/use-api-form";
import { invalidates } from "@/components/query-keys";
import { routes } from "@/lib/api/routes";
import type { FieldErrors } from "@/lib/errors";
import { credentialKinds, environments, sensitivities } from "@/lib/domain/vocabulary/inventory";
import { aria, checked, errorsUnder, optionalKey, text, wholeNumber } from "@/components/form-data";
import { credentialKindLabels, environmentLabels, sensitivityLabels } from "./labels";

export type PolicyRecord = {
  id: string;
  key: string;
  name: string;
  priority: number;
  matchEnvironments: string[] | null;
  matchSensitivities: string[] | null;
  matchKind: string | null;
  matchThirdParty: boolean | null;
  maxSecretAgeDays: number;
  reviewCadenceDays: number;
  maxAccessTokenTtlSeconds: number;
  approvalsRequired: number;
  securityApprovalRequired: boolean;
  reminderOffsetsDays: number[];
};

/** A checkbox group whose empty selection means "any" (sent as null). */
function AnyOf<T extends string>({
  id,
  legend,
  options,
  labels,
  defaultValue,
  error,
}: {
  id: string;
  legend: string;
  options: readonly T[];
  labels: Record<T, string>;
  defaultValue: string[] | null;
  error: string[] | undefined;
}) {
  const chosen = new Set(defaultValue ?? []);
  return (
    <fieldset className="space-y-1.5" aria-describedby={error ? `${id}-error` : `${id}-hint`}>
      <legend className="text-sm font-medium text-slate-700">{legend}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {options.map((o) => (
          <div key={o} className="flex items-center gap-1.5">
            <input id={`${id}-${o}`} name={id} value={o} type="checkbox" className="h-4 w-4" defaultChecked={chosen.has(o)} />
            <label htmlFor={`${id}-${o}`} className="text-sm text-slate-700">
              {labels[o]}
            </label>
          </div>
        ))}
      </div>
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700" data-testid={`error-${id}`}>
          {error.join("; ")}
        </p>
      ) : (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          Tick none for any.
        </p>
      )}
    </fieldset>
  );
}

/** "30, 7, 1" → [30, 7, 1]; reports malformed input on the field. */
function offsets(raw: string, errors: FieldErrors): number[] | undefined {
  const parts = raw
    .split(/[\s,;]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) {
    errors.reminderOffsetsDays = ["list at least one number of days, e.g. 30, 7, 1"];
    return undefined;
  }
  if (parts.some((p) => !/^\d+$/.test(p))) {
    errors.reminderOffsetsDays = ["must be whole numbers of days separated by commas, e.g. 30, 7, 1"];
    return undefined;
  }
  return [...new Set(parts.map(Number))].sort((a, b) => b - a);
}

export function PolicyForm({ policy }: { policy?: PolicyRecord }) {
  const [local, setLocal] = useState<FieldErrors>({});
  const form = useRecordForm({ create: routes.createPolicy, update: routes.updatePolicy, pagePath: "/policies", id: policy?.id, invalidates: invalidates.credentials, openAfterEdit: true });
  const f: FieldErrors = { ...form.fields, ...local };
  const thirdParty = policy?.matchThirdParty === true ? "true" : policy?.matchThirdParty === false ? "false" : "";
  return (
    <ApiFormFrame
      form={form}
      showSaved={Boolean(policy)}
      submitLabel={policy ? "Save and recompute due dates" : "Create policy"}
      pendingLabel="Saving and recomputing…"
      className="max-w-2xl space-y-5"
      onSubmit={(data) => {
        const errors: FieldErrors = {};
        const listOrAny = (name: string) => {
          const values = data.getAll(name).filter((v): v is string => typeof v === "string");
          return values.length > 0 ? values : null;
        };
        const tp = text(data, "matchThirdParty");
        const body = {
          key: optionalKey(data),
          name: text(data, "name"),
          priority: wholeNumber(data, "priority", errors),
          matchEnvironments: listOrAny("matchEnvironments"),
          matchSensitivities: listOrAny("matchSensitivities"),
          matchKind: text(data, "matchKind") || null,
          matchThirdParty: tp === "" ? null : tp === "true",
          maxSecretAgeDays: wholeNumber(data, "maxSecretAgeDays", errors),
          reviewCadenceDays: wholeNumber(data, "reviewCadenceDays", errors),
          maxAccessTokenTtlSeconds: wholeNumber(data, "maxAccessTokenTtlSeconds", errors),
          approvalsRequired: text(data, "approvalsRequired") === "2" ? (2 as const) : (1 as const),
          securityApprovalRequired: checked(data, "securityApprovalRequired"),
          reminderOffsetsDays: offsets(text(data, "reminderOffsetsDays"), errors),
        };
        setLocal(errors);
        if (Object.keys(errors).length > 0) {
          form.reset();
          return;
        }
        form.submit(body);
      }}
    >
      <div className="grid gap-5 sm:grid-cols-2">
        <Field id="name" label="Name" error={f.name}>
          <Input id="name" name="name" defaultValue={policy?.name} required {...aria("name", f.name)} />
        </Field>
        <Field
          id="key"
          label="Key (optional)"
          error={f.key}
          hint={policy ? "The natural key inventory files use to refer to this policy." : "Defaults to a slug of the name."}
        >
          <Input id="key" name="key" defaultValue={policy?.key} autoComplete="off" {...aria("key", f.key, true)} />
        </Field>
      </div>

      <fieldset className="space-y-4 rounded-md border border-slate-200 p-4">
        <legend className="px-1 text-sm font-semibold text-slate-800">Applies to</legend>
        <p className="text-xs text-slate-500">
          A credential gets the most specific policy that matches it; equally specific policies are ordered by priority.
        </p>
        <AnyOf id="matchEnvironments" legend="Environments" options={environments} labels={environmentLabels} defaultValue={policy?.matchEnvironments ?? null} error={errorsUnder(f, "matchEnvironments")} />
        <AnyOf
          id="matchSensitivities"
          legend="API sensitivity (the highest among the credential's grants)"
          options={sensitivities}
          labels={sensitivityLabels}
          defaultValue={policy?.matchSensitivities ?? null}
          error={errorsUnder(f, "matchSensitivities")}
        />
        <div className="grid gap-4 sm:grid-cols-3">
          <Field id="matchKind" label="Credential kind" error={f.matchKind}>
            <Select id="matchKind" name="matchKind" defaultValue={policy?.matchKind ?? ""} {...aria("matchKind", f.matchKind)}>
              <option value="">Any kind</option>
              {credentialKinds.map((k) => (
                <option key={k} value={k}>
                  {credentialKindLabels[k]}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="matchThirdParty" label="Third party" error={f.matchThirdParty}>
            <Select id="matchThirdParty" name="matchThirdParty" defaultValue={thirdParty} {...aria("matchThirdParty", f.matchThirdParty)}>
              <option value="">Any</option>
              <option value="true">Third-party only</option>
              <option value="false">First-party only</option>
            </Select>
          </Field>
          <Field id="priority" label="Priority" error={f.priority} hint="Higher wins a tie; then name order.">
            <Input id="priority" name="priority" type="number" step={1} min={-1000} max={1000} defaultValue={policy?.priority ?? 0} {...aria("priority", f.priority, true)} />
          </Field>
        </div>
      </fieldset>

      <fieldset className="space-y-4 rounded-md border border-slate-200 p-4">
        <legend className="px-1 text-sm font-semibold text-slate-800">Rules</legend>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field id="maxSecretAgeDays" label="Max secret age (days)" error={f.maxSecretAgeDays}>
            <Input id="maxSecretAgeDays" name="maxSecretAgeDays" type="number" step={1} min={1} max={3650} defaultValue={policy?.maxSecretAgeDays ?? 180} required {...aria("maxSecretAgeDays", f.maxSecretAgeDays)} />
          </Field>
          <Field id="reviewCadenceDays" label="Review cadence (days)" error={f.reviewCadenceDays}>
            <Input id="reviewCadenceDays" name="reviewCadenceDays" type="number" step={1} min={1} max={3650} defaultValue={policy?.reviewCadenceDays ?? 180} required {...aria("reviewCadenceDays", f.reviewCadenceDays)} />
          </Field>
          <Field id="maxAccessTokenTtlSeconds" label="Max access-token TTL (s)" error={f.maxAccessTokenTtlSeconds}>
            <Input
              id="maxAccessTokenTtlSeconds"
              name="maxAccessTokenTtlSeconds"
              type="number"
              step={1}
              min={1}
              defaultValue={policy?.maxAccessTokenTtlSeconds ?? 3600}
              required
              {...aria("maxAccessTokenTtlSeconds", f.maxAccessTokenTtlSeconds)}
            />
          </Field>
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="approvalsRequired" label="Approvals required for a rotation" error={f.approvalsRequired}>
            <Select id="approvalsRequired" name="approvalsRequired" defaultValue={String(policy?.approvalsRequired ?? 1)} {...aria("approvalsRequired", f.approvalsRequired)}>
              <option value="1">1 approval</option>
              <option value="2">2 approvals</option>
            </Select>
          </Field>
          <Field id="reminderOffsetsDays" label="Reminders (days before due)" error={errorsUnder(f, "reminderOffsetsDays")} hint="Comma-separated; the largest is the “due soon” window.">
            <Input
              id="reminderOffsetsDays"
              name="reminderOffsetsDays"
              defaultValue={(policy?.reminderOffsetsDays ?? [30, 7, 1]).join(", ")}
              inputMode="numeric"
              {...aria("reminderOffsetsDays", errorsUnder(f, "reminderOffsetsDays"), true)}
            />
          </Field>
        </div>
        <div className="flex items-start gap-2">
          <input id="securityApprovalRequired" name="securityApprovalRequired" type="checkbox" className="mt-1 h-4 w-4" defaultChecked={policy?.securityApprovalRequired ?? false} />
          <label htmlFor="securityApprovalRequired" className="text-sm text-slate-700">
            Security approval required
            <span className="block text-slate-500">One of the approvals must come from the security team.</span>
          </label>
        </div>
      </fieldset>
    </ApiFormFrame>
  );
}
