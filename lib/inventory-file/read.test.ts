import { describe, expect, it } from "vitest";
import { readInventoryFile } from "./read";

const KEY_ID = "0123456789abcdef";
const read = (text: string, format: "json" | "csv" = "json") => readInventoryFile(text, format, { fingerprintKeyId: KEY_ID });
const FP = "a".repeat(64);

const doc = (body: string, keyId = KEY_ID) => `{
  "format": "steward-inventory/v1",
  "fingerprintKeyId": "${keyId}",
${body}
}`;

describe("[INVFILE] reading a JSON file", () => {
  it("gives every record its line and parses the credential's sdk block flat", () => {
    const r = read(
      doc(`  "people": [
    { "email": "Ann@Example.test", "name": "Ann" }
  ],
  "credentials": [
    {
      "key": "onespan-crm",
      "name": "OneSpan Sign — CRM signing integration",
      "environment": "production",
      "sdk": { "name": "onespan-sign-java-sdk", "tokenCache": "in_memory" }
    }
  ]`),
    );
    expect(r.fileErrors).toEqual([]);
    expect(r.entries.map((e) => [e.type, e.key, e.line, e.issues])).toEqual([
      ["person", "ann@example.test", 5, []],
      ["credential", "onespan-crm", 8, []],
    ]);
    const credential = r.entries[1]?.file;
    expect(credential?.type === "credential" && credential.record).toMatchObject({ sdkName: "onespan-sign-java-sdk", tokenCache: "in_memory" });
    // Absent properties stay absent (they leave stored values alone).
    expect(credential?.type === "credential" && credential.record.sdkVersion).toBeUndefined();
  });

  it("names the field and its line for each problem, and keeps going", () => {
    const r = read(
      doc(`  "teams": [
    { "key": "crm", "name": "CRM", "kind": "app-team" },
    { "key": "ok", "name": "OK", "kind": "platform", "colour": "red" }
  ],
  "credentials": [
    {
      "key": "c1",
      "grants": [
        { "api": "crm-api", "scopes": ["read", 7] }
      ],
      "sdk": {
        "owner": "not an email"
      }
    }
  ]`),
    );
    const issues = r.entries.map((e) => e.issues.map((i) => [i.field, i.line]));
    expect(issues).toEqual([[["kind", 5]], [["colour", 6]], expect.arrayContaining([["grants[0].scopes[1]", 12], ["sdk.owner", 15]])]);
  });

  it("refuses secret values naming the field, never echoing the value", () => {
    const r = read(
      doc(`  "credentials": [
    {
      "key": "c1",
      "clientSecret": "s3cr3t-value",
      "secrets": [
        { "kind": "client_secret", "issuedAt": "2025-01-01", "storage": "vault", "value": "another-s3cr3t" }
      ]
    }
  ]`),
    );
    const [entry] = r.entries;
    expect(entry?.file).toBeUndefined();
    expect(entry?.issues.map((i) => [i.field, i.line])).toEqual([
      ["clientSecret", 7],
      ["secrets[0].value", 9],
    ]);
    expect(JSON.stringify(r)).not.toContain("s3cr3t");
  });

  it("accepts fingerprints only under this deployment's fingerprintKeyId", () => {
    const body = `  "credentials": [
    { "key": "c1", "secrets": [ { "kind": "client_secret", "issuedAt": "2025-01-01T00:00:00Z", "storage": "vault", "fingerprint": "${FP}" } ] }
  ]`;
    expect(read(doc(body)).entries[0]?.issues).toEqual([]);
    const other = read(doc(body, "ffffffffffffffff")).entries[0];
    expect(other?.issues).toEqual([expect.objectContaining({ field: "secrets[0].fingerprint", line: 5, message: expect.stringMatching(/another deployment/) as unknown })]);
    const none = read(`{ "format": "steward-inventory/v1",\n${body} }`).entries[0];
    expect(none?.issues[0]?.message).toMatch(/no fingerprintKeyId/);
  });

  it("refuses two secrets with the same kind and issue time in one credential", () => {
    const r = read(
      doc(`  "credentials": [ { "key": "c1", "secrets": [
    { "kind": "client_secret", "issuedAt": "2025-01-01", "storage": "vault" },
    { "kind": "client_secret", "issuedAt": "2025-01-01T00:00:00.000Z", "storage": "kms" }
  ] } ]`),
    );
    expect(r.entries[0]?.issues.map((i) => [i.field, i.line])).toEqual([["secrets[1]", 6]]);
  });

  it("reports whole-file problems with their lines", () => {
    expect(read('{\n  "format": "steward-inventory/v1",\n  "teams": [\n    {"key": "a",}\n  ]\n}').fileErrors).toEqual([
      { field: "file", line: 4, message: expect.stringMatching(/not valid JSON/) as unknown },
    ]);
    expect(read('{\n  "format": "other/v9"\n}').fileErrors).toEqual([{ field: "format", line: 2, message: 'must be "steward-inventory/v1"' }]);
    expect(read('{ "format": "steward-inventory/v1",\n "teams": {} ,\n "extra": 1 }').fileErrors.map((e) => [e.field, e.line])).toEqual([
      ["extra", 3],
      ["teams", 2],
    ]);
  });
});

