"use client";

import { ApiFormFrame } from "@/components/api-form";
import { Field, Input, Select } from "@/components/ui/form";
import { useRecordForm } from "@/components/use-api-form";
import { invalidates } from "@/components/query-keys";
import { routes } from "@/lib/api/routes";
import { applicationStatuses, environments } from "@/lib/domain/vocabulary/inventory";
import { aria, checked, optionalKey, text } from "@/components/form-data";
import { applicationStatusLabels, environmentLabels } from "./labels";
import { TeamSelect, type TeamOption } from "./team-select";
import { TrustZoneInput } from "./trust-zone-input";

export type ApplicationRecord = {
  id: string;
  key: string;
  name: string;
  owningTeamId: string | null;
  environment: string;
  trustZone: string;
  thirdParty: boolean;
  autonomous: boolean;
  status: string;
};

export function ApplicationForm({
  application,
  teams,
  myTeamIds,
  trustZones,
  defaultTeamId,
  requireTeam = false,
}: {
  application?: ApplicationRecord;
  teams: TeamOption[];
  myTeamIds: string[];
  trustZones: string[];
  defaultTeamId?: string;
  /** Members may only pick one of their teams (DESIGN §2): "no team" is not offered to them. */
  requireTeam?: boolean;
}) {
  const form = useRecordForm({ create: routes.createApplication, update: routes.updateApplication, pagePath: "/applications", id: application?.id, invalidates: invalidates.credentials, openAfterEdit: true });
  const f = form.fields;
  return (
    <ApiFormFrame
      form={form}
      showSaved={Boolean(application)}
      submitLabel={application ? "Save changes" : "Create application"}
      className="max-w-2xl space-y-5"
      onSubmit={(data) =>
        form.submit({
          key: optionalKey(data),
          name: text(data, "name"),
          owningTeamId: text(data, "owningTeamId"),
          environment: text(data, "environment"),
          trustZone: text(data, "trustZone"),
          thirdParty: checked(data, "thirdParty"),
          autonomous: checked(data, "autonomous"),
          status: text(data, "status"),
        })
      }
    >
      <div className="grid gap-5 sm:grid-cols-2">
        <Field id="name" label="Name" error={f.name}>
          <Input id="name" name="name" defaultValue={application?.name} required {...aria("name", f.name)} />
        </Field>
        <Field
          id="key"
          label="Key (optional)"
          error={f.key}
          hint={application ? "The natural key inventory files use to refer to this application." : "Defaults to a slug of the name, e.g. “crm-signing”."}
        >
          <Input id="key" name="key" defaultValue={application?.key} autoComplete="off" {...aria("key", f.key, true)} />
        </Field>
      </div>
      <Field id="owningTeamId" label="Owning team" error={f.owningTeamId}>
        <TeamSelect
          id="owningTeamId"
          name="owningTeamId"
          teams={teams}
          myTeamIds={myTeamIds}
          {...(requireTeam ? { noneLabel: null } : {})}
          defaultValue={application ? (application.owningTeamId ?? "") : (defaultTeamId ?? "")}
          {...aria("owningTeamId", f.owningTeamId)}
        />
      </Field>
      <div className="grid gap-5 sm:grid-cols-3">
        <Field id="environment" label="Environment" error={f.environment}>
          <Select id="environment" name="environment" defaultValue={application?.environment ?? "production"} {...aria("environment", f.environment)}>
            {environments.map((e) => (
              <option key={e} value={e}>
                {environmentLabels[e]}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="trustZone" label="Trust zone" error={f.trustZone} hint="e.g. internal, partner, internet">
          <TrustZoneInput id="trustZone" defaultValue={application?.trustZone} suggestions={trustZones} required {...aria("trustZone", f.trustZone, true)} />
        </Field>
        <Field id="status" label="Status" error={f.status}>
          <Select id="status" name="status" defaultValue={application?.status ?? "active"} {...aria("status", f.status)}>
            {applicationStatuses.map((s) => (
              <option key={s} value={s}>
                {applicationStatusLabels[s]}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <div className="flex items-start gap-2">
        <input id="thirdParty" name="thirdParty" type="checkbox" className="mt-1 h-4 w-4" defaultChecked={application?.thirdParty ?? false} />
        <label htmlFor="thirdParty" className="text-sm text-slate-700">
          Third party
          <span className="block text-slate-500">Operated by a vendor or a SaaS integration. Third-party credentials can be governed by their own policy.</span>
        </label>
      </div>
      <div className="flex items-start gap-2">
        <input id="autonomous" name="autonomous" type="checkbox" className="mt-1 h-4 w-4" defaultChecked={application?.autonomous ?? false} />
        <label htmlFor="autonomous" className="text-sm text-slate-700">
          Autonomous
          <span className="block text-slate-500">Acts without a user in the loop (background jobs, agents, pipelines).</span>
        </label>
      </div>
    </ApiFormFrame>
  );
}
