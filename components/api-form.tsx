"use client";

import type { ReactNode } from "react";
import { FormMessage } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ButtonProps } from "@/components/ui/button";
import { takeSecretValue } from "@/components/inventory/secret-value-input";

type Submit = (data: FormData, pasted: string | undefined) => void;

/**
 * The <form> element of every API-backed form: the browser neither validates (the server's schema
 * answers per field) nor submits natively; the submitted values are handed on as FormData. With
 * `secretField`, that pasted value leaves its control before anything else reads the form: it is
 * handed on apart (`pasted`), sent once and never kept, and is not in the FormData.
 */
export function ApiForm({ label, className, secretField, onSubmit, children }: { label?: string | undefined; className?: string | undefined; secretField?: string | undefined; onSubmit: Submit; children: ReactNode }) {
  return (
    <form
      noValidate
      aria-label={label}
      className={className}
      onSubmit={(e) => {
        e.preventDefault();
        const pasted = secretField === undefined ? undefined : takeSecretValue(e.currentTarget, secretField);
        onSubmit(new FormData(e.currentTarget), pasted);
      }}
    >
      {children}
    </form>
  );
}

/** The frame every stacked API-backed form shares: the error banner, "Saved.", the fields, the submit button. */
export function ApiFormFrame({
  form,
  label,
  secretField,
  onSubmit,
  submitLabel,
  pendingLabel = "Saving…",
  submitVariant,
  submitSize,
  showSaved = false,
  className = "max-w-xl space-y-4",
  children,
}: {
  form: { formError: string | null; isSuccess: boolean; isPending: boolean };
  label?: string;
  secretField?: string;
  onSubmit: Submit;
  submitLabel: ReactNode;
  pendingLabel?: string;
  submitVariant?: ButtonProps["variant"];
  submitSize?: ButtonProps["size"];
  showSaved?: boolean;
  className?: string;
  children: ReactNode;
}) {
  return (
    <ApiForm label={label} className={className} secretField={secretField} onSubmit={onSubmit}>
      {form.formError ? <FormMessage>{form.formError}</FormMessage> : null}
      {form.isSuccess && showSaved ? <FormMessage kind="success">Saved.</FormMessage> : null}
      {children}
      <SubmitButton pending={form.isPending} pendingLabel={pendingLabel} variant={submitVariant} size={submitSize}>
        {submitLabel}
      </SubmitButton>
    </ApiForm>
  );
}
