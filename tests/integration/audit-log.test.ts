import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditEvents, people, teams } from "@/db/schema";
import { appendAuditEvent, listAuditEvents, verifyAuditChain, type AuditContext } from "@/db/queries/audit";
import { GENESIS_HASH, hashEvent } from "@/lib/domain/audit-chain";
import { audited, recordAuditEvent } from "@/lib/server/audited";
import { createPerson, createTeam } from "@/lib/server/org";
import { contextAs } from "../support/context";
import { drivers, rowsOf, type TestDatabase } from "../support/db";
import { suiteDatabase } from "../support/inventory";
import { errorText, lastAuditSeq, rejectionOf, withAuditTriggersDisabled } from "../support/audit";

const system: AuditContext = { actor: { type: "system", id: null, label: "system" }, requestId: "req-test", ip: "10.1.2.3" };

/** Writes `n` events through the real writer, each in its own transaction. */
async function writeEvents(db: TestDatabase["db"], n: number) {
  for (let i = 1; i <= n; i++) {
    await recordAuditEvent(db, system, {
      action: "team.updated",
      targetType: "team",
      targetId: `team-${i}`,
      payload: { changes: { name: { from: `Old ${i}`, to: `New ${i}` } }, n: i, nested: { list: [i, "x", null], flag: true } },
    });
  }
}

async function countRows(db: TestDatabase["db"], table: "teams" | "people" | "audit_events" | "team_members") {
  const [row] = rowsOf<{ n: string | number }>(await db.execute(sql`select count(*) as n from ${sql.identifier(table)}`));
  return Number(row?.n);
}

