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
  instantField,
  scopePrivileges,
  secretKinds,
  secretStatuses,
  secretStorages,
  sensitivities,
  tokenCaches,
  triStates,
} from "@/lib/validation/inventory";
import { teamKinds } from "@/lib/validation/org";

/**
 * The inventory file (DESIGN §8.2), format `steward-inventory/v1`: zod schemas for each record
 * as it appears in a file, and the "full" shape of a record as Steward holds it (what export
 * writes and what an import is compared with). Client-safe: no server imports.
 *
 * Upsert semantics: a property that is absent leaves the stored value alone (`undefined` below);
 * `null` clears it. Lists inside a record (`members`, `scopes`, `applications`, `grants`)
 * replace the stored list when present. `secrets` are matched, not replaced (see `secretMatchKey`).
 */
export const INVENTORY_FORMAT = "steward-inventory/v1";

export const recordTypes = ["person", "team", "authorizationServer", "api", "application", "credential"] as const;
export type RecordType = (typeof recordTypes)[number];

/** The top-level array of each record type, in the order an import applies them (dependencies first). */
export const sectionOf: Record<RecordType, string> = {
  person: "people",
  team: "teams",
  authorizationServer: "authorizationServers",
  api: "apis",
  application: "applications",
  credential: "credentials",
};

export const recordTypeLabels: Record<RecordType, string> = {
  person: "People",
  team: "Teams",
  authorizationServer: "Authorization servers",
  api: "APIs",
  application: "Applications",
  credential: "Credentials",
};

/** The audit target type of each record type (as the services write them). */
export const auditTargetType: Record<RecordType, string> = {
  person: "person",
  team: "team",
  authorizationServer: "authorization_server",
  api: "api",
  application: "application",
  credential: "credential",
};

// --- Field building blocks -----------------------------------------------------------------

const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `must be one of ${values.join(", ")}` });

/** Blank text means "not set" (null) in a file; absent means "leave as it is". */
const blankIsNull = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? null : v), schema.nullable()).optional();

const text = (max: number) =>
  blankIsNull(
    z
      .string({ error: "must be text" })
      .trim()
      .max(max, `must be at most ${max} characters`)
      .transform((v) => (v === "" ? null : v)),
  );
const requiredText = (max: number) => z.string({ error: "must be text" }).trim().min(1, "must not be blank").max(max, `must be at most ${max} characters`);
const url = blankIsNull(httpUrl);
const iso = instantField.transform((d) => d.toISOString());
const instant = blankIsNull(iso);
const keyRef = blankIsNull(keyField);
const personRef = blankIsNull(emailField);
const bool = z.boolean({ error: "must be true or false" });
const ttl = blankIsNull(z.number({ error: "must be a number of seconds" }).int("must be a whole number").min(1, "must be positive").max(315_360_000, "is too long"));
const uniqueList = <T extends z.ZodType<string>>(item: T, max: number, what: string) =>
  z
    .array(item, { error: "must be a list" })
    .max(max, `must list at most ${max}`)
    .refine((items) => new Set(items).size === items.length, `must not repeat a ${what}`);

export const FINGERPRINT_PATTERN = /^[0-9a-f]{64}$/;

// --- Records -----------------------------------------------------------------------------

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

