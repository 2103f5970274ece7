import { describe, expect, it } from "vitest";
import { changedFields } from "./diff";
import type { CredentialFull } from "./full";
import { readInventoryFile } from "./read";
import { csvHeader, csvRow, jsonFooter, jsonHeader, jsonRecord, jsonSectionEnd, jsonSectionStart, toFileJson } from "./write";

const KEY_ID = "0123456789abcdef";

const onespan: CredentialFull = {
  key: "onespan-sign-crm-production",
  kind: "oauth_client",
  name: "OneSpan Sign — CRM signing integration",
  description: '=HYPERLINK("x"), with "quotes"\nand a line break',
  environment: "production",
  status: "active",
  clientId: "crm-signing-prod",
  authorizationServer: "onespan-sign",
  tokenEndpoint: null,
  grantTypes: ["client_credentials"],
  clientAuthMethod: "client_secret_basic",
  accessTokenTtlSeconds: 299,
  refreshTokenTtlSeconds: null,
  applications: ["crm", "crm-batch"],
  owner: "ana@example.com",
  backupOwner: null,
  owningTeam: "crm",
  identityGovernanceTeam: null,
  platformTeam: "platform",
  rotationOwner: null,
  revocationOwner: null,
  breakGlassProcedure: "-call the on-call",
  sdkName: "onespan-sign-java-sdk",
  sdkVersion: "11.52",
  sdkOwner: "chen@example.com",
  tokenCache: "in_memory",
  tokenPersistence: null,
  logsRedactTokens: "yes",
  reviewCadenceDays: 90,
  lastReviewedAt: "2025-05-15T00:00:00.000Z",
  rotationPolicy: null,
  grants: [{ api: "sign-api", scopes: ["packages.read", "urn:sign:packages|write"], justification: "why", grantedSince: "2025-02-01T00:00:00.000Z" }],
  secrets: [
    { kind: "client_secret", issuedAt: "2025-03-01T09:00:00.000Z", storage: "vault", storageRef: "vault://kv/crm/onespan", expiresAt: null, lastRotatedAt: null, status: "active", fingerprint: "a".repeat(64), leakedAt: null, leakSource: null, remediatedAt: null },
  ],
};

describe("[INVFILE] writing the file", () => {
  it("what JSON export writes reads back as the same record (nothing to change)", () => {
    const text = jsonHeader({ exportedAt: "2025-06-01T00:00:00.000Z", fingerprintKeyId: KEY_ID }) + jsonSectionStart("credentials") + jsonRecord(toFileJson("credential", onespan), true) + jsonSectionEnd(false) + jsonFooter;
    const read = readInventoryFile(text, "json", { fingerprintKeyId: KEY_ID });
    expect(read.fileErrors).toEqual([]);
    const [entry] = read.entries;
    expect(entry?.issues).toEqual([]);
    expect(entry?.line).toBe(6);
    if (!entry?.file) throw new Error("not parsed");
    expect(changedFields(entry.file, onespan)).toEqual([]);
  });

  it("what CSV export writes reads back as the same record, formula cells and escaped scopes included", () => {
    const text = csvHeader() + csvRow(onespan);
    expect(text).toContain(`"'=HYPERLINK(""x""), with ""quotes""\nand a line break"`);
    const read = readInventoryFile(text, "csv", { fingerprintKeyId: KEY_ID });
    expect(read.fileErrors).toEqual([]);
    const [entry] = read.entries;
    expect(entry?.issues).toEqual([]);
    if (!entry?.file) throw new Error("not parsed");
    expect(changedFields(entry.file, onespan)).toEqual([]);
  });

  it("an empty section is written as []", () => {
    const text = jsonHeader({ exportedAt: "x", fingerprintKeyId: KEY_ID }) + jsonSectionStart("teams") + jsonSectionEnd(true) + jsonFooter;
    expect(JSON.parse(text)).toMatchObject({ teams: [] });
  });
});
