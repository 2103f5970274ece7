import { z } from "zod";
import { credentialFactProblems, secretDateProblems } from "@/lib/domain/record-facts";
import { emailField, keyField, nameField } from "@/lib/validation/common";
import {
  addFactIssues,
  applicationStatuses,
  clientAuthMethods,
  credentialKinds,
  credentialStatuses,
  environments,
  grantTypes,
  httpUrl,
  scopePrivileges,
  secretKinds,
  secretStatuses,
  secretStorages,
  sensitivities,
  tokenCaches,
  triStates,
} from "@/lib/validation/inventory";
import { teamKinds } from "@/lib/validation/org";

import { bool, blankIsNull, FINGERPRINT_PATTERN, instant, iso, keyRef, oneOf, personRef, requiredText, text, ttl, uniqueList, url } from "./fields";

/**
 * Each record as it appears in an inventory file (DESIGN §8.2), as zod schemas, and the parsed
 * records an import works with.
 *
 * Upsert semantics: a property that is absent leaves the stored value alone (`undefined` below);
 * `null` clears it. Lists inside a record (`members`, `scopes`, `applications`, `grants`)
 * replace the stored list when present. `secrets` are matched, not replaced (see `secretMatchKey`).
 */

export const personRecord = z.strictObject({
  email: emailField,
  name: nameField.optional(),
  active: bool.optional(),
});

export const teamRecord = z.strictObject({
  key: keyField,
  name: nameField.optional(),
  kind: oneOf(teamKinds).optional(),
  members: uniqueList(emailField, 10_000, "member").optional(),
});

export const serverRecord = z.strictObject({
  key: keyField,
  name: nameField.optional(),
  issuerUrl: httpUrl.optional(),
  tokenEndpoint: url,
  jwksUri: url,
  discoveryUrl: url,
  trustDomain: text(200),
  vendor: text(200),
  supportedAuthMethods: uniqueList(requiredText(100), 50, "method").optional(),
  supportedGrantTypes: uniqueList(requiredText(200), 50, "grant type").optional(),
});

const scopeRecord = z.strictObject({
  name: requiredText(200),
  // Inside the scope list each entry is complete: no description means none.
  description: text(1000).transform((v) => v ?? null),
  privilege: oneOf(scopePrivileges),
});

export const apiRecord = z.strictObject({
  key: keyField,
  name: nameField.optional(),
  audience: requiredText(500).optional(),
  trustZone: requiredText(100).optional(),
  sensitivity: oneOf(sensitivities).optional(),
  owningTeam: keyRef,
  scopes: z
    .array(scopeRecord, { error: "must be a list" })
    .max(500, "must list at most 500 scopes")
    .refine((s) => new Set(s.map((x) => x.name)).size === s.length, "must not repeat a scope name")
    .optional(),
});

export const applicationRecord = z.strictObject({
  key: keyField,
  name: nameField.optional(),
  owningTeam: keyRef,
  environment: oneOf(environments).optional(),
  trustZone: requiredText(100).optional(),
  thirdParty: bool.optional(),
  autonomous: bool.optional(),
  status: oneOf(applicationStatuses).optional(),
});

const dateOf = (iso: string | null | undefined) => (iso ? new Date(iso) : null);

/** A field-level fact check (e.g. "reviewed in the future") on an ISO instant of a record. */
const possibleInstant = (field: "lastReviewedAt") =>
  blankIsNull(
    iso.superRefine((v, ctx) => {
      const message = credentialFactProblems({ [field]: new Date(v) }, new Date())[field];
      if (message) ctx.addIssue({ code: "custom", message });
    }),
  );

/** The SDK pair that cannot hold together: token cache "none" with a place where tokens persist. */
const refineSdk = (r: { tokenCache?: string | undefined; tokenPersistence?: string | null | undefined }, ctx: z.RefinementCtx) =>
  addFactIssues(ctx, credentialFactProblems({ tokenCache: r.tokenCache, tokenPersistence: r.tokenPersistence }, new Date()));

export const secretRecord = z.strictObject({
  kind: oneOf(secretKinds),
  issuedAt: iso,
  storage: oneOf(secretStorages).optional(),
  storageRef: text(1000),
  expiresAt: instant,
  lastRotatedAt: instant,
  status: oneOf(secretStatuses).optional(),
  fingerprint: blankIsNull(
    z
      .string({ error: "must be text" })
      .trim()
      .toLowerCase()
      .regex(FINGERPRINT_PATTERN, "must be 64 hex characters (HMAC-SHA256 as exported by Steward)"),
  ),
  leakedAt: instant,
  leakSource: text(1000),
  remediatedAt: instant,
}).superRefine((r, ctx) => addFactIssues(ctx, secretDateProblems({ issuedAt: dateOf(r.issuedAt), expiresAt: dateOf(r.expiresAt), lastRotatedAt: dateOf(r.lastRotatedAt) }, new Date())));

