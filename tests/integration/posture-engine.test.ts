import { and, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { credentialPosture, credentials, findings } from "@/db/schema";
import { updateCredential } from "@/lib/server/inventory/credentials";
import { updateApplication, updateApi } from "@/lib/server/inventory/registry";
import { updatePolicy } from "@/lib/server/inventory/policies";
import { updatePerson } from "@/lib/server/org";
import { sweepPosture } from "@/lib/server/posture/sweep";
import { listPolicies } from "@/db/queries/registry";
import { updateCredentialInput, updatePolicyInput } from "@/lib/validation/inventory";
import { drivers, rowsOf } from "../support/db";
import { auditEventsAfter, lastAuditSeq, rejectionOf } from "../support/audit";
import { DAY, suiteDatabase } from "../support/inventory";

/** DESIGN §5.1: findings follow their inputs in the same transaction, and the sweep catches time. */
describe.each(drivers)("[POSTURE] the posture engine on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: false });

  const live = async (credentialId: string) =>
    (await handle.db.select().from(findings).where(and(eq(findings.credentialId, credentialId), inArray(findings.status, ["open", "excepted"])))).map((f) => f.ruleId).sort();
  const finding = async (credentialId: string, ruleId: string) => (await handle.db.select().from(findings).where(and(eq(findings.credentialId, credentialId), eq(findings.ruleId, ruleId)))).at(-1);

  it("[POSTURE] every credential has its posture row from the moment it is inserted, one statement or many", async () => {
    const { credential } = await fx.credential({});
    const bulk = await handle.db
      .insert(credentials)
      .values([0, 1, 2].map((i) => ({ key: `posture-row-${i}-${credential.id}`, name: `posture row ${i}`, kind: "api_key" as const, environment: "test" as const })))
      .returning({ id: credentials.id });
    const ids = [credential.id, ...bulk.map((b) => b.id)];
    const rows = await handle.db.select({ id: credentialPosture.credentialId, checked: credentialPosture.checkedAt }).from(credentialPosture).where(inArray(credentialPosture.credentialId, ids));
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    // Inserted directly (not through the service), so never checked yet: first in the sweep's order.
    expect(rows.filter((r) => bulk.some((b) => b.id === r.id)).every((r) => r.checked === null)).toBe(true);
  });

  it("[POSTURE] a finding opens with the change that causes it, audited in the same transaction, and resolves itself when the cause is gone", async () => {
    const [owner, backup] = [await fx.person(), await fx.person()];
    const { credential } = await fx.credential({ ownerId: owner.id, backupOwnerId: backup.id });
    expect(await live(credential.id)).not.toContain("backup-owner-missing");
    const seq = await lastAuditSeq(handle.db);
    await updateCredential(handle.db, fx.admin, credential.id, updateCredentialInput.parse({ backupOwnerId: null }));
    expect(await live(credential.id)).toContain("backup-owner-missing");
    const events = await auditEventsAfter(handle.db, seq);
    expect(events.map((e) => e.action)).toEqual(["credential.updated", "finding.opened"]);
    expect(events[1]?.payload).toMatchObject({ ruleId: "backup-owner-missing", severity: "medium" });
    const [row] = await handle.db.select({ applicable: credentialPosture.applicableRules, checked: credentialPosture.checkedAt }).from(credentialPosture).where(eq(credentialPosture.credentialId, credential.id));
    expect(row?.applicable).toContain("backup-owner-missing");
    expect(row?.checked).not.toBeNull();

    await updateCredential(handle.db, fx.admin, credential.id, updateCredentialInput.parse({ backupOwnerId: backup.id }));
    expect(await live(credential.id)).not.toContain("backup-owner-missing");
    expect(await finding(credential.id, "backup-owner-missing")).toMatchObject({ status: "resolved", resolution: "Cause gone: the rule no longer fires" });
  });

  it("[POSTURE] a refused change leaves no finding and no event", async () => {
    const { credential } = await fx.credential({ environment: "staging" });
    const before = await live(credential.id);
    const seq = await lastAuditSeq(handle.db);
    await rejectionOf(updateCredential(handle.db, fx.admin, credential.id, updateCredentialInput.parse({ environment: "production", ownerId: "00000000-0000-4000-8000-000000000000" })));
    expect(await live(credential.id)).toEqual(before);
    expect(await auditEventsAfter(handle.db, seq)).toEqual([]);
  });

  it("[POSTURE] a secret reused on two credentials flags both; superseding one resolves both", async () => {
    const a = (await fx.credential()).credential;
    const b = (await fx.credential({ environment: "staging" })).credential;
    const sa = await fx.secret(a.id, { fingerprintOf: "same-value-for-both" });
    await fx.secret(b.id, { fingerprintOf: "same-value-for-both" });
    expect(await live(a.id)).toEqual(expect.arrayContaining(["secret-reused", "cross-environment"]));
    expect(await live(b.id)).toEqual(expect.arrayContaining(["secret-reused", "cross-environment"]));
    const { updateSecret } = await import("@/lib/server/inventory/credentials");
    const { updateSecretInput } = await import("@/lib/validation/inventory");
    await updateSecret(handle.db, fx.admin, a.id, sa.id, updateSecretInput.parse({ status: "superseded" }));
    expect(await live(a.id)).not.toContain("secret-reused");
    expect(await live(b.id)).not.toContain("secret-reused");
    expect(await live(b.id)).not.toContain("cross-environment");
  });

  it("[POSTURE] registry and policy changes re-evaluate the credentials they touch", async () => {
    const app = await fx.application();
    const api = await fx.api();
    const { credential } = await fx.credential({ applicationIds: [app.id], accessTokenTtlSeconds: 1200, grants: [{ apiId: api.id, scopeIds: api.scopes.slice(0, 1).map((s) => s.id) }] });
    expect(await live(credential.id)).not.toContain("orphaned-after-retirement");
    await updateApplication(handle.db, fx.admin, app.id, { status: "retired" });
    expect(await live(credential.id)).toContain("orphaned-after-retirement");
    await updateApi(handle.db, fx.admin, api.id, { trustZone: "partner" });
    expect(await live(credential.id)).toContain("cross-trust-zone");

    const [row] = await handle.db.select({ policyId: credentials.effectivePolicyId }).from(credentials).where(eq(credentials.id, credential.id));
    const policy = (await listPolicies(handle.db)).find((p) => p.id === row?.policyId);
    if (!policy) throw new Error("no effective policy");
    const ttl = async () => (await live(credential.id)).includes("token-ttl-excessive");
    await updatePolicy(handle.db, fx.admin, policy.id, updatePolicyInput.parse({ maxAccessTokenTtlSeconds: 600 }));
    expect(await ttl()).toBe(true);
    await updatePolicy(handle.db, fx.admin, policy.id, updatePolicyInput.parse({ maxAccessTokenTtlSeconds: 1200 }));
    expect(await ttl()).toBe(false);
    await updatePolicy(handle.db, fx.admin, policy.id, updatePolicyInput.parse({ maxAccessTokenTtlSeconds: policy.maxAccessTokenTtlSeconds }));
  });

  it("[POSTURE] a person leaving flags what they own", async () => {
    const owner = await fx.person();
    const { credential } = await fx.credential({ ownerId: owner.id });
    await updatePerson(handle.db, fx.admin, owner.id, { isActive: false });
    expect(await live(credential.id)).toContain("owner-missing");
  });

  it("[POSTURE] the sweep opens rotation-overdue when a due date passes without any edit, escalates it after 30 days, and two sweeps never double-open", async () => {
    const { credential } = await fx.credential({ environment: "development" });
    await fx.secret(credential.id, { issuedAt: new Date().toISOString() });
    const [row] = await handle.db.select({ due: credentials.rotationDueAt }).from(credentials).where(eq(credentials.id, credential.id));
    if (!row?.due) throw new Error("no due date");
    expect(await live(credential.id)).not.toContain("rotation-overdue");
    const late = new Date(row.due.getTime() + DAY);
    const [first, second] = await Promise.all([sweepPosture(handle.db, late, { staleMs: 0, maxBatches: 1000 }), sweepPosture(handle.db, late, { staleMs: 0, maxBatches: 1000 })]);
    expect(first.checked + second.checked).toBeGreaterThan(0);
    expect(await finding(credential.id, "rotation-overdue")).toMatchObject({ status: "open", severity: "high" });
    expect((await handle.db.select().from(findings).where(and(eq(findings.credentialId, credential.id), eq(findings.ruleId, "rotation-overdue")))).length).toBe(1);
    await sweepPosture(handle.db, new Date(row.due.getTime() + 31 * DAY), { staleMs: 0, maxBatches: 1000 });
    expect(await finding(credential.id, "rotation-overdue")).toMatchObject({ status: "open", severity: "critical" });
  });

  it("[POSTURE] one sweep tick is bounded by time, not by a count: past its budget no batch starts (the first always runs); within it every stale credential is checked", async () => {
    for (let i = 0; i < 22; i++) await fx.credential();
    const at = new Date(Date.now() + 10 * DAY);
    const spent = await sweepPosture(handle.db, at, { staleMs: 0, batchSize: 1, budgetMs: 0 });
    expect(spent.checked).toBe(1);
    const [stale] = rowsOf<{ n: number }>(await handle.db.execute(sql`select count(*)::int as n from credential_posture p join credentials c on c.id = p.credential_id where c.status <> 'decommissioned' and coalesce(p.checked_at, '-infinity') < ${at.toISOString()}::timestamptz`));
    // 21 batches of one: more than the 20-batch bound a tick had before.
    const rest = await sweepPosture(handle.db, at, { staleMs: 0, batchSize: 1 });
    expect(rest.checked).toBe(stale?.n);
    expect(rest.checked).toBeGreaterThan(20);
  });

  it("[POSTURE] decommissioning resolves every live finding and leaves nothing applicable", async () => {
    const { credential } = await fx.credential({ grants: [] });
    expect((await live(credential.id)).length).toBeGreaterThan(0);
    await fx.decommission(credential.id);
    expect(await live(credential.id)).toEqual([]);
    const [row] = await handle.db.select({ applicable: credentialPosture.applicableRules }).from(credentialPosture).where(eq(credentialPosture.credentialId, credential.id));
    expect(row?.applicable).toEqual([]);
  });
});
