import { z } from "zod";
import { controlFromRef } from "@/lib/domain/catalog/mapping";
import { BACKUP_MUST_DIFFER, isBackupSameAsOwner } from "@/lib/domain/owners";
import { ruleIds } from "@/lib/domain/posture/types";
import { credentialFactProblems, secretDateProblems, type FactProblems } from "@/lib/domain/record-facts";
import { asOfField, idField, keyField, listQuery, nameField } from "./common";
import {
  environments,
  sensitivities,
  scopePrivileges,
  applicationStatuses,
  credentialKinds,
  credentialStatuses,
  grantTypes,
  clientAuthMethods,
  tokenCaches,
  triStates,
  secretKinds,
  secretStorages,
  secretStatuses,
  dueBuckets,
  credentialSorts,
  accountabilityStates,
  yesNo,
  reviewedStates,
  controlMatches,
  MAX_CONTROL_FILTERS,
} from "@/lib/domain/vocabulary/inventory";

/** Enumerations of DESIGN §3 and the list's filter values: zod-free in lib/domain/vocabulary (client components import them from there); re-exported for server code. */
export { environments, sensitivities, scopePrivileges, applicationStatuses, credentialKinds, credentialStatuses, grantTypes, clientAuthMethods, tokenCaches, triStates, secretKinds, secretStorages, secretStatuses, dueBuckets, credentialSorts, accountabilityStates, yesNo, reviewedStates, controlMatches, MAX_CONTROL_FILTERS };
export type { ControlMatch } from "@/lib/domain/vocabulary/inventory";

const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `must be one of ${values.join(", ")}` });

type WithoutDefault<T> = T extends z.ZodDefault<infer Inner> ? Inner : T;
type PatchShape<S extends z.ZodRawShape> = { [K in keyof S]: z.ZodOptional<WithoutDefault<S[K]>> };

/**
 * The PATCH twin of a create schema: every field optional and no defaults. `.partial()` alone keeps
 * the defaults, so an omitted field would be reset (status back to "active", grants and scopes
 * emptied) instead of left as it is.
 */
function patchOf<S extends z.ZodRawShape>(schema: z.ZodObject<S>): z.ZodObject<PatchShape<S>> {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => [key, z.optional(field instanceof z.ZodDefault ? field.unwrap() : field)]),
  );
  return z.object(shape) as unknown as z.ZodObject<PatchShape<S>>;
}

export const environmentField = oneOf(environments);
export const sensitivityField = oneOf(sensitivities);

/** Optional free text: blank means "not set". */
export const optionalText = (max = 2000) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional();

export const httpUrl = z
  .string({ error: "is required" })
  .trim()
  .max(2000, "must be at most 2000 characters")
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "https:" || u.protocol === "http:") && u.hostname !== "";
    } catch {
      return false;
    }
  }, "must be an http(s) URL");

export const optionalUrl = z.union([z.literal("").transform(() => null), httpUrl]).nullable().optional();

/** ISO-8601 instant (with offset) or a date; blank → null. */
export const instantField = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: "must be an ISO-8601 date or date-time" })
  .transform((v) => new Date(v.length === 10 ? `${v}T00:00:00Z` : v));
export const optionalInstant = z.union([z.literal("").transform(() => null), instantField]).nullable().optional();

/** Reports impossible facts (lib/domain/record-facts) as issues on the fields they name. */
export function addFactIssues(ctx: z.RefinementCtx, problems: FactProblems, path: readonly string[] = []) {
  for (const [field, message] of Object.entries(problems)) ctx.addIssue({ code: "custom", path: [...path, field], message });
}

/**
 * A field only the server writes (e.g. `lastReviewedAt`, set by recording a review): sending it is
 * a 422 naming it, not a silent no-op that looks like success.
 */
const serverOwned = (message: string) => z.undefined({ error: message }).optional().describe(`Server-owned: ${message}; sending it is refused.`);

const optionalId = z.union([z.literal("").transform(() => null), idField]).nullable().optional();
const ttlField = z.number({ error: "must be a number of seconds" }).int("must be a whole number").min(1, "must be positive").max(31_536_000 * 10, "is too long");
const idList = (max: number) =>
  z
    .array(idField)
    .max(max, `must list at most ${max}`)
    .refine((ids) => new Set(ids).size === ids.length, "must not repeat an id");

