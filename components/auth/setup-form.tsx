"use client";

import { useActionState, useRef, useState } from "react";
import { DemoLoadProgress } from "./demo-load-progress";
import { Button } from "@/components/ui/button";
import { describedBy, Field, FormMessage, Input } from "@/components/ui/form";
import { useFocusFirstError } from "@/components/use-focus-first-error";
import type { ActionState } from "@/lib/server/action";

export function SetupForm({ action }: { action: (state: ActionState, data: FormData) => Promise<ActionState> }) {
  const [state, formAction, isPending] = useActionState(action, null);
  const [demo, setDemo] = useState(false);
  const ref = useRef<HTMLFormElement>(null);
  useFocusFirstError(ref, state?.error ? state : null);
  // React resets a form after its action: what was typed (never the password) comes back as the defaults.
  const [typed, setTyped] = useState({ name: "", email: "" });
  const submit = (data: FormData) => {
    const text = (key: string) => {
      const v = data.get(key);
      return typeof v === "string" ? v : "";
    };
    setTyped({ name: text("name"), email: text("email") });
    formAction(data);
  };
  const f = state?.fields;
  return (
    <form ref={ref} action={submit} className="space-y-4" noValidate>
      {state?.error ? <FormMessage>{state.error}</FormMessage> : null}
      <Field id="name" label="Your name" error={f?.name}>
        <Input id="name" name="name" autoComplete="name" required autoFocus defaultValue={typed.name} {...describedBy("name", f?.name)} />
      </Field>
      <Field id="email" label="Email" error={f?.email}>
        <Input id="email" name="email" type="email" autoComplete="username" required defaultValue={typed.email} {...describedBy("email", f?.email)} />
      </Field>
      <Field id="password" label="Password" error={f?.password} hint="At least 12 characters. A passphrase works well.">
        <Input id="password" name="password" type="password" autoComplete="new-password" required minLength={12} {...describedBy("password", f?.password)} />
      </Field>
      <div className="flex items-start gap-2">
        <input id="demo" name="demo" type="checkbox" className="mt-1 h-4 w-4" aria-describedby="demo-hint" checked={demo} onChange={(e) => setDemo(e.target.checked)} />
        <div>
          <label htmlFor="demo" className="text-sm font-medium text-slate-700">
            Load demo data (a fictional organisation with 300+ credentials)
          </label>
          <p id="demo-hint" className="text-xs text-slate-500">
            Northwind Mutual: teams, people, APIs and credentials with a realistic mix of healthy and flawed records. Leave it off for a real deployment.
          </p>
        </div>
      </div>
      <Button type="submit" className="w-full" disabled={isPending}>
        {isPending ? (demo ? "Creating and loading demo data…" : "Creating…") : "Create admin and sign in"}
      </Button>
      {isPending && demo ? <DemoLoadProgress /> : null}
    </form>
  );
}
