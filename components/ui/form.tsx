import type { ComponentProps, ReactNode } from "react";
import { cn } from "@/lib/cn";

const control =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-xs placeholder:text-slate-400 focus:border-brand-500 aria-[invalid=true]:border-red-500";

export function Input({ className, ...props }: ComponentProps<"input">) {
  return <input className={cn(control, "h-9", className)} {...props} />;
}

export function Select({ className, ...props }: ComponentProps<"select">) {
  return <select className={cn(control, "h-9 pr-8", className)} {...props} />;
}

/** A select of records by name (people, teams), after a first empty choice ("Any", "Choose a person"). */
export function ChoiceSelect({ choices, empty, ...props }: ComponentProps<"select"> & { choices: readonly { id: string; name: string }[]; empty: string }) {
  return (
    <Select {...props}>
      <option value="">{empty}</option>
      {choices.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}
        </option>
      ))}
    </Select>
  );
}

/** A labelled control with its error message wired through aria-describedby. */
export function Field({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: string[] | undefined;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint && !error ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error && error.length > 0 ? (
        <p id={`${id}-error`} className="text-sm text-red-700" data-testid={`error-${id}`}>
          {error.join("; ")}
        </p>
      ) : null}
    </div>
  );
}

/** Props that connect a control to its Field's error. */
export function describedBy(id: string, error: string[] | undefined) {
  return error && error.length > 0 ? { "aria-invalid": true, "aria-describedby": `${id}-error` } : {};
}

export function FormMessage({ kind = "error", children }: { kind?: "error" | "success" | "info"; children: ReactNode }) {
  const styles = {
    error: "border-red-200 bg-red-50 text-red-800",
    success: "border-emerald-200 bg-emerald-50 text-emerald-800",
    info: "border-brand-100 bg-brand-50 text-brand-700",
  } as const;
  return (
    <div role="status" data-testid={`form-${kind}`} tabIndex={kind === "error" ? -1 : undefined} className={cn("rounded-md border px-3 py-2 text-sm", styles[kind])}>
      {children}
    </div>
  );
}
