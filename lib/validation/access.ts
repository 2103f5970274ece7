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

const grantStatus = z.enum(["requested", "approved", "rejected", "revoked", "expired"]);
const instant = z.coerce.date();

export const grantDecisionRowDto = z.object({
  id: z.uuid(),
  credentialId: z.uuid(),
  credentialName: z.string(),
  apiId: z.uuid(),
  apiName: z.string(),
  apiTeamId: z.uuid().nullable(),
  apiTeamName: z.string().nullable(),
  sensitivity: z.enum(["low", "moderate", "high", "critical"]),
  status: grantStatus,
  justification: z.string().nullable(),
  requestedById: z.uuid().nullable(),
  requestedByName: z.string().nullable(),
  decidedById: z.uuid().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: instant.nullable(),
  reviewDueAt: instant.nullable(),
  createdAt: instant,
  scopes: z.array(z.object({ id: z.uuid(), name: z.string() })),
  actions: z.object({ decide: z.boolean(), review: z.boolean(), revoke: z.boolean() }),
});

export const grantHistoryDto = z.object({
  id: z.uuid(),
  grantId: z.uuid().nullable(),
  apiId: z.uuid(),
  apiName: z.string(),
  action: z.enum(["requested", "approved", "rejected", "revoked", "expired", "kept", "reduced", "removed"]),
  actorId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  at: instant,
  justification: z.string().nullable(),
  scopesBefore: z.array(z.string()),
  scopesAfter: z.array(z.string()),
});

export const credentialAccessDto = z.object({ grants: z.array(grantDecisionRowDto), history: z.array(grantHistoryDto) });
export type CredentialAccessDto = z.output<typeof credentialAccessDto>;
