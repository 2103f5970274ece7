import type { FieldErrors } from "@/lib/errors";

/** Reading uncontrolled forms into JSON bodies for /api/v1. */

export const text = (data: FormData, name: string): string => {
  const v = data.get(name);
  return typeof v === "string" ? v : "";
};

/** A natural key: blank means "let the server derive it from the name" (create) or "keep it" (edit). */
export const optionalKey = (data: FormData, name = "key"): string | undefined => {
  const v = text(data, name).trim();
  return v === "" ? undefined : v;
};

export const checked = (data: FormData, name: string): boolean => data.get(name) === "on";

/**
 * A whole number typed in a form. Blank or malformed values are reported here, in the field's
 * own words, rather than as the schema's "expected number, received null".
 */
export function wholeNumber(data: FormData, name: string, errors: FieldErrors): number | undefined {
  const raw = text(data, name).trim();
  if (raw === "") {
    errors[name] = ["is required"];
    return undefined;
  }
  if (!/^-?\d+$/.test(raw)) {
    errors[name] = ["must be a whole number"];
    return undefined;
  }
  return Number(raw);
}

/** Every message at `prefix` or below it (e.g. `scopes`, `scopes.2.name`), for a group of controls. */
export function errorsUnder(fields: FieldErrors, prefix: string): string[] | undefined {
  const out = Object.entries(fields)
    .filter(([k]) => k === prefix || k.startsWith(`${prefix}.`))
    .flatMap(([, messages]) => messages);
  return out.length > 0 ? out : undefined;
}

/** aria wiring for a Field's control: its error when there is one, else its hint. */
export function aria(id: string, error: string[] | undefined, hasHint = false) {
  if (error && error.length > 0) return { "aria-invalid": true, "aria-describedby": `${id}-error` } as const;
  return hasHint ? ({ "aria-describedby": `${id}-hint` } as const) : {};
}

/** An optional free-text field: trimmed, and null when blank. */
export const trimmedOrNull = (data: FormData, name: string): string | null => {
  const v = text(data, name).trim();
  return v === "" ? null : v;
};
