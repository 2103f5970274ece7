"use client";

import { useRouter } from "next/navigation";
import { ApiFormFrame } from "@/components/api-form";
import { text } from "@/components/form-data";
import { ChoiceSelect, describedBy, Field, Input, Select } from "@/components/ui/form";
import type { FieldErrors } from "@/lib/errors";
import { useApiForm } from "@/components/use-api-form";
import { invalidates } from "@/components/query-keys";
import { routes } from "@/lib/api/routes";

type Option = { id: string; name: string };
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Accept a risk (DESIGN §5.3): one rule on one credential (prefilled from a finding), or one rule for
 * a team and/or environment; justification, compensating control, approver, expiry ≤ 365 days.
 */
export function ExceptionForm({ rules, people, teams, credential, ruleId }: { rules: Option[]; people: Option[]; teams: Option[]; credential: Option | null; ruleId: string | null }) {
  const router = useRouter();
  const form = useApiForm(routes.createException, { invalidates: invalidates.findings, onSuccess: () => router.push("/exceptions") });
  const f = form.fields;
  return (
    <ApiFormFrame
      form={form}
      label="New exception"
      className="max-w-3xl space-y-5"
      submitLabel="Accept the risk"
      onSubmit={(d) => {
        const filter = { teamId: text(d, "teamId") || undefined, environment: text(d, "environment") || undefined };
        form.submit({ ruleId: text(d, "ruleId"), ...(credential ? { credentialId: credential.id } : { filter }), ...exceptionTerms(d) });
      }}
    >
      <Field id="ex-rule" label="Rule" error={f.ruleId}>
        <ChoiceSelect id="ex-rule" name="ruleId" defaultValue={ruleId ?? ""} choices={rules} empty="Choose a rule" {...describedBy("ex-rule", f.ruleId)} />
      </Field>
      {credential ? (
        <p className="text-sm text-slate-700">
          For the credential <strong>{credential.name}</strong> only.
        </p>
      ) : (
        <fieldset className="grid gap-4 rounded-lg border border-slate-200 p-4 sm:grid-cols-2">
          <legend className="px-1 text-sm font-medium text-slate-700">Every credential of (rule-wide exception)</legend>
          <Field id="ex-team" label="Owning team" error={f["filter.teamId"] ?? f.credentialId}>
            <ChoiceSelect id="ex-team" name="teamId" defaultValue="" choices={teams} empty="Any team" {...describedBy("ex-team", f["filter.teamId"] ?? f.credentialId)} />
          </Field>
          <Field id="ex-env" label="Environment" error={f["filter.environment"]}>
            <Select id="ex-env" name="environment" defaultValue="" {...describedBy("ex-env", f["filter.environment"])}>
              <option value="">Any environment</option>
              {["production", "staging", "development", "test"].map((e) => (
                <option key={e} value={e}>
                  {e}
                </option>
              ))}
            </Select>
          </Field>
        </fieldset>
      )}
      <ExceptionTermsFields idPrefix="ex" people={people} fields={f} />
    </ApiFormFrame>
  );
}

/** The terms as ExceptionTermsFields' controls hold them, for the request body. */
export const exceptionTerms = (d: FormData) => ({
  justification: text(d, "justification"),
  compensatingControl: text(d, "compensatingControl"),
  approverPersonId: text(d, "approverPersonId"),
  expiresAt: text(d, "expiresAt"),
});

/**
 * What every exception states (justification, compensating control, approver, expiry): the new-exception
 * form's fields and the findings list's bulk "Accept the risk" dialog's.
 */
export function ExceptionTermsFields({ idPrefix, people, fields: f }: { idPrefix: string; people: Option[]; fields: FieldErrors }) {
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <>
      <Field id={id("justification")} label="Justification" error={f.justification}>
        <Input id={id("justification")} name="justification" maxLength={2000} {...describedBy(id("justification"), f.justification)} />
      </Field>
      <Field id={id("compensating")} label="Compensating control" error={f.compensatingControl}>
        <Input id={id("compensating")} name="compensatingControl" maxLength={2000} {...describedBy(id("compensating"), f.compensatingControl)} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id={id("approver")} label="Approver (accountable for the risk)" error={f.approverPersonId}>
          <ChoiceSelect id={id("approver")} name="approverPersonId" defaultValue="" choices={people} empty="Choose a person" {...describedBy(id("approver"), f.approverPersonId)} />
        </Field>
        <Field id={id("expires")} label="Expires (UTC, at most 365 days)" error={f.expiresAt} hint="The exception ends at the end of this day; its findings then reopen.">
          <Input id={id("expires")} name="expiresAt" type="date" min={inDays(1)} max={inDays(365)} defaultValue={inDays(90)} {...describedBy(id("expires"), f.expiresAt)} />
        </Field>
      </div>
    </>
  );
}