// --- Authorization servers ---------------------------------------------------------------
export const authorizationServerInput = z.object({
  key: keyField.optional(),
  name: nameField,
  issuerUrl: httpUrl,
  tokenEndpoint: optionalUrl,
  jwksUri: optionalUrl,
  discoveryUrl: optionalUrl,
  trustDomain: optionalText(200),
  vendor: optionalText(200),
  supportedAuthMethods: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
  supportedGrantTypes: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
});
export const updateAuthorizationServerInput = patchOf(authorizationServerInput);
export const discoverInput = z.object({ issuerUrl: httpUrl });

// --- APIs and scopes -----------------------------------------------------------------------
export const scopeInput = z.object({
  name: z.string({ error: "is required" }).trim().min(1, "is required").max(200),
  description: optionalText(1000),
  privilege: oneOf(scopePrivileges),
});
const scopeList = z
  .array(scopeInput)
  .max(500, "must list at most 500 scopes")
  .refine((s) => new Set(s.map((x) => x.name)).size === s.length, "must not repeat a scope name");

export const apiInput = z.object({
  key: keyField.optional(),
  name: nameField,
  audience: z.string({ error: "is required" }).trim().min(1, "is required").max(500),
  trustZone: z.string({ error: "is required" }).trim().min(1, "is required").max(100),
  sensitivity: sensitivityField,
  owningTeamId: optionalId,
  scopes: scopeList.default([]),
});
export const updateApiInput = patchOf(apiInput);

// --- Applications --------------------------------------------------------------------------
export const applicationInput = z.object({
  key: keyField.optional(),
  name: nameField,
  owningTeamId: optionalId,
  environment: environmentField,
  trustZone: z.string({ error: "is required" }).trim().min(1, "is required").max(100),
  thirdParty: z.boolean().default(false),
  autonomous: z.boolean().default(false),
  status: oneOf(applicationStatuses).default("active"),
});
export const updateApplicationInput = patchOf(applicationInput);

// --- Credentials ---------------------------------------------------------------------------
export const grantInput = z.object({
  apiId: idField,
  scopeIds: idList(200),
  justification: optionalText(2000),
});

const credentialFields = {
  key: keyField.optional(),
  kind: oneOf(credentialKinds).default("oauth_client"),
  name: nameField,
  description: optionalText(4000),
  environment: environmentField,
  status: oneOf(credentialStatuses).default("active"),
  clientId: optionalText(500),
  authorizationServerId: optionalId,
  tokenEndpoint: optionalUrl,
  grantTypes: z
    .array(oneOf(grantTypes))
    .max(grantTypes.length)
    .refine((g) => new Set(g).size === g.length, "must not repeat a grant type")
    .default([]),
  clientAuthMethod: oneOf(clientAuthMethods).nullable().optional(),
  accessTokenTtlSeconds: ttlField.nullable().optional(),
  refreshTokenTtlSeconds: ttlField.nullable().optional(),
  applicationIds: idList(100).default([]),
  ownerId: optionalId,
  backupOwnerId: optionalId,
  owningTeamId: optionalId,
  identityGovernanceTeamId: optionalId,
  platformTeamId: optionalId,
  rotationOwnerId: optionalId,
  revocationOwnerId: optionalId,
  breakGlassProcedure: optionalText(4000),
  sdkName: optionalText(200),
  sdkVersion: optionalText(100),
  sdkOwnerId: optionalId,
  tokenCache: oneOf(tokenCaches).default("unknown"),
  tokenPersistence: optionalText(1000),
  logsRedactTokens: oneOf(triStates).default("unknown"),
  reviewCadenceDays: z.number().int("must be a whole number").min(1, "must be at least 1 day").max(3650).nullable().optional(),
  lastReviewedAt: serverOwned("is set only by recording a review (Lifecycle → Review)"),
  rotationPolicyId: optionalId,
  grants: z
    .array(grantInput)
    .max(100)
    .refine((g) => new Set(g.map((x) => x.apiId)).size === g.length, "must not grant the same API twice")
    .default([]),
};
/** One person as owner and backup owner (DESIGN §3.3); a PATCH giving one side only is checked by the service against the stored other. */
const refuseOwnerAsBackup = (v: { ownerId?: string | null | undefined; backupOwnerId?: string | null | undefined }, ctx: z.RefinementCtx) => {
  if (isBackupSameAsOwner(v.ownerId, v.backupOwnerId)) ctx.addIssue({ code: "custom", path: ["backupOwnerId"], message: BACKUP_MUST_DIFFER });
};
const credentialObject = z.object(credentialFields);
export const credentialInput = credentialObject.superRefine((c, ctx) => {
  refuseOwnerAsBackup(c, ctx);
  addFactIssues(ctx, credentialFactProblems(c, new Date()));
});
/** Without the impossible-facts checks: the service runs them on the record as it will be after the PATCH. */
export const updateCredentialInput = patchOf(credentialObject).superRefine(refuseOwnerAsBackup);
export type CredentialInput = z.output<typeof credentialInput>;
export type UpdateCredentialInput = z.output<typeof updateCredentialInput>;

