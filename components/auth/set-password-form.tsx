"use client";

import { useRouter } from "next/navigation";
import { SubmitButton } from "@/components/ui/submit-button";
import { describedBy, Field, FormMessage, Input } from "@/components/ui/form";
import { useApiForm } from "@/components/use-api-form";
import { invalidates } from "@/components/query-keys";
import { routes } from "@/lib/api/routes";

export function SetPasswordForm({ token }: { token: string }) {
  const router = useRouter();
  const form = useApiForm(routes.setPassword, {
    invalidates: invalidates.nothing,
    onSuccess: () => router.push("/login?reset=1"),
  });
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        form.submit({ token, password: new FormData(e.currentTarget).get("password") });
      }}
    >
      {form.formError ? <FormMessage>{form.fields.token ? "This link is invalid or has expired. Ask an admin for a new one." : form.formError}</FormMessage> : null}
      <Field id="password" label="New password" error={form.fields.password} hint="At least 12 characters.">
        <Input
          id="password"
          type="password"
          autoComplete="new-password"
          name="password"
          required
          autoFocus
          {...describedBy("password", form.fields.password)}
        />
      </Field>
      <SubmitButton className="w-full" pending={form.isPending} pendingLabel="Saving…">Set password</SubmitButton>
    </form>
  );
}
