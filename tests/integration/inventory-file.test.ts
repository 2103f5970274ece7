import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { credentialGrants, credentials, people, secrets, teams } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { ImportEvent } from "@/lib/inventory-file/results";
import { addSecret, createCredential } from "@/lib/server/inventory/credentials";
import { exportText, fingerprintKeyId } from "@/lib/server/inventory/export";
import { applyImport, dryRunResult, prepareImport } from "@/lib/server/inventory/import";
import { createPerson } from "@/lib/server/org";
import { contextAs } from "../support/context";
import { drivers, freshDatabase, rowsOf, type TestDatabase } from "../support/db";
import { suiteDatabase } from "../support/inventory";
import { auditEventsAfter, auditEventsAfterExceptFindings, lastAuditSeq, rejectionOf } from "../support/audit";

/** The complete example of docs/inventory-format.md: the documentation must stay importable. */
function documentedExample(): string {
  const doc = fs.readFileSync(path.resolve(__dirname, "../../docs/inventory-format.md"), "utf8");
  const start = doc.indexOf("### Complete example");
  const block = /```json\n([\s\S]*?)```/.exec(doc.slice(start));
  if (!block?.[1]) throw new Error("no JSON example in docs/inventory-format.md");
  return block[1];
}

function documentedCsv(): string {
  const doc = fs.readFileSync(path.resolve(__dirname, "../../docs/inventory-format.md"), "utf8");
  const block = /```csv\n([\s\S]*?)```/.exec(doc);
  if (!block?.[1]) throw new Error("no CSV example in docs/inventory-format.md");
  return block[1];
}

const admin = contextAs("admin");
const withoutExportedAt = (text: string) => text.replace(/"exportedAt": "[^"]*"/, '"exportedAt": "-"');

async function importText(db: TestDatabase["db"], text: string, format: "json" | "csv" = "json", mode: "apply" | "apply-valid" = "apply") {
  const prepared = await prepareImport(db, text, format);
  return applyImport(db, admin, prepared, { mode });
}

async function count(db: TestDatabase["db"], table: string): Promise<number> {
  const [row] = rowsOf<{ n: string | number }>(await db.execute(sql.raw(`select count(*) as n from ${table}`)));
  return Number(row?.n ?? 0);
}

