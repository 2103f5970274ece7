import { describe, expect, it } from "vitest";
import {
  credentialFilters,
  credentialInput,
  secretInput,
  updateApiInput,
  updateApplicationInput,
  updateAuthorizationServerInput,
  updateCredentialInput,
  updatePolicyInput,
  updateSecretInput,
} from "./inventory";

const uuid = "0b7d2c3e-6f1a-4c8e-9a3b-2d4e5f6a7b8c";
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");

describe("[INV] update (PATCH) schemas", () => {
  // An omitted field must stay as it is: a default here would silently reset it (status back to
  // "active", grants and scopes emptied, policy match widened) on every partial update.
  it.each([
    ["updateAuthorizationServerInput", updateAuthorizationServerInput],
    ["updateApiInput", updateApiInput],
    ["updateApplicationInput", updateApplicationInput],
    ["updateCredentialInput", updateCredentialInput],
    ["updateSecretInput", updateSecretInput],
    ["updatePolicyInput", updatePolicyInput],
  ] as const)("%s adds no defaults: an empty body parses to nothing to change", (_name, schema) => {
    expect(schema.parse({})).toEqual({});
  });

  it("keeps exactly the fields given, validated like the create schema", () => {
    expect(updateCredentialInput.parse({ description: "x", status: "suspended" })).toEqual({ description: "x", status: "suspended" });
    expect(updateSecretInput.parse({ clearFingerprint: true })).toEqual({ clearFingerprint: true });
    expect(updatePolicyInput.parse({ maxSecretAgeDays: 30 })).toEqual({ maxSecretAgeDays: 30 });
    expect(updateCredentialInput.safeParse({ status: "gone" }).success).toBe(false);
    expect(updateApiInput.safeParse({ scopes: [{ name: "a", privilege: "read" }, { name: "a", privilege: "write" }] }).success).toBe(false);
    // Explicit null still clears a nullable field.
    expect(updateCredentialInput.parse({ ownerId: null, owningTeamId: "" })).toEqual({ ownerId: null, owningTeamId: null });
  });

  it("create schemas keep their defaults", () => {
    expect(credentialInput.parse({ name: "n", environment: "test" })).toMatchObject({ kind: "oauth_client", status: "active", grants: [], applicationIds: [] });
    expect(secretInput.parse({ kind: "api_key", storage: "vault", issuedAt: "2026-01-01" })).toMatchObject({ status: "active" });
  });
});

describe("[INV] owner and backup owner", () => {
  const other = "1c8e3d4f-7a2b-4d9f-8b4c-3e5f6a7b8c9d";
  it.each([
    ["credentialInput", credentialInput, { name: "n", environment: "test" }],
    ["updateCredentialInput", updateCredentialInput, {}],
  ] as const)("%s refuses one person as both, naming backupOwnerId", (_name, schema, base) => {
    const result = schema.safeParse({ ...base, ownerId: uuid, backupOwnerId: uuid });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["backupOwnerId"]);
    expect(schema.safeParse({ ...base, ownerId: uuid, backupOwnerId: other }).success).toBe(true);
    expect(schema.safeParse({ ...base, ownerId: null, backupOwnerId: null }).success).toBe(true);
  });
});

describe("[INV] credential list cursor", () => {
  it("accepts a cursor of the requested sort", () => {
    expect(credentialFilters.parse({ sort: "name", cursor: cursorOf(["Alpha", uuid]) }).cursor).toBe(cursorOf(["Alpha", uuid]));
    expect(credentialFilters.parse({ cursor: cursorOf(["2026-01-01T00:00:00.000Z", uuid]) }).sort).toBe("rotation_due");
    // Rows without a due date sort last; their cursor carries null.
    expect(credentialFilters.safeParse({ sort: "review_due", cursor: cursorOf([null, uuid]) }).success).toBe(true);
  });

  it.each([
    ["not base64 JSON", "%%%not-a-cursor"],
    ["a JSON object", cursorOf({ value: "x", id: uuid })],
    ["an id that is not a uuid", cursorOf(["Alpha", "42; drop table credentials"])],
    ["a name where a date is expected", cursorOf(["Alpha", uuid])],
    ["an impossible date", cursorOf(["2026-13-45T99:00:00Z", uuid])],
    ["three elements", cursorOf(["2026-01-01T00:00:00.000Z", uuid, "extra"])],
  ])("rejects %s as INVALID on the cursor field", (_what, cursor) => {
    const result = credentialFilters.safeParse({ sort: "rotation_due", cursor });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["cursor"]);
  });
});

describe("[INV] impossible facts are refused with the field named (issue 12)", () => {
  const fieldsOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => (result.error?.issues ?? []).map((i) => i.path.join("."));
  const inAnHour = new Date(Date.now() + 3_600_000).toISOString();

  it("a secret that expires before (or when) it was issued", () => {
    expect(fieldsOf(secretInput.safeParse({ kind: "api_key", storage: "vault", issuedAt: "2026-03-01", expiresAt: "2026-02-01" }))).toEqual(["expiresAt"]);
    expect(fieldsOf(secretInput.safeParse({ kind: "api_key", storage: "vault", issuedAt: "2026-03-01", expiresAt: "2026-03-01" }))).toEqual(["expiresAt"]);
    expect(secretInput.safeParse({ kind: "api_key", storage: "vault", issuedAt: "2026-03-01", expiresAt: "2026-03-02" }).success).toBe(true);
  });

  it("a secret last rotated in the future", () => {
    expect(fieldsOf(secretInput.safeParse({ kind: "api_key", storage: "vault", issuedAt: "2026-01-01", lastRotatedAt: inAnHour }))).toEqual(["lastRotatedAt"]);
    // A clock a minute fast is not a lie.
    expect(secretInput.safeParse({ kind: "api_key", storage: "vault", issuedAt: "2026-01-01", lastRotatedAt: new Date(Date.now() + 60_000).toISOString() }).success).toBe(true);
  });

  it("token cache “none” with a place where tokens persist", () => {
    expect(fieldsOf(credentialInput.safeParse({ name: "x", environment: "production", tokenCache: "none", tokenPersistence: "/var/cache/tokens" }))).toEqual(["tokenPersistence"]);
    expect(credentialInput.safeParse({ name: "x", environment: "production", tokenCache: "in_memory", tokenPersistence: "JVM heap" }).success).toBe(true);
    expect(credentialInput.safeParse({ name: "x", environment: "production", tokenCache: "none", tokenPersistence: "" }).success).toBe(true);
  });

  it("lastReviewedAt is server-owned: only a recorded review sets it", () => {
    expect(fieldsOf(credentialInput.safeParse({ name: "x", environment: "production", lastReviewedAt: "2026-01-01" }))).toEqual(["lastReviewedAt"]);
    expect(fieldsOf(updateCredentialInput.safeParse({ lastReviewedAt: "2026-01-01" }))).toEqual(["lastReviewedAt"]);
  });
});
