"use client";

import { useState } from "react";
import { ApiFormFrame } from "@/components/api-form";
import { describedBy, Field, Input } from "@/components/ui/form";
import { useRecordForm } from "@/components/use-api-form";
import { invalidates } from "@/components/query-keys";
import { routes } from "@/lib/api/routes";
import type { DepartureAccess } from "@/lib/validation/queue";

/** What marking the person as left takes away: the credentials they hold and their access (db/queries/queue). */
export type DepartureImpact = { credentials: number; access: DepartureAccess };

function departureLines({ credentials, access }: DepartureImpact): string[] {
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  return [
    access.user?.isActive ? `Their Steward user (${access.user.role}) is deactivated at once: signed-in sessions stop working.` : null,
    access.activeApiTokens > 0 ? `${n(access.activeApiTokens, "active API token stops", "active API tokens stop")} working.` : null,
    access.pendingApprovals > 0 ? `${n(access.pendingApprovals, "approval", "approvals")} of pending rotation requests no longer count.` : null,
    access.liveExceptions > 0 ? `${n(access.liveExceptions, "exception they approved is", "exceptions they approved are")} revoked: the findings reopen until someone re-approves.` : null,
    credentials > 0 ? `${n(credentials, "credential they hold needs", "credentials they hold need")} a new owner (an orphaned finding opens).` : null,
    access.openReviewTasks > 0 ? `${n(access.openReviewTasks, "open review task is", "open review tasks are")} assigned to them.` : null,
  ].filter((line): line is string => line !== null);
}

export function PersonForm({ person, departure }: { person?: { id: string; name: string; email: string; isActive: boolean }; departure?: DepartureImpact }) {
  const form = useRecordForm({ create: routes.createPerson, update: routes.updatePerson, pagePath: "/people", id: person?.id, invalidates: invalidates.people, openAfterEdit: true });
  // Leaving is not undone by ticking the box again (sessions, tokens and exceptions are gone), so it is confirmed first.
  const [confirming, setConfirming] = useState(false);
  const lines = departure ? departureLines(departure) : [];
  return (
    <ApiFormFrame
      form={form}
      showSaved={Boolean(person)}
      submitLabel={confirming ? "Confirm: mark as left" : person ? "Save changes" : "Add person"}
      onSubmit={(data) => {
        const isActive = data.get("isActive") === "on";
        if (person?.isActive && !isActive && !confirming) {
          setConfirming(true);
          return;
        }
        form.submit({ name: data.get("name"), email: data.get("email"), isActive });
      }}
    >
      <Field id="name" label="Name" error={form.fields.name}>
        <Input id="name" name="name" defaultValue={person?.name} required {...describedBy("name", form.fields.name)} />
      </Field>
      <Field id="email" label="Email" error={form.fields.email}>
        <Input id="email" name="email" type="email" defaultValue={person?.email} required {...describedBy("email", form.fields.email)} />
      </Field>
      <div className="flex items-start gap-2">
        <input id="isActive" type="checkbox" className="mt-1 h-4 w-4" name="isActive" defaultChecked={person?.isActive ?? true} onChange={(e) => (e.currentTarget.checked ? setConfirming(false) : undefined)} />
        <label htmlFor="isActive" className="text-sm text-slate-700">
          Active <span className="block text-slate-500">Clear this when the person leaves the organisation: their Steward access ends and their credentials will need new owners.</span>
        </label>
      </div>
      {confirming ? (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="departure-warning">
          <p className="font-medium">Marking {person?.name ?? "this person"} as left takes effect at once:</p>
          {lines.length > 0 ? (
            <ul className="mt-1 list-disc space-y-0.5 pl-5">
              {lines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          ) : (
            <p className="mt-1">They hold no credentials and no Steward access.</p>
          )}
          <p className="mt-1">Press “Confirm: mark as left” to go ahead, or tick Active again to keep them.</p>
        </div>
      ) : null}
    </ApiFormFrame>
  );
}
