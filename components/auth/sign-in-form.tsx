"use client";

import { useActionState, useRef } from "react";
import { Button } from "@/components/ui/button";
import { describedBy, Field, FormMessage, Input } from "@/components/ui/form";
import { useFocusFirstError } from "@/components/use-focus-first-error";
import type { ActionState } from "@/lib/server/action";

export function SignInForm({
  action,
  next,
}: {
  action: (state: ActionState, data: FormData) => Promise<ActionState>;
  next: string | undefined;
}) {
  const [state, formAction, isPending] = useActionState(action, null);
  const ref = useRef<HTMLFormElement>(null);
  useFocusFirstError(ref, state?.error ? state : null);
  return (
    <form ref={ref} action={formAction} className="space-y-4" noValidate>
      {state?.error ? <FormMessage>{state.error}</FormMessage> : null}
      <input type="hidden" name="next" value={next ?? "/"} />
      <Field id="email" label="Email" error={state?.fields?.email}>
        <Input id="email" name="email" type="email" autoComplete="username" required autoFocus defaultValue={state?.values?.email} {...describedBy("email", state?.fields?.email)} />
      </Field>
      <Field id="password" label="Password" error={state?.fields?.password}>
        <Input id="password" name="password" type="password" autoComplete="current-password" required {...describedBy("password", state?.fields?.password)} />
      </Field>
      <Button type="submit" className="w-full" disabled={isPending}>
        {isPending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
