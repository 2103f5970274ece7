import { z } from "zod";
import { idField } from "./common";

/** Access decisions per API (DESIGN §4.5). */
const justificationField = z.string().trim().min(1, "is required: say why").max(2000, "must be at most 2000 characters");

export const grantParams = z.object({ id: idField, grantId: idField });

export const grantRequestInput = z.object({
  apiId: idField,
  scopeIds: z.array(idField).max(200, "at most 200 scopes").default([]),
  justification: justificationField.optional(),
});
export type GrantRequestInput = z.output<typeof grantRequestInput>;

/** Approve, reject or revoke: the reason is optional on approval, recorded when given. */
export const grantDecisionInput = z.object({ justification: justificationField.optional() });
export type GrantDecisionInput = z.output<typeof grantDecisionInput>;

export const grantReviewInput = z
  .object({
    decision: z.enum(["keep", "reduce", "revoke"]),
    /** reduce: the scopes to keep (a strict subset of those granted). */
    scopeIds: z.array(idField).max(200).optional(),
    justification: justificationField,
  })
  .refine((v) => v.decision !== "reduce" || v.scopeIds !== undefined, { path: ["scopeIds"], message: "name the scopes to keep" });
export type GrantReviewInput = z.output<typeof grantReviewInput>;

export const grantStatusDto = z.object({ id: z.uuid(), status: z.enum(["requested", "approved", "rejected", "revoked", "expired"]) });
