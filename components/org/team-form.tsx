"use client";

import { useState } from "react";
import { ApiFormFrame } from "@/components/api-form";
import { describedBy, Field, Input, Select } from "@/components/ui/form";
import { useRecordForm } from "@/components/use-api-form";
import { invalidates } from "@/components/query-keys";
import { routes } from "@/lib/api/routes";
import { teamKinds } from "@/lib/domain/vocabulary/org";
import { teamKindLabels as kindLabels } from "./labels";
import { MemberPicker, type PickedPerson } from "./member-picker";


export function TeamForm({ team }: { team?: { id: string; name: string; kind: (typeof teamKinds)[number]; members: PickedPerson[] } }) {
  const [members, setMembers] = useState<PickedPerson[]>(team?.members ?? []);
  const form = useRecordForm({ create: routes.createTeam, update: routes.updateTeam, pagePath: "/teams", id: team?.id, invalidates: invalidates.people, openAfterEdit: true });
  return (
    <ApiFormFrame
      form={form}
      showSaved={Boolean(team)}
      submitLabel={team ? "Save changes" : "Create team"}
      onSubmit={(data) => form.submit({ name: data.get("name"), kind: data.get("kind"), memberIds: members.map((m) => m.id) })}
    >
      <Field id="name" label="Team name" error={form.fields.name}>
        <Input id="name" name="name" defaultValue={team?.name} required {...describedBy("name", form.fields.name)} />
      </Field>
      <Field id="kind" label="Kind" error={form.fields.kind}>
        <Select id="kind" name="kind" defaultValue={team?.kind ?? "application"} {...describedBy("kind", form.fields.kind)}>
          {teamKinds.map((k) => (
            <option key={k} value={k}>
              {kindLabels[k]}
            </option>
          ))}
        </Select>
      </Field>
      <MemberPicker value={members} onChange={setMembers} error={form.fields.memberIds} />
    </ApiFormFrame>
  );
}

