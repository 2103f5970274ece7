import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentials, findings } from "@/db/schema";
import { verifyAuditChain } from "@/db/queries/audit";
import { listFindingsOfCredential } from "@/db/queries/findings";
import { getHoldings } from "@/db/queries/queue";
import { updateCredential } from "@/lib/server/inventory/credentials";
import { applyImport, prepareImport } from "@/lib/server/inventory/import";
import { reassignOwnership } from "@/lib/server/lifecycle/departures";
import { updatePerson } from "@/lib/server/org";
import { findingListDto, holdingsDto, reassignOwnershipInput, reassignResultDto } from "@/lib/validation/queue";
import { contextAs } from "../support/context";
import { drivers, freshDatabase, type TestDatabase } from "../support/db";
import { auditEventsAfter, lastAuditSeq, rejectionOf } from "../support/audit";
import { expectAppError, inventoryFixtures, unique } from "../support/inventory";

describe.each(drivers)("[DEPARTURES] orphaned findings and bulk reassignment on %s", (driver) => {
  let handle: TestDatabase;
  let fx: ReturnType<typeof inventoryFixtures>;
  const security = contextAs("security");
  beforeAll(async () => {
    handle = await freshDatabase(driver);
    fx = inventoryFixtures(handle.db);
  });
  afterAll(async () => {
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true });
    await handle.close();
  });

  async function openOrphaned(ids: string[]) {
    const rows = await handle.db
      .select({ credentialId: findings.credentialId, details: findings.details, severity: findings.severity })
      .from(findings)
      .where(and(eq(findings.ruleId, "owner-missing"), eq(findings.status, "open"), inArray(findings.credentialId, ids)));
    return rows;
  }

  const deactivate = (personId: string) => updatePerson(handle.db, fx.admin, personId, { isActive: false });
  const reactivate = (personId: string) => updatePerson(handle.db, fx.admin, personId, { isActive: true });
  const reassign = (from: string, body: Record<string, unknown>) => reassignOwnership(handle.db, security, from, reassignOwnershipInput.parse(body));

  it("[DEPARTURES] deactivating a person flags exactly the credentials they own, back up or own the SDK of", async () => {
    const [alice, bob] = [await fx.person(), await fx.person()];
    const owned = await fx.credential({ ownerId: alice.id, backupOwnerId: bob.id });
    const backedUp = await fx.credential({ ownerId: bob.id, backupOwnerId: alice.id });
    const sdk = await fx.credential({ ownerId: bob.id, sdkOwnerId: alice.id });
    const rotationOnly = await fx.credential({ ownerId: bob.id, rotationOwnerId: alice.id, revocationOwnerId: alice.id });
    const unrelated = await fx.credential({ ownerId: bob.id });
    const retired = await fx.credential({ ownerId: alice.id });
    // Through the real service: a raw status write would leave its findings open for the next refresh to resolve.
    await fx.decommission(retired.credential.id);
    const all = [owned, backedUp, sdk, rotationOnly, unrelated, retired].map((c) => c.credential.id);

    const before = await lastAuditSeq(handle.db);
    await deactivate(alice.id);
    const open = await openOrphaned(all);
    expect(open.map((f) => f.credentialId).sort()).toEqual([owned, backedUp, sdk].map((c) => c.credential.id).sort());
    expect(open.every((f) => f.severity === "high")).toBe(true);
    const bySdk = open.find((f) => f.credentialId === sdk.credential.id);
    expect(bySdk?.details).toEqual({ inactive: [{ role: "sdkOwner", personId: alice.id, name: alice.name }] });

    const events = await auditEventsAfter(handle.db, before);
    expect(events.map((e) => e.action)).toEqual(["person.updated", "finding.opened", "finding.opened", "finding.opened"]);
    expect(events.filter((e) => e.action === "finding.opened").map((e) => e.targetId).sort()).toEqual(open.map((f) => f.credentialId).sort());

    // The Lifecycle tab's list says it in words.
    const listed = await listFindingsOfCredential(handle.db, owned.credential.id);
    expect(listed.open.filter((f) => f.ruleId === "owner-missing")).toHaveLength(1);
    expect(findingListDto.safeParse(JSON.parse(JSON.stringify(listed))).success).toBe(true);
    expect(listed.open.find((f) => f.ruleId === "owner-missing")?.summary).toBe(`${alice.name} (owner) has left the organisation; reassign ownership.`);

    // Saving the person again without a change writes nothing and opens nothing twice.
    const again = await lastAuditSeq(handle.db);
    await deactivate(alice.id);
    expect(await lastAuditSeq(handle.db)).toBe(again);
  });

  it("[DEPARTURES] reassign moves the chosen roles, resolves the findings and audits every changed credential", async () => {
    const [leaver, heir, other] = [await fx.person(), await fx.person(), await fx.person()];
    const a = await fx.credential({ ownerId: leaver.id, backupOwnerId: other.id });
    const b = await fx.credential({ ownerId: other.id, backupOwnerId: leaver.id, rotationOwnerId: leaver.id });
    const c = await fx.credential({ ownerId: other.id, sdkOwnerId: leaver.id });
    const ids = [a, b, c].map((x) => x.credential.id);
    await deactivate(leaver.id);
    expect(await openOrphaned(ids)).toHaveLength(3);

    const holdings = await getHoldings(handle.db, leaver.id);
    expect(holdings.counts).toEqual({ owner: 1, backupOwner: 1, sdkOwner: 1, rotationOwner: 1, revocationOwner: 0 });
    expect(holdings.total).toBe(3);
    expect(holdingsDto.safeParse(holdings).success).toBe(true);

    // The preview writes nothing.
    const seq = await lastAuditSeq(handle.db);
    const preview = await reassign(leaver.id, { toPersonId: heir.id, roles: ["owner", "backupOwner", "sdkOwner", "rotationOwner"], dryRun: true });
    expect(preview).toMatchObject({ dryRun: true, credentials: 3, changes: { owner: 1, backupOwner: 1, sdkOwner: 1, rotationOwner: 1, revocationOwner: 0 } });
    expect(await lastAuditSeq(handle.db)).toBe(seq);

    const result = await reassign(leaver.id, { toPersonId: heir.id, roles: ["owner", "backupOwner", "sdkOwner", "rotationOwner", "revocationOwner"] });
    expect(result).toMatchObject({ dryRun: false, credentials: 3, findingsResolved: 3 });
    expect(reassignResultDto.safeParse(result).success).toBe(true);
    const rows = await handle.db.select().from(credentials).where(inArray(credentials.id, ids));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(a.credential.id)).toMatchObject({ ownerId: heir.id, backupOwnerId: other.id });
    expect(byId.get(b.credential.id)).toMatchObject({ ownerId: other.id, backupOwnerId: heir.id, rotationOwnerId: heir.id });
    expect(byId.get(c.credential.id)).toMatchObject({ sdkOwnerId: heir.id });
    expect(await openOrphaned(ids)).toHaveLength(0);

    const events = await auditEventsAfter(handle.db, seq);
    const summary = events.filter((e) => e.action === "ownership.reassigned");
    expect(summary).toHaveLength(1);
    expect(summary[0]).toMatchObject({ targetType: "person", targetId: leaver.id });
    expect(summary[0]?.payload).toMatchObject({ toPersonId: heir.id, credentials: 3 });
    expect((summary[0]?.payload as { credentialIds: string[] }).credentialIds.sort()).toEqual([...ids].sort());
    const perCredential = events.filter((e) => e.action === "credential.updated");
    expect(perCredential.map((e) => e.targetId).sort()).toEqual([...ids].sort());
    expect(perCredential.find((e) => e.targetId === b.credential.id)?.payload).toMatchObject({
      changes: { backupOwnerId: { from: leaver.id, to: heir.id }, rotationOwnerId: { from: leaver.id, to: heir.id } },
    });
    const resolved = events.filter((e) => e.action === "finding.resolved");
    expect(resolved.map((e) => e.targetId).sort()).toEqual([...ids].sort());
    expect((await getHoldings(handle.db, leaver.id)).total).toBe(0);
  });

  it("[DEPARTURES] a partial reassignment keeps the credential flagged for the roles still held by people who left", async () => {
    const [leaverA, leaverB, heir] = [await fx.person(), await fx.person(), await fx.person()];
    const cred = await fx.credential({ ownerId: leaverA.id, backupOwnerId: leaverB.id });
    const chosenOnly = await fx.credential({ ownerId: leaverA.id });
    const notChosen = await fx.credential({ ownerId: leaverA.id });
    await deactivate(leaverA.id);
    await deactivate(leaverB.id);
    const [first] = await openOrphaned([cred.credential.id]);
    expect((first?.details as { inactive: unknown[] }).inactive).toHaveLength(2);

    await reassign(leaverA.id, { toPersonId: heir.id, roles: ["owner"], credentialIds: [cred.credential.id, chosenOnly.credential.id] });
    const [after] = await openOrphaned([cred.credential.id]);
    expect(after?.details).toEqual({ inactive: [{ role: "backupOwner", personId: leaverB.id, name: leaverB.name }] });
    expect(await openOrphaned([chosenOnly.credential.id])).toHaveLength(0);
    expect(await openOrphaned([notChosen.credential.id])).toHaveLength(1);
    const list = await listFindingsOfCredential(handle.db, cred.credential.id);
    expect(list.open.filter((f) => f.ruleId === "owner-missing")).toHaveLength(1);
    // Superseded twice: when the backup owner left too, and when the owner role moved.
    expect(list.resolved.filter((f) => f.ruleId === "owner-missing").map((f) => f.resolution)).toEqual(["Superseded: the departed role holders changed", "Superseded: the departed role holders changed"]);
  });

  it("[DEPARTURES] reactivation resolves the finding", async () => {
    const person = await fx.person();
    const cred = await fx.credential({ ownerId: person.id });
    await deactivate(person.id);
    expect(await openOrphaned([cred.credential.id])).toHaveLength(1);
    await reactivate(person.id);
    expect(await openOrphaned([cred.credential.id])).toHaveLength(0);
    const list = await listFindingsOfCredential(handle.db, cred.credential.id);
    expect(list.resolved[0]?.resolution).toBe(`${person.name} is active again`);
  });

  it("[DEPARTURES] creating or editing a credential follows who holds it", async () => {
    const [gone, active] = [await fx.person(), await fx.person()];
    await deactivate(gone.id);
    const cred = await fx.credential({ ownerId: gone.id });
    expect(await openOrphaned([cred.credential.id])).toHaveLength(1);
    await updateCredential(handle.db, fx.admin, cred.credential.id, { ownerId: active.id });
    expect(await openOrphaned([cred.credential.id])).toHaveLength(0);
    await updateCredential(handle.db, fx.admin, cred.credential.id, { sdkOwnerId: gone.id });
    expect(await openOrphaned([cred.credential.id])).toHaveLength(1);
  });

  it("[DEPARTURES] an import that marks a person as left, or names a departed owner, flags the credentials", async () => {
    const email = `${unique("leaver").toLowerCase()}@example.test`;
    const key = unique("impcred").toLowerCase();
    const key2 = unique("impcred").toLowerCase();
    const file = (active: boolean, extra = "") => `{
  "format": "steward-inventory/v1",
  "people": [ { "email": "${email}", "name": "Imported Leaver", "active": ${String(active)} } ],
  "credentials": [ { "key": "${key}", "name": "Imported", "environment": "test", "owner": "${email}" }${extra} ]
}`;
    await applyImport(handle.db, fx.admin, await prepareImport(handle.db, file(true), "json"), { mode: "apply" });
    const [row] = await handle.db.select({ id: credentials.id }).from(credentials).where(eq(credentials.key, key));
    if (!row) throw new Error("not imported");
    expect(await openOrphaned([row.id])).toHaveLength(0);

    const seq = await lastAuditSeq(handle.db);
    await applyImport(handle.db, fx.admin, await prepareImport(handle.db, file(false, `, { "key": "${key2}", "name": "Imported 2", "environment": "test", "backupOwner": "${email}" }`), "json"), { mode: "apply" });
    const [row2] = await handle.db.select({ id: credentials.id }).from(credentials).where(eq(credentials.key, key2));
    if (!row2) throw new Error("not imported");
    expect((await openOrphaned([row.id, row2.id])).map((f) => f.credentialId).sort()).toEqual([row.id, row2.id].sort());
    const opened = (await auditEventsAfter(handle.db, seq)).filter((e) => e.action === "finding.opened");
    expect(opened.map((e) => e.targetId).sort()).toEqual([row.id, row2.id].sort());
  });

  it("[DEPARTURES] bad reassignments are refused naming the field, and write nothing", async () => {
    const [from, gone, to] = [await fx.person(), await fx.person(), await fx.person()];
    const mine = await fx.credential({ ownerId: from.id });
    const notMine = await fx.credential({ ownerId: to.id });
    await deactivate(gone.id);
    const seq = await lastAuditSeq(handle.db);
    expectAppError(await rejectionOf(reassign(from.id, { toPersonId: gone.id, roles: ["owner"] })), "INVALID_INPUT", ["toPersonId"]);
    expectAppError(await rejectionOf(reassign(from.id, { toPersonId: from.id, roles: ["owner"] })), "INVALID_INPUT", ["toPersonId"]);
    expectAppError(await rejectionOf(reassign(from.id, { toPersonId: "00000000-0000-4000-8000-000000000000", roles: ["owner"] })), "INVALID_INPUT", ["toPersonId"]);
    expectAppError(await rejectionOf(reassign(from.id, { toPersonId: to.id, roles: ["owner"], credentialIds: [mine.credential.id, notMine.credential.id] })), "INVALID_INPUT", ["credentialIds"]);
    expectAppError(await rejectionOf(reassign("00000000-0000-4000-8000-000000000000", { toPersonId: to.id, roles: ["owner"] })), "NOT_FOUND");
    expect(reassignOwnershipInput.safeParse({ toPersonId: to.id, roles: [] }).success).toBe(false);
    expect(reassignOwnershipInput.safeParse({ toPersonId: to.id, roles: ["janitor"] }).success).toBe(false);
    expect(await lastAuditSeq(handle.db)).toBe(seq);
    const [still] = await handle.db.select({ ownerId: credentials.ownerId }).from(credentials).where(eq(credentials.id, mine.credential.id));
    expect(still?.ownerId).toBe(from.id);
  });

  it("[DEPARTURES] a person holding 1,200 credentials: deactivation flags all, one reassignment clears all", async () => {
    const [big, heir] = [await fx.person(), await fx.person()];
    const n = 1200;
    const tag = unique("bulk").toLowerCase();
    await handle.db.execute(sql`
      insert into credentials (key, kind, name, environment, owner_id)
      select ${tag} || '-' || g, 'oauth_client', ${tag} || ' ' || g, 'test', ${big.id}::uuid from generate_series(1, ${n}) g`);
    const ids = (await handle.db.select({ id: credentials.id }).from(credentials).where(eq(credentials.ownerId, big.id))).map((r) => r.id);
    expect(ids).toHaveLength(n);
    await deactivate(big.id);
    expect(await openOrphaned(ids)).toHaveLength(n);
    const result = await reassign(big.id, { toPersonId: heir.id, roles: ["owner"] });
    expect(result).toMatchObject({ credentials: n, findingsResolved: n });
    expect(await openOrphaned(ids)).toHaveLength(0);
  }, 120_000);
});