// --- Secrets (metadata only) ----------------------------------------------------------------
/**
 * `fingerprintOf` carries a pasted secret value for one moment: the server turns it into an
 * HMAC and drops it. It is never stored, logged or echoed (DESIGN §1).
 */
export const secretInput = z.object({
  kind: oneOf(secretKinds),
  storage: oneOf(secretStorages),
  storageRef: optionalText(1000),
  issuedAt: instantField,
  expiresAt: optionalInstant,
  lastRotatedAt: optionalInstant,
  status: oneOf(secretStatuses).default("active"),
  fingerprintOf: z.string().min(1).max(65_536).optional(),
  leakedAt: optionalInstant,
  leakSource: optionalText(1000),
  remediatedAt: optionalInstant,
}).superRefine((s, ctx) => addFactIssues(ctx, secretDateProblems(s, new Date())));
/** Without the cross-field checks: the service runs them on the secret as it will be after the PATCH. */
export const updateSecretInput = patchOf(secretInput).extend({ clearFingerprint: z.boolean().optional() });
export const leakLookupInput = z.object({ value: z.string({ error: "is required" }).min(1, "is required").max(65_536) });

// --- Rotation policies ---------------------------------------------------------------------
export const policyInput = z.object({
  key: keyField.optional(),
  name: nameField,
  priority: z.number().int().min(-1000).max(1000).default(0),
  matchEnvironments: z.array(environmentField).min(1, "leave empty for any").nullable().default(null),
  matchSensitivities: z.array(sensitivityField).min(1, "leave empty for any").nullable().default(null),
  matchKind: oneOf(credentialKinds).nullable().default(null),
  matchThirdParty: z.boolean().nullable().default(null),
  maxSecretAgeDays: z.number().int().min(1).max(3650),
  reviewCadenceDays: z.number().int().min(1).max(3650),
  maxAccessTokenTtlSeconds: z.number().int().min(1).max(31_536_000),
  approvalsRequired: z.union([z.literal(1), z.literal(2)], { error: "must be 1 or 2" }),
  securityApprovalRequired: z.boolean().default(false),
  reminderOffsetsDays: z
    .array(z.number().int().min(1).max(365))
    .min(1)
    .max(10)
    .default([30, 7, 1]),
});
export const updatePolicyInput = patchOf(policyInput);

// --- Lists -----------------------------------------------------------------------------------
export const registryFilters = listQuery.extend({ teamId: idField.optional() });



/**
 * One or more controls (issue 15, "several controls at once"): repeated `control=` parameters or a
 * comma-separated list (a control reference never holds a comma), each "framework/oscalId". A single
 * `control=` keeps meaning what it did. Unknown controls are refused naming `control`.
 */
