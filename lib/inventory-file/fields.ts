import { z } from "zod";
import { httpUrl, instantField } from "@/lib/validation/inventory";
import { emailField, keyField } from "@/lib/validation/common";

/** Field rules of the inventory file (DESIGN §8.2): each says, in the file's words, what a value must be. */

export const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `must be one of ${values.join(", ")}` });

/** Blank text means "not set" (null) in a file; absent means "leave as it is". */
export const blankIsNull = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? null : v), schema.nullable()).optional();

export const text = (max: number) =>
  blankIsNull(
    z
      .string({ error: "must be text" })
      .trim()
      .max(max, `must be at most ${max} characters`)
      .transform((v) => (v === "" ? null : v)),
  );
export const requiredText = (max: number) => z.string({ error: "must be text" }).trim().min(1, "must not be blank").max(max, `must be at most ${max} characters`);
export const url = blankIsNull(httpUrl);
export const iso = instantField.transform((d) => d.toISOString());
export const instant = blankIsNull(iso);
export const keyRef = blankIsNull(keyField);
export const personRef = blankIsNull(emailField);
export const bool = z.boolean({ error: "must be true or false" });
export const ttl = blankIsNull(z.number({ error: "must be a number of seconds" }).int("must be a whole number").min(1, "must be positive").max(315_360_000, "is too long"));
export const uniqueList = <T extends z.ZodType<string>>(item: T, max: number, what: string) =>
  z
    .array(item, { error: "must be a list" })
    .max(max, `must list at most ${max}`)
    .refine((items) => new Set(items).size === items.length, `must not repeat a ${what}`);

export const FINGERPRINT_PATTERN = /^[0-9a-f]{64}$/;
