"use client";

import { useId, useState } from "react";
import { Input } from "@/components/ui/form";
import { cn } from "@/lib/cn";

const masked =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm shadow-xs placeholder:text-slate-400 focus:border-brand-500 [-webkit-text-security:disc] aria-[invalid=true]:border-red-500";

/**
 * A field for pasting a secret value that is fingerprinted on the server and dropped. It is never
 * echoed: a password input (single-line values), or a masked textarea for PEM keys and certificates,
 * whose line breaks a password input would strip (and so change the fingerprint).
 * Uncontrolled on purpose: the value is read from the form and the field is cleared at once.
 */
export function SecretValueInput({ id, name, label, hint, error }: { id: string; name: string; label: string; hint: string; error?: string[] | undefined }) {
  const [multiline, setMultiline] = useState(false);
  const toggleId = useId();
  const describedBy = [`${id}-hint`, error?.length ? `${id}-error` : null].filter(Boolean).join(" ");
  const common = {
    id,
    name,
    autoComplete: "off",
    spellCheck: false,
    autoCapitalize: "off",
    autoCorrect: "off",
    "data-1p-ignore": true,
    "data-lpignore": "true",
    "aria-describedby": describedBy,
    ...(error?.length ? { "aria-invalid": true } : {}),
  } as const;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {multiline ? <textarea {...common} rows={5} className={cn(masked)} /> : <Input {...common} type="password" className="font-mono" />}
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
        <label htmlFor={toggleId} className="flex items-center gap-1.5 text-xs text-slate-600">
          <input id={toggleId} type="checkbox" checked={multiline} onChange={(e) => setMultiline(e.target.checked)} />
          Multi-line value (PEM key, certificate)
        </label>
      </div>
      {error?.length ? (
        <p id={`${id}-error`} className="text-sm text-red-700" data-testid={`error-${id}`}>
          {error.join("; ")}
        </p>
      ) : null}
    </div>
  );
}

/** Reads the pasted value out of its form and empties the field at once, so it does not linger in the page. */
export function takeSecretValue(form: HTMLFormElement, name: string): string | undefined {
  const field = form.elements.namedItem(name);
  if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement)) return undefined;
  const value = field.value;
  field.value = "";
  return value === "" ? undefined : value;
}
