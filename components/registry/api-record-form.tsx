"use client";

import { useState } from "react";
import { ApiFormFrame } from "@/components/api-form";
import { Field, Input, Select } from "@/components/ui/form";
import { useRecordForm } from "@/components/use-api-form";
import { invalidates } from "@/components/query-keys";
import { routes } from "@/lib/api/routes";
import { sensitivities, type scopePrivileges } from "@/lib/domain/vocabulary/inventory";
import { aria, optionalKey, text } from "@/components/form-data";
import { sensitivityLabels } from "./labels";
import { newScopeRow, ScopesEditor, type ScopeRow } from "./scopes-editor";
import { TeamSelect, type TeamOption } from "./team-select";
import { TrustZoneInput } from "./trust-zone-input";

export type ApiRecord = {
  id: string;
  key: string;
  name: string;
  audience: string;
  trustZone: string;
  sensitivity: (typeof sensitivities)[number];
  owningTeamId: string | null;
  scopes: { name: string; description: string | null; privilege: (typeof scopePrivileges)[number] }[];
};

/** Create or edit an API (resource server) and its scopes; a PATCH sends the full scope set. */
export function ApiRecordForm({
  api,
  teams,
  myTeamIds,
  trustZones,
  defaultTeamId,
  requireTeam = false,
}: {
  api?: ApiRecord;
  teams: TeamOption[];
  myTeamIds: string[];
  trustZones: string[];
  defaultTeamId?: string;
  /** Members may only pick one of their teams (DESIGN §2): "no team" is not offered to them. */
  requireTeam?: boolean;
}) {
  const [scopes, setScopes] = useState<ScopeRow[]>(() =>
    (api?.scopes ?? []).map((s) => newScopeRow({ name: s.name, description: s.description ?? "", privilege: s.privilege })),
  );
  const form = useRecordForm({ create: routes.createApi, update: routes.updateApi, pagePath: "/apis", id: api?.id, invalidates: api ? invalidates.api(api.id) : invalidates.nothing, openAfterEdit: true });
  const f = form.fields;
  return (
    <ApiFormFrame
      form={form}
      showSaved={Boolean(api)}
      submitLabel={api ? "Save changes" : "Create API"}
      className="max-w-3xl space-y-5"
      onSubmit={(data) =>
        form.submit({
          key: optionalKey(data),
          name: text(data, "name"),
          audience: text(data, "audience"),
          trustZone: text(data, "trustZone"),
          sensitivity: text(data, "sensitivity"),
          owningTeamId: text(data, "owningTeamId"),
          // Every row is sent (even a blank one) so the server's `scopes.<i>` errors land on the row shown.
          scopes: scopes.map((s) => ({ name: s.name, description: s.description, privilege: s.privilege })),
        })
      }
    >
      <div className="grid gap-5 sm:grid-cols-2">
        <Field id="name" label="Name" error={f.name}>
          <Input id="name" name="name" defaultValue={api?.name} required {...aria("name", f.name)} />
        </Field>
        <Field
          id="key"
          label="Key (optional)"
          error={f.key}
          hint={api ? "The natural key inventory files use to refer to this API." : "Defaults to a slug of the name, e.g. “documents-api”."}
        >
          <Input id="key" name="key" defaultValue={api?.key} autoComplete="off" {...aria("key", f.key, true)} />
        </Field>
      </div>
      <Field id="audience" label="Audience" error={f.audience} hint="The audience (aud) tokens for this API carry, e.g. https://api.example.com/documents. Unique.">
        <Input id="audience" name="audience" defaultValue={api?.audience} required className="font-mono" {...aria("audience", f.audience, true)} />
      </Field>
      <div className="grid gap-5 sm:grid-cols-3">
        <Field id="trustZone" label="Trust zone" error={f.trustZone} hint="e.g. internal, partner, internet">
          <TrustZoneInput id="trustZone" defaultValue={api?.trustZone} suggestions={trustZones} required {...aria("trustZone", f.trustZone, true)} />
        </Field>
        <Field id="sensitivity" label="Sensitivity" error={f.sensitivity} hint="High and critical APIs get the strictest production policy.">
          <Select id="sensitivity" name="sensitivity" defaultValue={api?.sensitivity ?? "moderate"} {...aria("sensitivity", f.sensitivity, true)}>
            {sensitivities.map((s) => (
              <option key={s} value={s}>
                {sensitivityLabels[s]}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="owningTeamId" label="Owning team" error={f.owningTeamId}>
          <TeamSelect
            id="owningTeamId"
            name="owningTeamId"
            teams={teams}
            myTeamIds={myTeamIds}
            {...(requireTeam ? { noneLabel: null } : {})}
            defaultValue={api ? (api.owningTeamId ?? "") : (defaultTeamId ?? "")}
            {...aria("owningTeamId", f.owningTeamId)}
          />
        </Field>
      </div>
      <ScopesEditor rows={scopes} onChange={setScopes} fields={f} />
    </ApiFormFrame>
  );
}
