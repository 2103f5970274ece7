"use client";

import { ApiFormFrame } from "@/components/api-form";
import { describedBy, Field, Input } from "@/components/ui/form";
import { useRecordForm } from "@/components/use-api-form";

export function PersonForm({ person }: { person?: { id: string; name: string; email: string; isActive: boolean } }) {
  const form = useRecordForm({ apiPath: "/api/v1/people", pagePath: "/people", id: person?.id });
  return (
    <ApiFormFrame
      form={form}
      showSaved={Boolean(person)}
      submitLabel={person ? "Save changes" : "Add person"}
      onSubmit={(data) => form.submit({ name: data.get("name"), email: data.get("email"), isActive: data.get("isActive") === "on" })}
    >
      <Field id="name" label="Name" error={form.fields.name}>
        <Input id="name" name="name" defaultValue={person?.name} required {...describedBy("name", form.fields.name)} />
      </Field>
      <Field id="email" label="Email" error={form.fields.email}>
        <Input id="email" name="email" type="email" defaultValue={person?.email} required {...describedBy("email", form.fields.email)} />
      </Field>
      <div className="flex items-start gap-2">
        <input id="isActive" type="checkbox" className="mt-1 h-4 w-4" name="isActive" defaultChecked={person?.isActive ?? true} />
        <label htmlFor="isActive" className="text-sm text-slate-700">
          Active <span className="block text-slate-500">Clear this when the person leaves the organisation: their credentials will need new owners.</span>
        </label>
      </div>
    </ApiFormFrame>
  );
}
