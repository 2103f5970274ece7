import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { desc, eq, gt } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { verifyAuditChain, type AuditContext } from "@/db/queries/audit";
import { auditEvents } from "@/db/schema";
import { recordAuditEvent } from "@/lib/server/audited";
import { readLatestCheckpoint, verifyAgainstCheckpoint, writeAuditCheckpoint } from "@/lib/server/audit-checkpoint";
import { generateSigningKeyPem, signingKeyFromPem } from "@/lib/server/signing";
import { drivers } from "../support/db";
import { suiteDatabase } from "../support/inventory";
import { withAuditTriggersDisabled } from "../support/audit";

const system: AuditContext = { actor: { type: "system", id: null, label: "system" }, requestId: "req-checkpoint", ip: null };
const key = signingKeyFromPem(generateSigningKeyPem());
const dirs: string[] = [];
const freshDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "steward-checkpoints-"));
  dirs.push(dir);
  return dir;
};

describe.each(drivers)("[SECURITY] signed audit checkpoints detect deleted newest events on %s (issue 13 item 13)", (driver) => {
  const { handle } = suiteDatabase(driver, { auditChain: false });
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  const write = async (n: number) => {
    for (let i = 0; i < n; i++) await recordAuditEvent(handle.db, system, { action: "team.updated", targetType: "team", targetId: `t-${i}`, payload: { changes: {}, i } });
  };

  it("deleting the newest events keeps a valid chain, but the checkpoint reports the truncation", async () => {
    const dir = freshDir();
    await write(5);
    const first = await writeAuditCheckpoint(handle.db, new Date(), dir, key);
    expect(first.written).toBe(true);
    const checkpoint = readLatestCheckpoint(dir);
    expect(checkpoint).toMatchObject({ version: 1, seq: first.seq, publicKey: key.publicKey });
    expect(fs.statSync(path.join(dir, "latest.json")).mode & 0o077).toBe(0);
    // Unchanged head: nothing rewritten.
    expect((await writeAuditCheckpoint(handle.db, new Date(), dir, key)).written).toBe(false);
    expect((await verifyAgainstCheckpoint(handle.db, dir, key.publicKey)).verdict).toEqual({ ok: true });

    // Later events are fine: the checkpoint is behind the head, on the same chain.
    await write(2);
    expect((await verifyAgainstCheckpoint(handle.db, dir, key.publicKey)).verdict).toEqual({ ok: true });

    // An attacker with owner rights deletes the newest three events (including the checkpointed head).
    const [top] = await handle.db.select({ seq: auditEvents.seq }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
    await withAuditTriggersDisabled(handle.db, () => handle.db.delete(auditEvents).where(gt(auditEvents.seq, (top?.seq ?? 0) - 3)));
    // The chain alone cannot tell (this is the finding)...
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true });
    // ...the checkpoint can.
    const { verdict } = await verifyAgainstCheckpoint(handle.db, dir, key.publicKey);
    expect(verdict).toMatchObject({ ok: false, reason: "truncated" });
    expect(verdict.ok ? "" : verdict.message).toMatch(/TRUNCATED: the database ends at seq \d+, but a checkpoint .* saw seq \d+/);
  });

  it("refuses an altered checkpoint, one signed by another key, and a rewritten head", async () => {
    const dir = freshDir();
    await write(2);
    const { seq } = await writeAuditCheckpoint(handle.db, new Date(), dir, key);
    const file = path.join(dir, "latest.json");
    const original = fs.readFileSync(file, "utf8");

    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(original), seq: (seq ?? 0) - 1 }));
    expect((await verifyAgainstCheckpoint(handle.db, dir, key.publicKey)).verdict).toMatchObject({ ok: false, reason: "bad_signature" });

    const other = signingKeyFromPem(generateSigningKeyPem());
    fs.writeFileSync(file, original);
    expect((await verifyAgainstCheckpoint(handle.db, dir, other.publicKey)).verdict).toMatchObject({ ok: false, reason: "foreign_key" });

    await withAuditTriggersDisabled(handle.db, () => handle.db.update(auditEvents).set({ hash: "f".repeat(64) }).where(eq(auditEvents.seq, seq ?? 0)));
    expect((await verifyAgainstCheckpoint(handle.db, dir, key.publicKey)).verdict).toMatchObject({ ok: false, reason: "hash_mismatch" });
  });
});
