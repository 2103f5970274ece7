import { z } from "zod";
import { ruleIds } from "@/lib/domain/posture/types";
import { instantCursorField, idField } from "./common";

/** Exceptions — risk acceptance (DESIGN §5.3). Client-safe. */
const environments = ["production", "staging", "development", "test"] as const;
const text = (max: number) => z.string({ error: "is required" }).trim().min(1, "is required").max(max, `must be at most ${max} characters`);
const instant = z
  .string({ error: "is required" })
  .min(1, "is required")
  .transform((v, ctx) => {
    const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T23:59:59.999Z` : v);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: "custom", message: "must be a date" });
      return z.NEVER;
    }
    return d;
  });

/** What every exception states, whatever it covers: why, what compensates, who is accountable, until when. */
const exceptionTerms = z.object({
  justification: text(2000),
  compensatingControl: text(2000),
  approverPersonId: idField,
  /** A day (the exception lasts to its end, UTC) or an instant; at most 365 days away. */
  expiresAt: instant,
});
export type ExceptionTerms = z.output<typeof exceptionTerms>;

export const createExceptionInput = exceptionTerms
  .extend({
    ruleId: z.enum(ruleIds, { error: "must be one of the posture rules" }),
    credentialId: idField.optional(),
    filter: z.object({ teamId: idField.optional(), environment: z.enum(environments, { error: `must be one of: ${environments.join(", ")}` }).optional() }).optional(),
  })
  .superRefine((v, ctx) => {
    const hasFilter = Boolean(v.filter && (v.filter.teamId || v.filter.environment));
    if (!v.credentialId && !hasFilter) ctx.addIssue({ code: "custom", path: ["credentialId"], message: "choose a credential, or a team or environment for a rule-wide exception" });
    if (v.credentialId && hasFilter) ctx.addIssue({ code: "custom", path: ["filter"], message: "give either a credential or a filter, not both" });
  });
export type CreateExceptionInput = z.output<typeof createExceptionInput>;

/** The findings a triage action applies to (issue 16): one page of the list at most, each once. */
export const findingIdList = z
  .array(idField, { error: "choose at least one finding" })
  .min(1, "choose at least one finding")
  .max(200, "choose at most 200 findings at once")
  .refine((ids) => new Set(ids).size === ids.length, "lists a finding twice");

/** Security accepts the risk of each chosen finding: one exception per finding's rule and credential. */
export const bulkExceptionInput = exceptionTerms.extend({ findingIds: findingIdList });
export type BulkExceptionInput = z.output<typeof bulkExceptionInput>;

/** Security hands findings to a person to work on, or (null) takes them back. */
export const assignFindingsInput = z.object({ findingIds: findingIdList, assigneePersonId: idField.nullable() });
export type AssignFindingsInput = z.output<typeof assignFindingsInput>;

export const revokeExceptionInput = z.object({ reason: text(1000) });

export const exceptionStatuses = ["active", "expired", "revoked", "all"] as const;
export const exceptionFilters = z.object({
  status: z.enum(exceptionStatuses, { error: `must be one of: ${exceptionStatuses.join(", ")}` }).default("active"),
  cursor: instantCursorField.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const iso = z.iso.datetime({ offset: true });
export const exceptionDto = z.object({
  id: z.uuid(),
  ruleId: z.string(),
  credentialId: z.uuid().nullable(),
  credentialName: z.string().nullable(),
  filter: z.object({ teamId: z.string().optional(), environment: z.string().optional() }).nullable(),
  justification: z.string(),
  compensatingControl: z.string(),
  approverName: z.string().nullable(),
  expiresAt: iso,
  revokedAt: iso.nullable(),
  revokeReason: z.string().nullable(),
  state: z.enum(["active", "expired", "revoked"]),
  findings: z.number().int(),
  createdAt: iso,
});
export const exceptionPageDto = z.object({ items: z.array(exceptionDto), nextCursor: z.string().nullable() });