export const controlRefList = z
  .union([z.string(), z.array(z.string())], { error: "must name controls as framework/id" })
  .transform((v) => [...new Set((Array.isArray(v) ? v : [v]).flatMap((s) => s.split(",")).map((s) => s.trim()).filter((s) => s !== ""))])
  .superRefine((list, ctx) => {
    const unknown = list.filter((ref) => ref.length > 120 || controlFromRef(ref) === undefined);
    if (unknown.length > 0) ctx.addIssue({ code: "custom", message: `unknown control ${unknown.join(", ")}: name controls of the catalog as framework/id, e.g. owasp-nhi-2025/nhi1-2025` });
    if (list.length > MAX_CONTROL_FILTERS) ctx.addIssue({ code: "custom", message: `at most ${String(MAX_CONTROL_FILTERS)} controls at once` });
  });

/** How several controls combine: all (fails every one; the default) or any (fails at least one). */
export const controlMatchField = z.enum(controlMatches, { error: "must be one of: all, any" });

const isoInstant = z.iso.datetime({ offset: true });

/**
 * The credential list's keyset cursor: base64url of JSON `[sort value, id]`, where the value is an
 * ISO instant (due-date sorts; null for rows without one, which sort last) or a name. Decoded
 * without Buffer so this module stays client-safe. Undefined when it is not a cursor at all.
 */
export function decodeCredentialCursor(cursor: string): { value: string | null; id: string } | undefined {
  try {
    const bytes = Uint8Array.from(atob(cursor.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
    const parsed: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
    const [value, id] = parsed as unknown[];
    if ((typeof value === "string" || value === null) && typeof id === "string" && idField.safeParse(id).success) return { value, id };
  } catch {
    // not a cursor
  }
  return undefined;
}

/** Whether a decoded cursor can continue a list in this sort order (a name cannot be compared with a date). */
export function cursorFitsSort(cursor: { value: string | null; id: string }, sort: (typeof credentialSorts)[number]): boolean {
  if (sort === "name") return cursor.value !== null;
  return cursor.value === null || isoInstant.safeParse(cursor.value).success;
}

export const credentialFilters = z.object({
  q: z.string().trim().max(200).optional(),
  teamId: idField.optional(),
  ownerId: idField.optional(),
  environment: environmentField.optional(),
  status: oneOf(credentialStatuses).optional(),
  kind: oneOf(credentialKinds).optional(),
  apiId: idField.optional(),
  trustZone: z.string().trim().max(100).optional(),
  /** Registered at this authorization server. */
  serverId: idField.optional(),
  /** Used by this application. */
  applicationId: idField.optional(),
  /** Built on this SDK (its name, exactly). */
  sdk: z.string().trim().max(200).optional(),
  /** Caches its tokens this way. */
  tokenCache: oneOf(tokenCaches).optional(),
  due: oneOf(dueBuckets).optional(),
  reviewDue: oneOf(dueBuckets).optional(),
  /** Rotation due between now and this many days from now (the dashboard's "due within 30 days"). */
  dueWithin: z.coerce.number({ error: "must be a whole number of days" }).int("must be a whole number of days").min(1, "must be at least 1").max(365, "must be at most 365").optional(),
  /** An open finding of this rule. */
  rule: oneOf(ruleIds).optional(),
  /** Open findings of rules mapped to these controls: on every one (controlMatch=all, the default) or on any. */
  control: controlRefList.optional(),
  controlMatch: controlMatchField.optional(),
  /** complete: owner, backup owner and owning team set, both people active; incomplete: anything else. */
  accountability: oneOf(accountabilityStates).optional(),
  /** Used by at least one third-party application (true), or by none (false). */
  thirdParty: oneOf(yesNo).optional(),
  /** never: no review recorded; ever: reviewed at least once. */
  reviewed: oneOf(reviewedStates).optional(),
  sort: oneOf(credentialSorts).default("rotation_due"),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Read the inventory as it was at this past instant (DESIGN §8.6). */
  asOf: asOfField,
}).superRefine((f, ctx) => {
  // A malformed or foreign cursor is the client's error (422 naming `cursor`), not a silent first page.
  if (f.cursor === undefined) return;
  const cursor = decodeCredentialCursor(f.cursor);
  if (!cursor || !cursorFitsSort(cursor, f.sort)) {
    ctx.addIssue({ code: "custom", path: ["cursor"], message: "is not a valid cursor for this list; start again from the first page" });
  }
});
export type CredentialFilters = z.output<typeof credentialFilters>;