/** The fields a credential has in every format; the SDK block is flat here (CSV columns). */
const credentialCommon = {
  key: keyField,
  kind: oneOf(credentialKinds).optional(),
  name: nameField.optional(),
  description: text(4000),
  environment: oneOf(environments).optional(),
  status: oneOf(credentialStatuses).optional(),
  clientId: text(500),
  authorizationServer: keyRef,
  tokenEndpoint: url,
  grantTypes: uniqueList(oneOf(grantTypes), grantTypes.length, "grant type").optional(),
  clientAuthMethod: blankIsNull(oneOf(clientAuthMethods)),
  accessTokenTtlSeconds: ttl,
  refreshTokenTtlSeconds: ttl,
  applications: uniqueList(keyField, 100, "application").optional(),
  owner: personRef,
  backupOwner: personRef,
  owningTeam: keyRef,
  identityGovernanceTeam: keyRef,
  platformTeam: keyRef,
  rotationOwner: personRef,
  revocationOwner: personRef,
  breakGlassProcedure: text(4000),
  reviewCadenceDays: blankIsNull(z.number({ error: "must be a number of days" }).int("must be a whole number").min(1, "must be at least 1 day").max(3650, "must be at most 3650 days")),
  lastReviewedAt: possibleInstant("lastReviewedAt"),
  rotationPolicy: keyRef,
};

/** Since when the access exists (e.g. its approval in the system an inventory migrates from): a new grant starts then; an existing grant keeps its date. */
const grantedSince = blankIsNull(iso.refine((v) => new Date(v).getTime() <= Date.now(), "must not be in the future"));

const grantRecord = z.strictObject({
  api: keyField,
  scopes: uniqueList(requiredText(200), 200, "scope"),
  justification: text(2000),
  grantedSince,
});

const grantList = z
  .array(grantRecord, { error: "must be a list" })
  .max(100, "must list at most 100 grants")
  .refine((g) => new Set(g.map((x) => x.api)).size === g.length, "must not grant the same API twice");

const sdkFlat = {
  sdkName: text(200),
  sdkVersion: text(100),
  sdkOwner: personRef,
  // "Unknown" is these columns' empty value.
  tokenCache: z.preprocess((v) => (v === "" || v === null ? "unknown" : v), oneOf(tokenCaches)).optional(),
  tokenPersistence: text(1000),
  logsRedactTokens: z.preprocess((v) => (v === "" || v === null ? "unknown" : v), oneOf(triStates)).optional(),
};

/** A credential as a CSV row: flat SDK columns, grants without justification (kept as stored), no secrets. */
export const credentialCsvRecord = z
  .strictObject({
    ...credentialCommon,
    ...sdkFlat,
    grants: grantList.optional(),
  })
  .superRefine(refineSdk);

const sdkBlock = z.strictObject({
  name: sdkFlat.sdkName,
  version: sdkFlat.sdkVersion,
  owner: sdkFlat.sdkOwner,
  tokenCache: sdkFlat.tokenCache,
  tokenPersistence: sdkFlat.tokenPersistence,
  logsRedactTokens: sdkFlat.logsRedactTokens,
}).superRefine(refineSdk);

/** A credential in the JSON file: the SDK is a nested `sdk` object, grants and secrets are lists. */
export const credentialJsonRecord = z
  .strictObject({
    ...credentialCommon,
    sdk: sdkBlock.nullable().optional(),
    grants: grantList.optional(),
    secrets: z
      .array(secretRecord, { error: "must be a list" })
      .max(1000, "must list at most 1000 secrets")
      .optional(),
  })
  .transform(({ sdk, ...rest }) => {
    // `"sdk": null` clears the whole block; an absent block or property leaves it alone.
    const flat =
      sdk === null
        ? { sdkName: null, sdkVersion: null, sdkOwner: null, tokenCache: "unknown" as const, tokenPersistence: null, logsRedactTokens: "unknown" as const }
        : sdk === undefined
          ? {}
          : {
              sdkName: sdk.name,
              sdkVersion: sdk.version,
              sdkOwner: sdk.owner,
              tokenCache: sdk.tokenCache,
              tokenPersistence: sdk.tokenPersistence,
              logsRedactTokens: sdk.logsRedactTokens,
            };
    return { ...rest, ...flat };
  });

export type PersonRecord = z.output<typeof personRecord>;
export type TeamRecord = z.output<typeof teamRecord>;
export type ServerRecord = z.output<typeof serverRecord>;
export type ApiRecord = z.output<typeof apiRecord>;
export type ApplicationRecord = z.output<typeof applicationRecord>;
export type SecretRecord = z.output<typeof secretRecord>;
export type GrantRecord = { api: string; scopes: string[]; justification?: string | null | undefined; grantedSince?: string | null | undefined };
/** A credential after parsing either format: flat SDK fields; `secrets` only from JSON. */
export type CredentialRecord = Omit<z.output<typeof credentialCsvRecord>, "grants"> & {
  grants?: GrantRecord[] | undefined;
  secrets?: SecretRecord[] | undefined;
};

export type FileRecord =
  | { type: "person"; record: PersonRecord }
  | { type: "team"; record: TeamRecord }
  | { type: "authorizationServer"; record: ServerRecord }
  | { type: "api"; record: ApiRecord }
  | { type: "application"; record: ApplicationRecord }
  | { type: "credential"; record: CredentialRecord };

export const recordSchemas = {
  person: personRecord,
  team: teamRecord,
  authorizationServer: serverRecord,
  api: apiRecord,
  application: applicationRecord,
  credential: credentialJsonRecord,
} as const;

/** The natural key of a record (DESIGN §8.2). */
export function naturalKeyOf(file: FileRecord): string {
  return file.type === "person" ? file.record.email : file.record.key;
}

/** Secrets have no natural key: a file secret is the stored secret of its credential with the same kind and issue time. */
export function secretMatchKey(secret: { kind: string; issuedAt: string }): string {
  return `${secret.kind}|${secret.issuedAt}`;
}
