import { z } from "zod";
import { tokenExpiryProblem, tokenScopes } from "@/lib/domain/api-tokens";
import { instantCursorField, idField, nameField } from "./common";
import { instantField, secretStorages } from "./inventory";

const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `must be one of ${values.join(", ")}` });
const iso = z.iso.datetime({ offset: true });

/** A new API token for oneself (DESIGN §8.1): expiry required, at most 365 days. */
export const createApiTokenInput = z.object({
  name: nameField,
  expiresAt: instantField.superRefine((at, ctx) => {
    const problem = tokenExpiryProblem(at, new Date());
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
  readOnly: z.boolean({ error: "must be true or false" }).default(false),
  /** "api" (default) uses the REST API; "ingest" only posts usage events (DESIGN §8.7; security and admins create these). */
  scope: oneOf(tokenScopes).default("api"),
  /** Where the holder will keep it: the inventory record's storage, so Steward's storage rule applies to its own tokens. */
  storage: oneOf(secretStorages).default("unknown"),
});
export type CreateApiTokenInput = z.output<typeof createApiTokenInput>;

/** "disabled": unexpired and unrevoked, but its user, inventory record or secret is not active (see tokenState). */
export const tokenStates = ["active", "disabled", "expired", "revoked"] as const;

export const apiTokenDto = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The recognisable part of the token (`stw_<public id>`), never the secret. */
  prefix: z.string(),
  readOnly: z.boolean(),
  scope: oneOf(tokenScopes),
  state: oneOf(tokenStates),
  expiresAt: iso,
  lastUsedAt: iso.nullable(),
  revokedAt: iso.nullable(),
  createdAt: iso,
  credentialId: z.uuid().nullable(),
  user: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
});
export type ApiTokenDto = z.output<typeof apiTokenDto>;

export const createdApiTokenDto = z.object({
  token: apiTokenDto,
  /** The whole token, shown this once: Steward keeps only its hash. */
  secret: z.string(),
});

export const apiTokenPageDto = z.object({ items: z.array(apiTokenDto), nextCursor: z.string().nullable() });

export const apiTokenFilters = z.object({
  userId: idField.optional(),
  state: oneOf(tokenStates).optional(),
  cursor: instantCursorField.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ApiTokenFilters = z.output<typeof apiTokenFilters>;
