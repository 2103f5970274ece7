import { createHmac, randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { secrets } from "@/db/schema";
import { findSecretsByFingerprint, getCredentialDetail } from "@/db/queries/credentials";
import { addSecret, updateSecret } from "@/lib/server/inventory/credentials";
import { lookupLeak } from "@/lib/server/inventory/leaks";
import { presentCredentialDetail } from "@/lib/server/inventory/present";
import { fieldErrorsOf } from "@/lib/server/http";
import { leakLookupInput, secretInput, updateSecretInput } from "@/lib/validation/inventory";
import { contextAs } from "../support/context";
import { drivers, rowsOf } from "../support/db";
import { auditEventsAfter, auditEventsAfterExceptFindings, lastAuditSeq, rejectionOf } from "../support/audit";
import { suiteDatabase } from "../support/inventory";

/** DESIGN §3.4 with the test pepper of vitest.config.ts. */
const hmac = (value: string) => createHmac("sha256", process.env.STEWARD_FINGERPRINT_PEPPER ?? "").update(value, "utf8").digest("hex");

const consoleMethods = ["log", "error", "warn", "info", "debug"] as const;

describe.each(drivers)("[SECRETS] secret values are never stored on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: true });
  let printed: string[];
  beforeEach(() => {
    printed = [];
    for (const m of consoleMethods) {
      vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
        printed.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack ?? ""}` : typeof a === "string" ? a : JSON.stringify(a))).join(" "));
      });
    }
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Every row of every table in the application's schemas (and drizzle's), as text. */
  async function dumpDatabase(): Promise<{ tables: string[]; text: string }> {
    const tables = rowsOf<{ table_schema: string; table_name: string }>(
      await handle.db.execute(
        sql`select table_schema, table_name from information_schema.tables where table_schema in ('public', 'drizzle') and table_type = 'BASE TABLE' order by 1, 2`,
      ),
    );
    const chunks: string[] = [];
    for (const t of tables) {
      const rows = rowsOf<{ row: string }>(await handle.db.execute(sql.raw(`select row_to_json(t)::text as row from "${t.table_schema}"."${t.table_name}" t`)));
      chunks.push(...rows.map((r) => r.row));
    }
    return { tables: tables.map((t) => t.table_name), text: chunks.join("\n") };
  }

  /** The value in the forms an accidental write could take. */
  const forms = (value: string) => [value, Buffer.from(value).toString("base64"), Buffer.from(value).toString("hex")];

  it("[SECRETS] a pasted value reaches no table, no log line, no error, no audit event — only its HMAC is kept", async () => {
    const canary = `sv-CANARY-7f3e${randomBytes(12).toString("hex")}`;
    const rotated = `sv-CANARY-ROTATED-${randomBytes(12).toString("hex")}`;
    const ctx = contextAs("security");
    const c = await fx.credential({ environment: "production" });
    const id = c.credential.id;
    const before = await lastAuditSeq(handle.db);

    // Every path that accepts a value: add, replace, look up.
    const added = await addSecret(handle.db, ctx, id, secretInput.parse({ kind: "client_secret", storage: "vault", issuedAt: "2026-01-01", fingerprintOf: canary }));
    expect(JSON.stringify(added)).not.toContain(canary);
    const second = await addSecret(handle.db, ctx, id, secretInput.parse({ kind: "client_secret", storage: "ci_variable", issuedAt: "2026-02-01" }));
    await updateSecret(handle.db, ctx, id, second.id, updateSecretInput.parse({ fingerprintOf: rotated }));
    const lookup = await lookupLeak(handle.db, ctx, leakLookupInput.parse({ value: canary }).value);
    const missing = await lookupLeak(handle.db, ctx, `${canary}-not-stored`);

    // Refused calls carrying a value: the errors do not repeat it.
    const errors = [
      await rejectionOf(addSecret(handle.db, ctx, crypto.randomUUID(), secretInput.parse({ kind: "api_key", storage: "vault", issuedAt: "2026-01-01", fingerprintOf: canary }))),
      await rejectionOf(addSecret(handle.db, contextAs("auditor"), id, secretInput.parse({ kind: "api_key", storage: "vault", issuedAt: "2026-01-01", fingerprintOf: canary }))),
      await rejectionOf(updateSecret(handle.db, ctx, id, crypto.randomUUID(), updateSecretInput.parse({ fingerprintOf: canary }))),
    ];
    const invalid = secretInput.safeParse({ kind: "nope", storage: "vault", issuedAt: "yesterday", fingerprintOf: canary });
    const tooLong = leakLookupInput.safeParse({ value: canary.repeat(5000) });
    expect(invalid.success || tooLong.success).toBe(false);
    const errorText = [
      ...errors.map((e) => `${String(e)} ${JSON.stringify(e)} ${(e as Error).stack ?? ""}`),
      JSON.stringify(invalid.error ? fieldErrorsOf(invalid.error) : null),
      JSON.stringify(tooLong.error ? fieldErrorsOf(tooLong.error) : null),
      invalid.error?.message ?? "",
      tooLong.error?.message ?? "",
    ].join("\n");

    // What the detail view and API response would show.
    const detail = await getCredentialDetail(handle.db, id);
    const shown = JSON.stringify(detail ? presentCredentialDetail(detail) : null);

    const dump = await dumpDatabase();
    expect(dump.tables).toEqual(expect.arrayContaining(["secrets", "credentials", "audit_events", "__drizzle_migrations"]));
    // The dump does see what is stored (the fingerprint, the credential's name).
    expect(dump.text).toContain(hmac(canary));
    expect(dump.text).toContain(c.credential.name);
    for (const value of [canary, rotated]) {
      for (const form of forms(value)) {
        expect(dump.text).not.toContain(form);
        expect(printed.join("\n")).not.toContain(form);
        expect(errorText).not.toContain(form);
        expect(shown).not.toContain(form);
        expect(JSON.stringify([lookup, missing])).not.toContain(form);
      }
    }
    // A lost value cannot be recovered from the fingerprint either: it is not in responses at all.
    expect(shown).not.toContain(hmac(canary));

    // What is kept: the keyed fingerprint, and a lookup by value finds the secret.
    const [stored] = await handle.db.select().from(secrets).where(eq(secrets.id, added.id));
    expect(stored?.fingerprint).toBe(hmac(canary));
    const [replaced] = await handle.db.select().from(secrets).where(eq(secrets.id, second.id));
    expect(replaced?.fingerprint).toBe(hmac(rotated));
    expect(lookup.matches.map((m) => m.secretId)).toEqual([added.id]);
    expect(lookup.matches[0]).toMatchObject({ credentialId: id, credentialName: c.credential.name, environment: "production", secretStatus: "active" });
    expect(missing.matches).toEqual([]);

    // The audit trail says what happened without the value.
    const events = await auditEventsAfterExceptFindings(handle.db, before);
    expect(events.map((e) => e.action)).toEqual(["secret.created", "secret.created", "secret.updated", "leak.lookup", "leak.lookup"]);
    expect(events[0]?.payload).toMatchObject({ fingerprintSet: true });
    expect(events[2]?.payload).toEqual({ secretId: second.id, changes: { fingerprint: "replaced" } });
    expect(events[3]).toMatchObject({ actorId: ctx.actor?.userId, payload: { matches: [added.id] } });
    expect(events[4]?.payload).toEqual({ matches: [] });
    // Pasting the same value again changes nothing and writes nothing.
    const again = await lastAuditSeq(handle.db);
    await updateSecret(handle.db, ctx, id, second.id, updateSecretInput.parse({ fingerprintOf: rotated }));
    expect(await auditEventsAfter(handle.db, again)).toEqual([]);
    for (const e of events) expect(JSON.stringify(e.payload)).not.toContain(hmac(canary));
  });

  it("[SECRETS] leak lookup finds every secret with the same fingerprint, across credentials and environments", async () => {
    const shared = `sv-shared-${randomBytes(16).toString("hex")}`;
    const prod = await fx.credential({ environment: "production" });
    const staging = await fx.credential({ environment: "staging" });
    const other = await fx.credential({ environment: "development" });
    const a = await fx.secret(prod.credential.id, { fingerprintOf: shared });
    const b = await fx.secret(staging.credential.id, { fingerprintOf: shared, storage: "env_file" });
    await fx.secret(other.credential.id, { fingerprintOf: `${shared}x` });
    await fx.secret(other.credential.id);

    const result = await lookupLeak(handle.db, contextAs("member"), shared);
    expect(result.matches.map((m) => m.secretId).sort()).toEqual([a.id, b.id].sort());
    expect(result.matches.map((m) => [m.credentialId, m.environment]).sort()).toEqual(
      [
        [prod.credential.id, "production"],
        [staging.credential.id, "staging"],
      ].sort(),
    );
    expect((await findSecretsByFingerprint(handle.db, hmac(shared))).length).toBe(2);

    // After a rotation replaces one fingerprint, only the other secret still matches the old value.
    await updateSecret(handle.db, fx.admin, staging.credential.id, b.id, { fingerprintOf: `${shared}-rotated` });
    expect((await lookupLeak(handle.db, contextAs("member"), shared)).matches.map((m) => m.secretId)).toEqual([a.id]);
    // Clearing the fingerprint removes it from lookups.
    await updateSecret(handle.db, fx.admin, prod.credential.id, a.id, { clearFingerprint: true });
    expect((await lookupLeak(handle.db, contextAs("member"), shared)).matches).toEqual([]);
    expect(printed.join("\n")).not.toContain(shared);
  });

  it("[SECRETS] the same value is found even after its credential is decommissioned (evidence is kept)", async () => {
    const value = `sv-old-${randomBytes(16).toString("hex")}`;
    const c = await fx.credential({ environment: "production" });
    const s = await fx.secret(c.credential.id, { fingerprintOf: value });
    await fx.decommission(c.credential.id);
    expect((await lookupLeak(handle.db, contextAs("auditor"), value)).matches.map((m) => m.secretId)).toEqual([s.id]);
  });
});
