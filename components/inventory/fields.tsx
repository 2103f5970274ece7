"use client";

import type { ComponentProps, ReactNode } from "react";
import { describedBy, Field, Select } from "@/components/ui/form";
import { cn } from "@/lib/cn";
import type { Option, PersonOption } from "./types";

const textareaClass =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-xs placeholder:text-slate-400 focus:border-brand-500 aria-[invalid=true]:border-red-500";

export function Textarea({ className, ...props }: ComponentProps<"textarea">) {
  return <textarea className={cn(textareaClass, className)} {...props} />;
}

/** A titled group of form fields. */
export function Section({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <fieldset className="min-w-0 space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-xs">
      <legend className="px-1 text-base font-semibold text-slate-900">{title}</legend>
      {description ? <p className="-mt-2 text-sm text-slate-600">{description}</p> : null}
      {children}
    </fieldset>
  );
}

export function Grid({ children }: { children: ReactNode }) {
  return <div className="grid grid-cols-1 gap-4 md:grid-cols-2">{children}</div>;
}

export function OptionSelect({
  id,
  label,
  options,
  defaultValue,
  error,
  hint,
  noneLabel = "— Not set —",
  onChange,
}: {
  id: string;
  label: string;
  options: readonly (Option | PersonOption)[];
  defaultValue: string | null | undefined;
  error?: string[] | undefined;
  hint?: string;
  noneLabel?: string;
  onChange?: (value: string) => void;
}) {
  return (
    <Field id={id} label={label} error={error} {...(hint ? { hint } : {})}>
      <Select id={id} name={id} defaultValue={defaultValue ?? ""} onChange={onChange ? (e) => onChange(e.target.value) : undefined} {...describedBy(id, error)}>
        <option value="">{noneLabel}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
            {"isActive" in o && !o.isActive ? " (left the organisation)" : ""}
            {o.hint ? ` — ${o.hint}` : ""}
          </option>
        ))}
      </Select>
    </Field>
  );
}

export function EnumSelect<T extends string>({
  id,
  name = id,
  label,
  values,
  labels,
  defaultValue,
  error,
  hint,
  noneLabel,
}: {
  id: string;
  /** The form field name, when it differs from the element id. */
  name?: string;
  label: string;
  values: readonly T[];
  labels: Record<T, string>;
  defaultValue: string | null | undefined;
  error?: string[] | undefined;
  hint?: string;
  /** Offer "not set" (sent as null) when the field is optional. */
  noneLabel?: string;
}) {
  return (
    <Field id={id} label={label} error={error} {...(hint ? { hint } : {})}>
      <Select id={id} name={name} defaultValue={defaultValue ?? ""} {...describedBy(id, error)}>
        {noneLabel !== undefined ? <option value="">{noneLabel}</option> : null}
        {values.map((v) => (
          <option key={v} value={v}>
            {labels[v]}
          </option>
        ))}
      </Select>
    </Field>
  );
}

/** The error line of a group of controls (checkbox lists) that has no single labelled control. */
export function GroupError({ id, error }: { id: string; error: string[] | undefined }) {
  if (!error || error.length === 0) return null;
  return (
    <p id={`${id}-error`} className="text-sm text-red-700" data-testid={`error-${id}`}>
      {error.join("; ")}
    </p>
  );
}