describe("[INVFILE] reading a CSV file", () => {
  const header = "key,name,environment,owner,applications,grants,accessTokenTtlSeconds,tokenCache";

  it("one credential per row, with the row's line; lists and grants parsed; blanks mean unset", () => {
    const r = read(`${header}\nonespan-crm,OneSpan Sign — CRM,production,ann@example.test,crm|sign,crm-api:read|write;sign-api:sign,299,in_memory\n\nc2,,,,,,,\n`, "csv");
    expect(r.fileErrors).toEqual([]);
    expect(r.entries.map((e) => [e.key, e.line, e.issues])).toEqual([
      ["onespan-crm", 2, []],
      ["c2", 4, []],
    ]);
    const [first, second] = r.entries.map((e) => (e.file?.type === "credential" ? e.file.record : undefined));
    expect(first).toMatchObject({ applications: ["crm", "sign"], accessTokenTtlSeconds: 299, grants: [{ api: "crm-api", scopes: ["read", "write"] }, { api: "sign-api", scopes: ["sign"] }] });
    expect(second).toMatchObject({ owner: null, applications: [], grants: [], accessTokenTtlSeconds: null, tokenCache: "unknown" });
    // A blank name keeps the stored name rather than clearing it.
    expect(second && "name" in second).toBe(false);
  });

  it("names the column and the row's line for bad cells", () => {
    const r = read(`${header}\nc1,N,prod,,,crm-api:read||x,abc,\nc2,N,production,,,,,\nc3,N\n`, "csv");
    expect(r.entries.map((e) => e.issues.map((i) => [i.field, i.line]))).toEqual([
      [
        ["grants", 2],
        ["environment", 2],
        ["accessTokenTtlSeconds", 2],
      ],
      [],
      [["row", 4]],
    ]);
  });

  it("refuses a secret-value column where a row fills it, naming the column", () => {
    const r = read("key,name,clientSecret\nc1,N,hunter2\nc2,N,\n", "csv");
    expect(r.fileErrors).toEqual([]);
    expect(r.entries.map((e) => e.issues.map((i) => [i.field, i.line]))).toEqual([[["clientSecret", 2]], []]);
    expect(JSON.stringify(r)).not.toContain("hunter2");
  });

  it("refuses unknown and missing columns as file errors", () => {
    expect(read("name,colour\nx,y\n", "csv").fileErrors.map((e) => e.field)).toEqual(["colour", "key"]);
  });
});

describe("[INVFILE] impossible facts are refused with line and field (issue 12)", () => {
  const future = new Date(Date.now() + 86_400_000).toISOString();

  it("JSON: expiry before issue, rotated or reviewed in the future, cache none with a persistence place", () => {
    const r = read(
      doc(`  "credentials": [
    {
      "key": "c1",
      "lastReviewedAt": "${future}",
      "sdk": { "tokenCache": "none", "tokenPersistence": "/var/cache" },
      "secrets": [
        { "kind": "client_secret", "issuedAt": "2026-03-01", "expiresAt": "2026-02-01" },
        { "kind": "api_key", "issuedAt": "2026-03-01", "lastRotatedAt": "${future}" }
      ]
    }
  ]`),
    );
    expect(r.entries.map((e) => e.issues.map((i) => [i.field, i.line]))).toEqual([
      expect.arrayContaining([
        ["lastReviewedAt", 7],
        ["sdk.tokenPersistence", 8],
        ["secrets[0].expiresAt", 10],
        ["secrets[1].lastRotatedAt", 11],
      ]),
    ]);
    expect(r.entries[0]?.issues).toHaveLength(4);
  });

  it("CSV: cache none with a persistence place, reviewed in the future", () => {
    const r = read(`key,name,tokenCache,tokenPersistence,lastReviewedAt\nc1,N,none,/var/cache,\nc2,N,in_memory,heap,${future}\nc3,N,none,,2026-01-01\n`, "csv");
    expect(r.entries.map((e) => e.issues.map((i) => [i.field, i.line]))).toEqual([[["tokenPersistence", 2]], [["lastReviewedAt", 3]], []]);
  });
});
