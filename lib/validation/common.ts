import { z } from "zod";
import { KEY_PATTERN } from "@/lib/domain/keys";

export const emailField = z
  .string({ error: "is required" })
  .trim()
  .toLowerCase()
  .max(254, "must be at most 254 characters")
  .pipe(z.email({ error: "must be a valid email address" }));

export const nameField = z
  .string({ error: "is required" })
  .trim()
  .min(1, "is required")
  .max(200, "must be at most 200 characters");

export const passwordField = z
  .string({ error: "is required" })
  .min(12, "must be at least 12 characters")
  .max(256, "must be at most 256 characters");

export const keyField = z
  .string({ error: "is required" })
  .trim()
  .toLowerCase()
  .regex(KEY_PATTERN, "must be 1-100 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit");

export const idField = z.uuid({ error: "must be a valid id" });

export const idParams = z.object({ id: idField });

/** NUL, or half of a surrogate pair without its other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why PostgreSQL cannot store `text` (text columns refuse NUL, jsonb refuses lone surrogates), or null. */
export function unstorableTextProblem(text: string): string | null {
  if (text.includes("\u0000")) return "must not contain NUL characters";
  if (LONE_SURROGATE.test(text)) return "must be valid Unicode text";
  return null;
}

export const INVALID_CURSOR = "is not a valid cursor; start again from the first page";

/**
 * Keyset cursor over (name, id): opaque to clients, so anything but what `encodeCursor` made is
 * refused here (422 on `cursor`) — it never reaches SQL, where a bad uuid or a NUL was a 500.
 */
export const cursorField = z
  .string()
  .max(512)
  .transform((value, ctx) => {
    try {
      const parsed: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
      if (
        Array.isArray(parsed) &&
        parsed.length === 2 &&
        typeof parsed[0] === "string" &&
        typeof parsed[1] === "string" &&
        unstorableTextProblem(parsed[0]) === null &&
        z.uuid().safeParse(parsed[1]).success
      ) {
        return { name: parsed[0], id: parsed[1] };
      }
    } catch {
      // fall through
    }
    ctx.addIssue({ code: "custom", message: INVALID_CURSOR });
    return z.NEVER;
  });

/** A cursor whose "name" is an instant (ISO, or PostgreSQL's timestamptz text): lists newest first. */
export function isInstantText(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)?$/.test(text) && !Number.isNaN(new Date(text.replace(" ", "T")).getTime());
}

export const instantCursorField = cursorField.refine((c) => isInstantText(c.name), INVALID_CURSOR);

/** The same check for lists whose query code decodes the cursor string itself. */
export const instantCursorString = z
  .string()
  .max(512)
  .refine((s) => instantCursorField.safeParse(s).success, INVALID_CURSOR);

export function encodeCursor(row: { name: string; id: string }): string {
  return Buffer.from(JSON.stringify([row.name, row.id]), "utf8").toString("base64url");
}

/** A true/false query-string flag, parsed to a boolean. */
export const booleanParam = z.enum(["true", "false"]).transform((v) => v === "true");

export const listQuery = z.object({
  q: z.string().trim().max(200).optional(),
  cursor: cursorField.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type ListQuery = z.infer<typeof listQuery>;

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const okDto = z.object({ ok: z.literal(true) });

const DAY_MS = 86_400_000;

/**
 * A past instant to read the state at (DESIGN §8.6): an ISO 8601 datetime with a zone, or a day
 * (YYYY-MM-DD), which means the end of that day in UTC, or now when the day is today. Refused when
 * it lies in the future; whether history reaches back that far is checked against the database.
 * An empty value (a cleared form field) means "now".
 */
export const asOfField = z.preprocess(
  (v) => (v === "" ? undefined : v),
  z
    .union([z.iso.date(), z.iso.datetime({ offset: true })], { error: "must be a date (YYYY-MM-DD) or an ISO 8601 date and time with a zone" })
    .transform((text, ctx) => {
      const now = Date.now();
      const day = text.length === 10 ? Date.parse(`${text}T00:00:00.000Z`) : null;
      if ((day ?? Date.parse(text)) > now) {
        ctx.addIssue({ code: "custom", message: "must not be in the future" });
        return z.NEVER;
      }
      return new Date(day === null ? Date.parse(text) : Math.min(day + DAY_MS - 1, now));
    })
    .optional(),
);

/** The query of a single-record read that can look at the past (DESIGN §8.6). */
export const asOfQuery = z.object({ asOf: asOfField });