const grantRecord = z.strictObject({
  api: keyField,
  scopes: uniqueList(requiredText(200), 200, "scope"),
  justification: text(2000),
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
export type GrantRecord = { api: string; scopes: string[]; justification?: string | null | undefined };
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

/** Fields that must be present when a record is created (an update may leave them out). */
export const requiredOnCreate: Record<RecordType, readonly string[]> = {
  person: ["name"],
  team: ["name", "kind"],
  authorizationServer: ["name", "issuerUrl"],
  api: ["name", "audience", "trustZone", "sensitivity"],
  application: ["name", "environment", "trustZone"],
  credential: ["name", "environment"],
};

/** Secrets have no natural key: a file secret is the stored secret of its credential with the same kind and issue time. */
export function secretMatchKey(secret: { kind: string; issuedAt: string }): string {
  return `${secret.kind}|${secret.issuedAt}`;
}

// --- Full records: what Steward holds, in file terms (keys and emails, not ids) ----------------

export type PersonFull = { email: string; name: string; active: boolean };
export type TeamFull = { key: string; name: string; kind: (typeof teamKinds)[number]; members: string[] };
export type ServerFull = {
  key: string;
  name: string;
  issuerUrl: string;
  tokenEndpoint: string | null;
  jwksUri: string | null;
  discoveryUrl: string | null;
  trustDomain: string | null;
  vendor: string | null;
  supportedAuthMethods: string[];
  supportedGrantTypes: string[];
};
export type ScopeFull = { name: string; description: string | null; privilege: (typeof scopePrivileges)[number] };
export type ApiFull = {
  key: string;
  name: string;
  audience: string;
  trustZone: string;
  sensitivity: (typeof sensitivities)[number];
  owningTeam: string | null;
  scopes: ScopeFull[];
};
export type ApplicationFull = {
  key: string;
  name: string;
  owningTeam: string | null;
  environment: (typeof environments)[number];
  trustZone: string;
  thirdParty: boolean;
  autonomous: boolean;
  status: (typeof applicationStatuses)[number];
};
export type SecretFull = {
  kind: (typeof secretKinds)[number];
  issuedAt: string;
  storage: (typeof secretStorages)[number];
  storageRef: string | null;
  expiresAt: string | null;
  lastRotatedAt: string | null;
  status: (typeof secretStatuses)[number];
  fingerprint: string | null;
  leakedAt: string | null;
  leakSource: string | null;
  remediatedAt: string | null;
};
export type GrantFull = { api: string; scopes: string[]; justification: string | null };
export type CredentialFull = {
  key: string;
  kind: (typeof credentialKinds)[number];
  name: string;
  description: string | null;
  environment: (typeof environments)[number];
  status: (typeof credentialStatuses)[number];
  clientId: string | null;
  authorizationServer: string | null;
  tokenEndpoint: string | null;
  grantTypes: string[];
  clientAuthMethod: (typeof clientAuthMethods)[number] | null;
  accessTokenTtlSeconds: number | null;
  refreshTokenTtlSeconds: number | null;
  applications: string[];
  owner: string | null;
  backupOwner: string | null;
  owningTeam: string | null;
  identityGovernanceTeam: string | null;
  platformTeam: string | null;
  rotationOwner: string | null;
  revocationOwner: string | null;
  breakGlassProcedure: string | null;
  sdkName: string | null;
  sdkVersion: string | null;
  sdkOwner: string | null;
  tokenCache: (typeof tokenCaches)[number];
  tokenPersistence: string | null;
  logsRedactTokens: (typeof triStates)[number];
  reviewCadenceDays: number | null;
  lastReviewedAt: string | null;
  rotationPolicy: string | null;
  grants: GrantFull[];
  secrets: SecretFull[];
};

export type FullOf = {
  person: PersonFull;
  team: TeamFull;
  authorizationServer: ServerFull;
  api: ApiFull;
  application: ApplicationFull;
  credential: CredentialFull;
};

/** The credential's person and team references, by field. */
export const credentialPersonFields = ["owner", "backupOwner", "rotationOwner", "revocationOwner", "sdkOwner"] as const;
export const credentialTeamFields = ["owningTeam", "identityGovernanceTeam", "platformTeam"] as const;

/** CSV columns, in order: one row per credential (DESIGN §8.2). */
export const csvColumns = [
  "key",
  "kind",
  "name",
  "description",
  "environment",
  "status",
  "clientId",
  "authorizationServer",
  "tokenEndpoint",
  "grantTypes",
  "clientAuthMethod",
  "accessTokenTtlSeconds",
  "refreshTokenTtlSeconds",
  "applications",
  "owner",
  "backupOwner",
  "owningTeam",
  "identityGovernanceTeam",
  "platformTeam",
  "rotationOwner",
  "revocationOwner",
  "breakGlassProcedure",
  "sdkName",
  "sdkVersion",
  "sdkOwner",
  "tokenCache",
  "tokenPersistence",
  "logsRedactTokens",
  "reviewCadenceDays",
  "lastReviewedAt",
  "rotationPolicy",
  "grants",
] as const satisfies readonly (keyof CredentialFull)[];
export type CsvColumn = (typeof csvColumns)[number];