describe.each(drivers)("[INVFILE] inventory file import and export on %s", (driver) => {
  const { handle } = suiteDatabase(driver, { auditChain: true });

  it("[INVFILE] the documented example imports; a second import changes nothing and writes no audit events", async () => {
    const text = documentedExample();
    const before = await lastAuditSeq(handle.db);
    const dry = dryRunResult(await prepareImport(handle.db, text, "json"));
    expect(dry.fileErrors).toEqual([]);
    expect(dry.totals).toEqual({ create: 11, update: 0, unchanged: 0, invalid: 0 });
    // The dry run wrote nothing.
    expect(await lastAuditSeq(handle.db)).toBe(before);
    expect(await count(handle.db, "credentials")).toBe(0);

    const events: ImportEvent[] = [];
    const first = await applyImport(handle.db, admin, await prepareImport(handle.db, text, "json"), { mode: "apply", onEvent: (e) => void events.push(e) });
    expect(first).toMatchObject({ created: 11, updated: 0, unchanged: 0, skippedInvalid: 0 });
    expect(events[0]).toMatchObject({ type: "plan", toApply: 11 });
    expect(events.at(-1)).toMatchObject({ type: "done" });
    const written = await auditEventsAfterExceptFindings(handle.db, before);
    expect(written).toHaveLength(11);
    expect(new Set(written.map((e) => e.action))).toEqual(new Set(["inventory.imported"]));
    const credentialEvent = written.find((e) => e.targetType === "credential");
    expect(credentialEvent?.payload).toMatchObject({ recordType: "credential", key: "onespan-sign-crm-production", change: "created", source: { format: "json" } });

    const [onespan] = await handle.db.select().from(credentials).where(eq(credentials.key, "onespan-sign-crm-production"));
    expect(onespan).toMatchObject({ clientAuthMethod: "client_secret_basic", accessTokenTtlSeconds: 299, tokenCache: "in_memory", grantTypes: ["client_credentials"] });
    // recomputeDue ran: production + high API → 90-day policy; the secret's rotation is due.
    expect(onespan?.effectivePolicyId).not.toBeNull();
    expect(onespan?.rotationDueAt?.toISOString()).toBe("2025-05-30T09:00:00.000Z");

    const again = await prepareImport(handle.db, text, "json");
    expect(dryRunResult(again).totals).toEqual({ create: 0, update: 0, unchanged: 11, invalid: 0 });
    const seq = await lastAuditSeq(handle.db);
    const second = await applyImport(handle.db, admin, again, { mode: "apply" });
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 11 });
    expect(await lastAuditSeq(handle.db)).toBe(seq);
  });

  it("[INVFILE] a changed file updates only what changed, one event per changed record", async () => {
    const text = documentedExample()
      .replace('"members": ["ana.lopez@example.com", "ben.okafor@example.com"]', '"members": ["ben.okafor@example.com"]')
      .replace('"accessTokenTtlSeconds": 299', '"accessTokenTtlSeconds": 300')
      .replace('"storageRef": "vault://kv/crm/onespan"', '"storageRef": "vault://kv/crm/onespan-v2"');
    const before = await lastAuditSeq(handle.db);
    const dry = dryRunResult(await prepareImport(handle.db, text, "json"));
    expect(dry.records.map((r) => [r.type, r.key, r.action, r.fields])).toEqual([
      ["team", "crm-integrations", "update", ["members"]],
      ["credential", "onespan-sign-crm-production", "update", ["accessTokenTtlSeconds", "secrets"]],
    ]);
    await importText(handle.db, text);
    const events = await auditEventsAfter(handle.db, before);
    expect(events.map((e) => [e.action, e.targetType, e.payload.fields])).toEqual([
      ["inventory.imported", "team", ["members"]],
      ["inventory.imported", "credential", ["accessTokenTtlSeconds", "secrets"]],
    ]);
    // The secret was matched by (kind, issuedAt): updated, not duplicated.
    const stored = await handle.db.select({ storageRef: secrets.storageRef }).from(secrets);
    expect(stored).toEqual([{ storageRef: "vault://kv/crm/onespan-v2" }]);
    // Put it back for the tests that follow.
    await importText(handle.db, documentedExample());
  });

  it("[INVFILE] the documented CSV imports as unchanged over the same record, and CSV export → import round-trips", async () => {
    const prepared = await prepareImport(handle.db, documentedCsv(), "csv");
    expect(dryRunResult(prepared)).toMatchObject({ fileErrors: [], totals: { create: 0, update: 0, unchanged: 1, invalid: 0 } });
    const csv = await exportText(handle.db, "csv");
    expect(csv.split("\r\n").slice(0, 2)).toEqual(documentedCsv().trim().split("\n"));
    expect(dryRunResult(await prepareImport(handle.db, csv, "csv")).totals).toMatchObject({ unchanged: 1, invalid: 0 });
  });

  it("[INVFILE] export → import into an empty database reproduces the inventory (fingerprints included)", async () => {
    // Records made through the services too, with a fingerprinted secret.
    const owner = await createPerson(handle.db, admin, { email: "svc.owner@example.com", name: "Service Owner", isActive: true });
    const [team] = await handle.db.select({ id: teams.id }).from(teams).where(eq(teams.key, "platform"));
    const created = await createCredential(handle.db, admin, {
      key: "payments-batch-staging",
      kind: "api_key",
      name: "Payments batch",
      environment: "staging",
      status: "active",
      grantTypes: [],
      applicationIds: [],
      grants: [],
      tokenCache: "disk",
      logsRedactTokens: "no",
      ownerId: owner.id,
      owningTeamId: team?.id ?? null,
      description: "=cmd|' /C calc'!A0",
    });
    await addSecret(handle.db, admin, created.credential.id, { kind: "api_key", storage: "env_file", issuedAt: new Date("2025-02-01T00:00:00Z"), status: "active", fingerprintOf: "not-a-real-secret" });

    const exported = await exportText(handle.db, "json");
    expect(exported).not.toContain("not-a-real-secret");
    expect(JSON.parse(exported)).toMatchObject({ format: "steward-inventory/v1", fingerprintKeyId: fingerprintKeyId() });

    const empty = await freshDatabase(driver);
    try {
      const result = await importText(empty.db, exported);
      expect(result.skippedInvalid).toBe(0);
      expect(withoutExportedAt(await exportText(empty.db, "json"))).toBe(withoutExportedAt(exported));
      const csv = await exportText(empty.db, "csv");
      expect(csv).toBe(await exportText(handle.db, "csv"));
      expect(csv).toContain("'=cmd|");
      expect(dryRunResult(await prepareImport(empty.db, csv, "csv")).totals).toMatchObject({ create: 0, update: 0, invalid: 0 });
      const [secret] = await empty.db.select({ fingerprint: secrets.fingerprint }).from(secrets).where(eq(secrets.kind, "api_key"));
      expect(secret?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      // Importing the export again over itself is a no-op.
      expect(dryRunResult(await prepareImport(empty.db, exported, "json")).totals).toMatchObject({ create: 0, update: 0, invalid: 0 });
    } finally {
      await empty.close();
    }
  });

  it("[INVFILE] two bad records: the dry run lists exactly those with lines and fields; apply writes nothing; apply-valid writes the rest", async () => {
    const text = `{
  "format": "steward-inventory/v1",
  "people": [
    { "email": "new.person@example.com", "name": "New Person" }
  ],
  "credentials": [
    {
      "key": "good-one",
      "name": "Good one",
      "environment": "test",
      "owner": "new.person@example.com"
    },
    {
      "key": "bad-owner",
      "name": "Bad owner",
      "environment": "test",
      "owner": "nobody@example.com"
    },
    {
      "key": "bad-scope",
      "name": "Bad scope",
      "environment": "test",
      "grants": [
        { "api": "onespan-sign-api", "scopes": ["packages.read", "packages.delete"] }
      ]
    }
  ]
}`;
    const before = await lastAuditSeq(handle.db);
    const peopleBefore = await count(handle.db, "people");
    const prepared = await prepareImport(handle.db, text, "json");
    const dry = dryRunResult(prepared);
    expect(dry.records.filter((r) => r.action === "invalid").map((r) => ({ key: r.key, line: r.line, issues: r.issues.map((i) => [i.field, i.line]) }))).toEqual([
      { key: "bad-owner", line: 13, issues: [["owner", 17]] },
      { key: "bad-scope", line: 19, issues: [["grants[0].scopes[1]", 24]] },
    ]);
    expect(dry.totals).toEqual({ create: 2, update: 0, unchanged: 0, invalid: 2 });

    const refused = await rejectionOf(applyImport(handle.db, admin, prepared, { mode: "apply" }));
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe("INVALID_INPUT");
    expect(await lastAuditSeq(handle.db)).toBe(before);
    expect(await count(handle.db, "people")).toBe(peopleBefore);

    const partial = await applyImport(handle.db, admin, prepared, { mode: "apply-valid" });
    expect(partial).toMatchObject({ created: 2, skippedInvalid: 2 });
    const keys = (await handle.db.select({ key: credentials.key }).from(credentials)).map((c) => c.key);
    expect(keys).toContain("good-one");
    expect(keys).not.toContain("bad-owner");
    expect(keys).not.toContain("bad-scope");
  });

  it("[INVFILE] a secret value in a file is refused naming the field, and never echoed", async () => {
    const text = `{
  "format": "steward-inventory/v1",
  "credentials": [
    {
      "key": "leaky",
      "name": "Leaky",
      "environment": "test",
      "secrets": [
        { "kind": "client_secret", "issuedAt": "2025-01-01", "storage": "vault", "clientSecret": "sup3r-s3cret-valu3" }
      ]
    }
  ]
}`;
    const dry = dryRunResult(await prepareImport(handle.db, text, "json"));
    expect(dry.records).toEqual([
      expect.objectContaining({ key: "leaky", action: "invalid", issues: [expect.objectContaining({ field: "secrets[0].clientSecret", line: 9 })] }),
    ]);
    expect(JSON.stringify(dry)).not.toContain("sup3r-s3cret-valu3");
    const csv = dryRunResult(await prepareImport(handle.db, "key,name,environment,password\nleaky,Leaky,test,sup3r-s3cret-valu3\n", "csv"));
    expect(csv.records[0]?.issues).toEqual([expect.objectContaining({ field: "password", line: 2 })]);
    expect(JSON.stringify(csv)).not.toContain("sup3r-s3cret-valu3");
    const refused = await rejectionOf(importText(handle.db, text, "json"));
    expect(JSON.stringify((refused as AppError).details)).not.toContain("sup3r-s3cret-valu3");
  });

  it("[INVFILE] fingerprints from another deployment are refused", async () => {
    const exported = await exportText(handle.db, "json");
    expect(exported).toMatch(/"fingerprint": "[0-9a-f]{64}"/);
    const prepared = await prepareImport(handle.db, exported, "json", { pepper: "another-deployment-pepper" });
    const invalid = dryRunResult(prepared).records.filter((r) => r.action === "invalid");
    expect(invalid).toHaveLength(1);
    expect(invalid[0]).toMatchObject({ key: "payments-batch-staging" });
    expect(invalid[0]?.issues).toEqual([expect.objectContaining({ field: "secrets[0].fingerprint", message: expect.stringMatching(/another deployment/) as unknown })]);
    // The line is the fingerprint's own line in the uploaded text.
    const line = exported.split("\n").findIndex((l) => /"fingerprint": "[0-9a-f]{64}"/.test(l)) + 1;
    expect(invalid[0]?.issues[0]?.line).toBe(line);
  });

  it("[INVFILE] CSV grants are applied by API and scope name, and justifications are kept", async () => {
    const header = "key,name,environment,applications,grants";
    const before = await handle.db
      .select({ justification: credentialGrants.justification })
      .from(credentialGrants)
      .innerJoin(credentials, eq(credentials.id, credentialGrants.credentialId))
      .where(eq(credentials.key, "onespan-sign-crm-production"));
    expect(before).toEqual([{ justification: "Create and track signing packages for CRM contracts" }]);
    const text = `${header}\nonespan-sign-crm-production,OneSpan Sign — CRM signing integration,production,crm,onespan-sign-api:packages.read\ncsv-new,CSV new,development,crm,onespan-sign-api:packages.read|packages.write\n`;
    const dry = dryRunResult(await prepareImport(handle.db, text, "csv"));
    expect(dry.records.map((r) => [r.key, r.line, r.action, r.fields])).toEqual([
      ["onespan-sign-crm-production", 2, "update", ["grants"]],
      ["csv-new", 3, "create", []],
    ]);
    await importText(handle.db, text, "csv");
    const detail = await exportText(handle.db, "json");
    const parsed = JSON.parse(detail) as { credentials: { key: string; grants: unknown }[] };
    expect(parsed.credentials.find((c) => c.key === "onespan-sign-crm-production")?.grants).toEqual([
      { api: "onespan-sign-api", scopes: ["packages.read"], justification: "Create and track signing packages for CRM contracts", grantedSince: expect.any(String) as unknown },
    ]);
    expect(parsed.credentials.find((c) => c.key === "csv-new")?.grants).toEqual([{ api: "onespan-sign-api", scopes: ["packages.read", "packages.write"], justification: null, grantedSince: expect.any(String) as unknown }]);
    expect(dryRunResult(await prepareImport(handle.db, text, "csv")).totals).toMatchObject({ update: 0, create: 0, unchanged: 2 });
  });

  it("[INVFILE] large files apply in batches with progress, and export pages through them", async () => {
    const n = 450;
    const rows = Array.from({ length: n }, (_, i) => `bulk-${String(i).padStart(4, "0")},Bulk ${i},test,svc.owner@example.com,onespan-sign-api:packages.read`);
    const text = `key,name,environment,owner,grants\n${rows.join("\n")}\n`;
    const events: ImportEvent[] = [];
    const prepared = await prepareImport(handle.db, text, "csv");
    const result = await applyImport(handle.db, admin, prepared, { mode: "apply", batchSize: 100, onEvent: (e) => void events.push(e) });
    expect(result.created).toBe(n);
    const progress = events.filter((e) => e.type === "progress");
    expect(progress.map((e) => e.done)).toEqual([100, 200, 300, 400, 450]);
    const [due] = rowsOf<{ n: string | number }>(await handle.db.execute(sql`select count(*) as n from credentials where key like 'bulk-%' and effective_policy_id is not null`));
    expect(Number(due?.n)).toBe(n);
    const csv = await exportText(handle.db, "csv", { pageSize: 64 });
    expect(csv.split("\r\n").filter((l) => l.startsWith("bulk-"))).toHaveLength(n);
    const peopleCount = await handle.db.select({ id: people.id }).from(people);
    expect(peopleCount.length).toBeGreaterThan(0);
  });
});