describe.each(drivers)("[AUDIT] audit log on %s", (driver) => {
  const { handle } = suiteDatabase(driver, { auditChain: false });

  /** Each test starts from an empty log (clearing it needs the owner's trigger switch). */
  beforeEach(async () => {
    await withAuditTriggersDisabled(handle.db, () => handle.db.execute(sql`delete from audit_events`));
    await handle.db.execute(sql`delete from team_members`);
    await handle.db.execute(sql`delete from teams`);
    await handle.db.execute(sql`delete from people`);
  });

  describe("no change without its event", () => {
    beforeEach(async () => {
      await handle.db.execute(sql`create function fail_audit() returns trigger language plpgsql as $$
        begin raise exception 'audit store unavailable (test)'; end; $$`);
      await handle.db.execute(sql`create trigger fail_audit before insert on audit_events for each row execute function fail_audit()`);
    });
    afterEach(async () => {
      await handle.db.execute(sql`drop trigger if exists fail_audit on audit_events`);
      await handle.db.execute(sql`drop function if exists fail_audit()`);
    });

    it("[AUDIT] a team whose audit insert fails is not created", async () => {
      const error = await rejectionOf(createTeam(handle.db, contextAs("admin"), { name: "Payments", kind: "application", memberIds: [] }));
      expect(errorText(error)).toContain("audit store unavailable (test)");
      expect(await countRows(handle.db, "teams")).toBe(0);
      expect(await countRows(handle.db, "audit_events")).toBe(0);
    });

    it("[AUDIT] a person whose audit insert fails is not created", async () => {
      await rejectionOf(createPerson(handle.db, contextAs("security"), { email: "ada@example.test", name: "Ada", isActive: true }));
      expect(await countRows(handle.db, "people")).toBe(0);
    });

    it("[AUDIT] members and team roll back together when the event fails", async () => {
      // Person created before the failing trigger matters: drop it for this setup step only.
      await handle.db.execute(sql`alter table audit_events disable trigger fail_audit`);
      const person = await createPerson(handle.db, contextAs("admin"), { email: "bo@example.test", name: "Bo", isActive: true });
      await handle.db.execute(sql`alter table audit_events enable trigger fail_audit`);

      await rejectionOf(createTeam(handle.db, contextAs("admin"), { name: "Platform", kind: "platform", memberIds: [person.id] }));
      expect(await countRows(handle.db, "teams")).toBe(0);
      expect(await countRows(handle.db, "team_members")).toBe(0);
      expect(await countRows(handle.db, "audit_events")).toBe(1);
    });
  });

  it("[AUDIT] an event whose payload does not match its action's schema is refused and nothing commits", async () => {
    const error = await rejectionOf(
      audited(handle.db, system, async (tx, audit) => {
        await tx.insert(teams).values({ key: "stray", name: "Stray", kind: "platform" });
        // A writer that bypasses the types (a cast, untyped JSON) is still caught before the insert.
        await audit({ action: "team.created", targetType: "team", payload: { name: "Stray" } } as never);
      }),
    );
    expect(errorText(error)).toMatch(/team\.created.*key/);
    const batch = rejectionOf(
      audited(handle.db, system, (_tx, audit) => audit.many([{ action: "team.updated", payload: { changes: {} } }, { action: "finding.opened", payload: { findingId: "f" } } as never])),
    );
    expect(errorText(await batch)).toMatch(/finding\.opened/);
    expect(await countRows(handle.db, "teams")).toBe(0);
    expect(await countRows(handle.db, "audit_events")).toBe(0);
  });

  it("[AUDIT] work that throws after its event leaves neither the change nor the event", async () => {
    await rejectionOf(
      audited(handle.db, system, async (tx, audit) => {
        await tx.insert(teams).values({ key: "ghost", name: "Ghost", kind: "platform" });
        await audit({ action: "team.created", targetType: "team", payload: { name: "Ghost", key: "ghost" } });
        throw new Error("later step failed");
      }),
    );
    expect(await countRows(handle.db, "teams")).toBe(0);
    expect(await countRows(handle.db, "audit_events")).toBe(0);
    // A rolled-back event leaves no gap: the next one is seq 1.
    await writeEvents(handle.db, 1);
    expect(await lastAuditSeq(handle.db)).toBe(1);
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true, checked: 1 });
  });

  describe("append-only", () => {
    beforeEach(async () => {
      await writeEvents(handle.db, 3);
    });

    it.each([
      ["UPDATE", sql`update audit_events set action = 'tampered' where seq = 2`],
      ["UPDATE", sql`update audit_events set payload = '{}'::jsonb`],
      ["DELETE", sql`delete from audit_events where seq = 3`],
      ["DELETE", sql`delete from audit_events`],
      ["TRUNCATE", sql`truncate audit_events`],
    ])("[AUDIT] the database rejects %s on audit_events", async (op, statement) => {
      const error = await rejectionOf(handle.db.execute(statement));
      expect(errorText(error)).toContain(`audit_events is append-only: ${op} is not allowed`);
      expect(await countRows(handle.db, "audit_events")).toBe(3);
      expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true, checked: 3 });
    });

    it("[AUDIT] the query builder cannot update or delete events either", async () => {
      expect(errorText(await rejectionOf(handle.db.update(auditEvents).set({ actorLabel: "mallory" })))).toContain("append-only");
      expect(errorText(await rejectionOf(handle.db.delete(auditEvents)))).toContain("append-only");
      const rows = await handle.db.select({ label: auditEvents.actorLabel }).from(auditEvents);
      expect(rows.map((r) => r.label)).toEqual(["system", "system", "system"]);
    });

    it("[AUDIT] a rejected UPDATE inside a transaction rolls back the whole transaction", async () => {
      await rejectionOf(
        handle.db.transaction(async (tx) => {
          await tx.insert(people).values({ email: "eve@example.test", name: "Eve" });
          await tx.execute(sql`update audit_events set action = 'x' where seq = 1`);
        }),
      );
      expect(await countRows(handle.db, "people")).toBe(0);
    });
  });

  describe("chain verification", () => {
    beforeEach(async () => {
      await writeEvents(handle.db, 5);
    });

    it("[AUDIT] a clean chain of several events verifies", async () => {
      const result = await verifyAuditChain(handle.db);
      const [last] = await handle.db.select({ hash: auditEvents.hash }).from(auditEvents).where(sql`seq = 5`);
      expect(result).toEqual({ ok: true, checked: 5, head: last?.hash });
    });

    it("[AUDIT] links each event to the previous one, starting at the genesis hash", async () => {
      const rows = await handle.db.select().from(auditEvents).orderBy(auditEvents.seq);
      expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(rows[0]?.prevHash).toBe(GENESIS_HASH);
      for (let i = 1; i < rows.length; i++) expect(rows[i]?.prevHash).toBe(rows[i - 1]?.hash);
      for (const row of rows) expect(hashEvent(row)).toBe(row.hash);
      expect(rows[0]).toMatchObject({ actorType: "system", requestId: "req-test", ip: "10.1.2.3" });
    });

    it("[AUDIT] verifier detects an edited event", async () => {
      await withAuditTriggersDisabled(handle.db, () =>
        handle.db.execute(sql`update audit_events set payload = jsonb_set(payload, '{n}', '99') where seq = 3`),
      );
      expect(await verifyAuditChain(handle.db)).toEqual({ ok: false, checked: 2, seq: 3, reason: "hash_mismatch" });
    });

    it("[AUDIT] verifier detects an edited event whose hash was recomputed, at the next link", async () => {
      const [row] = await handle.db.select().from(auditEvents).where(sql`seq = 3`);
      if (!row) throw new Error("no event 3");
      const forged = { ...row, actorLabel: "mallory" };
      await withAuditTriggersDisabled(handle.db, () =>
        handle.db.execute(sql`update audit_events set actor_label = 'mallory', hash = ${hashEvent(forged)} where seq = 3`),
      );
      expect(await verifyAuditChain(handle.db)).toEqual({ ok: false, checked: 3, seq: 4, reason: "prev_hash_mismatch" });
    });

    it("[AUDIT] verifier reports a deleted event as a gap", async () => {
      await withAuditTriggersDisabled(handle.db, () => handle.db.execute(sql`delete from audit_events where seq = 2`));
      expect(await verifyAuditChain(handle.db)).toEqual({ ok: false, checked: 1, seq: 2, reason: "gap" });
    });

    it("[AUDIT] deleting the newest event changes the reported head", async () => {
      // A chain cannot see its own tail cut off: what remains is shorter but valid. The head the
      // verifier reports is what lets an operator compare against one recorded earlier.
      const before = await verifyAuditChain(handle.db);
      await withAuditTriggersDisabled(handle.db, () => handle.db.execute(sql`delete from audit_events where seq = 5`));
      const after = await verifyAuditChain(handle.db);
      expect(after).toMatchObject({ ok: true, checked: 4 });
      expect(after.ok && before.ok && after.head !== before.head).toBe(true);
    });

    it("[AUDIT] verifier detects reordered events", async () => {
      await withAuditTriggersDisabled(handle.db, async () => {
        await handle.db.execute(sql`update audit_events set seq = -seq where seq in (2, 3)`);
        await handle.db.execute(sql`update audit_events set seq = case seq when -2 then 3 when -3 then 2 end where seq in (-2, -3)`);
      });
      expect(await verifyAuditChain(handle.db)).toEqual({ ok: false, checked: 1, seq: 2, reason: "prev_hash_mismatch" });
    });
  });

  it("[AUDIT] verifier pages through a log longer than one batch", async () => {
    // Build 1,205 chained events directly (the writer would be slow for this many) and insert them in bulk.
    const events: (typeof auditEvents.$inferInsert)[] = [];
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 1205; seq++) {
      const fields = {
        seq,
        occurredAt: new Date(Date.UTC(2025, 0, 1) + seq * 1000),
        actorType: "system" as const,
        actorId: null,
        actorLabel: "system",
        action: "audit.verified",
        targetType: null,
        targetId: null,
        payload: { seq },
        requestId: null,
        ip: null,
        prevHash: prev,
      };
      prev = hashEvent(fields);
      events.push({ ...fields, hash: prev });
    }
    for (let i = 0; i < events.length; i += 300) await handle.db.insert(auditEvents).values(events.slice(i, i + 300));
    expect(await verifyAuditChain(handle.db)).toEqual({ ok: true, checked: 1205, head: prev });

    await withAuditTriggersDisabled(handle.db, () => handle.db.execute(sql`update audit_events set action = 'x' where seq = 1103`));
    expect(await verifyAuditChain(handle.db)).toEqual({ ok: false, checked: 1102, seq: 1103, reason: "hash_mismatch" });
  });

  it("[AUDIT] concurrent writers produce one unbroken chain", async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => recordAuditEvent(handle.db, system, { action: "team.updated", payload: { changes: {}, i } })),
    );
    const rows = await handle.db.select({ seq: auditEvents.seq }).from(auditEvents).orderBy(auditEvents.seq);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true, checked: 12 });
  });

  it("[AUDIT] audit.many chains a batch in order, interleaved with single events, alongside concurrent writers", async () => {
    const batch = (tag: string, n: number) => Array.from({ length: n }, (_, i) => ({ action: "team.updated" as const, targetId: `${tag}-${i}`, payload: { changes: {}, i } }));
    await Promise.all([
      audited(handle.db, system, async (_tx, audit) => {
        await audit({ action: "team.created", targetId: "a-first", payload: { name: "A", key: "a" } });
        await audit.many(batch("a", 1_200));
        await audit({ action: "team.created", targetId: "a-last", payload: { name: "A", key: "a" } });
      }),
      audited(handle.db, system, async (_tx, audit) => {
        await audit.many(batch("b", 3));
        await audit.many([]);
      }),
      recordAuditEvent(handle.db, system, { action: "person.updated", targetId: "c", payload: { changes: {} } }),
    ]);
    const rows = await handle.db.select({ seq: auditEvents.seq, targetId: auditEvents.targetId }).from(auditEvents).orderBy(auditEvents.seq);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 1_206 }, (_, i) => i + 1));
    // One transaction's events stay together and in the order they were written.
    const a = rows.filter((r) => r.targetId?.startsWith("a-")).map((r) => r.targetId);
    expect(a).toEqual(["a-first", ...batch("a", 1_200).map((e) => e.targetId), "a-last"]);
    const aSeqs = rows.filter((r) => r.targetId?.startsWith("a-")).map((r) => r.seq);
    expect((aSeqs.at(-1) ?? 0) - (aSeqs[0] ?? 0)).toBe(1_201);
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true, checked: 1_206 });
  });

  it("[AUDIT] payload values round-trip through jsonb without breaking the hash", async () => {
    await recordAuditEvent(handle.db, system, {
      action: "person.updated",
      payload: {
        changes: {},
        zeta: 1,
        alpha: { b: [1.5, -0, 1e21, "ü ✓ 😀"], a: null },
        when: new Date(Date.UTC(2025, 3, 4, 5, 6, 7, 890)),
        skipped: undefined,
        "": "empty key",
        long: "x".repeat(5000),
      },
    });
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true, checked: 1 });
  });

  it("[AUDIT] appendAuditEvent numbers events from 1 within the caller's transaction", async () => {
    const seqs = await handle.db.transaction(async (tx) => [
      await appendAuditEvent(tx, system, { action: "team.created", payload: { name: "T", key: "t" } }),
      await appendAuditEvent(tx, system, { action: "team.updated", payload: { changes: {} } }),
    ]);
    expect(seqs).toEqual([1, 2]);
  });

  it("[AUDIT] listAuditEvents filters and pages newest first", async () => {
    for (let i = 1; i <= 5; i++) {
      await recordAuditEvent(handle.db, system, { ...(i % 2 ? { action: "team.created", payload: { name: `T${i}`, key: `t${i}` } } : { action: "person.created", payload: { name: `P${i}` } }), targetType: "team", targetId: `t${i}` } as const);
    }
    const page1 = await listAuditEvents(handle.db, { limit: 2 });
    expect(page1.items.map((e) => e.seq)).toEqual([5, 4]);
    expect(page1.nextCursor).toBe(4);
    const page2 = await listAuditEvents(handle.db, { limit: 2, before: page1.nextCursor ?? undefined });
    expect(page2.items.map((e) => e.seq)).toEqual([3, 2]);
    const page3 = await listAuditEvents(handle.db, { limit: 2, before: page2.nextCursor ?? undefined });
    expect(page3.items.map((e) => e.seq)).toEqual([1]);
    expect(page3.nextCursor).toBeNull();

    const created = await listAuditEvents(handle.db, { action: "team.created", limit: 50 });
    expect(created.items.map((e) => e.seq)).toEqual([5, 3, 1]);
    const one = await listAuditEvents(handle.db, { targetType: "team", targetId: "t2", limit: 50 });
    expect(one.items.map((e) => e.seq)).toEqual([2]);
    const none = await listAuditEvents(handle.db, { from: new Date(Date.now() + 3_600_000), limit: 50 });
    expect(none.items).toEqual([]);
  });
});
