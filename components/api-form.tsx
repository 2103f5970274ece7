"use client";

import type { ReactNode } from "react";
import { FormMessage } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";

/** The frame every API-backed form shares: no native submit, the error banner, "Saved.", the submit button. */
export function ApiFormFrame({
  form,
  onSubmit,
  submitLabel,
  pendingLabel = "Saving…",
  showSaved,
  className = "max-w-xl space-y-4",
  children,
}: {
  form: { formError: string | null; isSuccess: boolean; isPending: boolean };
  onSubmit: (data: FormData) => void;
  submitLabel: string;
  pendingLabel?: string;
  showSaved: boolean;
  className?: string;
  children: ReactNode;
}) {
  return (
    <form
      className={className}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(new FormData(e.currentTarget));
      }}
    >
      {form.formError ? <FormMessage>{form.formError}</FormMessage> : null}
      {form.isSuccess && showSaved ? <FormMessage kind="success">Saved.</FormMessage> : null}
      {children}
      <SubmitButton pending={form.isPending} pendingLabel={pendingLabel}>
        {submitLabel}
      </SubmitButton>
    </form>
  );
}
