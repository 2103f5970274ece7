"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/form";

/**
 * A set of string values as checkboxes: the well-known ones plus any other value the record (or a
 * discovery document) carries, and a box to add a value Steward does not know (servers advertise
 * extensions such as device_code or CIBA).
 */
export function ValueChecklist({
  id,
  legend,
  hint,
  known,
  value,
  onChange,
  error,
  disabled = false,
}: {
  id: string;
  legend: string;
  hint?: string;
  known: readonly string[];
  value: string[];
  onChange: (next: string[]) => void;
  error?: string[] | undefined;
  disabled?: boolean;
}) {
  const [extra, setExtra] = useState("");
  const inputId = useId();
  const options = [...known, ...value.filter((v) => !known.includes(v))];
  const chosen = new Set(value);
  const toggle = (v: string) => onChange(chosen.has(v) ? value.filter((x) => x !== v) : [...value, v]);
  const add = () => {
    const v = extra.trim();
    if (v && !chosen.has(v)) onChange([...value, v]);
    setExtra("");
  };
  const hasError = Boolean(error && error.length > 0);
  return (
    <fieldset className="space-y-2" aria-describedby={hasError ? `${id}-error` : hint ? `${id}-hint` : undefined} disabled={disabled}>
      <legend className="text-sm font-medium text-slate-700">{legend}</legend>
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      <div className="grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-2">
        {options.map((v, i) => (
          <div key={v} className="flex items-start gap-2">
            <input id={`${id}-${i}`} type="checkbox" className="mt-0.5 h-4 w-4 shrink-0" checked={chosen.has(v)} onChange={() => toggle(v)} />
            <label htmlFor={`${id}-${i}`} className="font-mono text-xs break-all text-slate-800">
              {v}
            </label>
          </div>
        ))}
      </div>
      {!disabled ? (
        <div className="flex max-w-md items-end gap-2">
          <div className="flex-1">
            <label htmlFor={inputId} className="sr-only">
              Add another value to {legend.toLowerCase()}
            </label>
            <Input
              id={inputId}
              value={extra}
              placeholder="Add another value"
              onChange={(e) => setExtra(e.target.value)}
              onKeyDown={(e) => {
                // Enter adds the value instead of submitting the whole form.
                if (e.key === "Enter") {
                  e.preventDefault();
                  add();
                }
              }}
            />
          </div>
          <Button variant="secondary" size="sm" onClick={add} disabled={extra.trim() === ""} className="h-9">
            Add
          </Button>
        </div>
      ) : null}
      {hasError ? (
        <p id={`${id}-error`} className="text-sm text-red-700" data-testid={`error-${id}`}>
          {error?.join("; ")}
        </p>
      ) : null}
    </fieldset>
  );
}
