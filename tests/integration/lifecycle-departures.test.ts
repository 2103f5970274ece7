import { and, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiTokens, credentials, findingExceptions, findings, users } from "@/db/schema";
import { listFindingsOfCredential } from "@/db/queries/findings";
import { getDepartureAccess, getHoldings } from "@/db/queries/queue";
import { updateCredential } from "@/lib/server/inventory/credentials";
import { applyImport, prepareImport } from "@/lib/server/inventory/import";
import { reassignOwnership } from "@/lib/server/lifecycle/departures";
import { authenticateBearer, createApiToken } from "@/lib/server/api-tokens";
import { createException } from "@/lib/server/governance/exceptions";
import { rotationDetailFor } from "@/lib/server/lifecycle/rotation-views";
import { approveRotation, requestRotation } from "@/lib/server/lifecycle/rotations";
import { createApiTokenInput } from "@/lib/validation/api-tokens";
import { createExceptionInput } from "@/lib/validation/exceptions";
import { createRotationRequestInput } from "@/lib/validation/rotation";
import { updatePerson } from "@/lib/server/org";
import { updateUser } from "@/lib/server/users";
import { findingListDto, holdingsDto, reassignOwnershipInput, reassignResultDto } from "@/lib/validation/queue";
import { contextAs } from "../support/context";
import { drivers } from "../support/db";
import { auditEventsAfter, lastAuditSeq, rejectionOf } from "../support/audit";
import { expectAppError, unique, suiteDatabase } from "../support/inventory";

describe.each(drivers)("[DEPARTURES] orphaned findings and bulk reassignment on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: true });
  const security = contextAs("security");

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

  it("[DEPARTURES] reassigning to someone who is already the other party never makes one person owner and backup owner", async () => {
    const [leaver, heir, other, stand] = [await fx.person(), await fx.person(), await fx.person(), await fx.person()];
    const a = await fx.credential({ ownerId: leaver.id, backupOwnerId: heir.id });
    const b = await fx.credential({ ownerId: heir.id, backupOwnerId: leaver.id });
    const c = await fx.credential({ ownerId: leaver.id, backupOwnerId: other.id });
    const ids = [a, b, c].map((x) => x.credential.id);
    const roles = ["owner", "backupOwner"];

    // The preview names the credentials where the new holder is already the other party.
    const seq = await lastAuditSeq(handle.db);
    const preview = await reassign(leaver.id, { toPersonId: heir.id, roles, dryRun: true });
    expect(preview).toMatchObject({ credentials: 3, needsNewBackup: { total: 2 } });
    expect(preview.needsNewBackup.items.map((i) => i.id).sort()).toEqual([a, b].map((x) => x.credential.id).sort());
    expect(preview.needsNewBackup.items.map((i) => i.name).sort()).toEqual([a, b].map((x) => x.credential.name).sort());
    expect(reassignResultDto.safeParse(JSON.parse(JSON.stringify(preview))).success).toBe(true);
    expect(await lastAuditSeq(handle.db)).toBe(seq);

    // A replacement backup who is the new holder would recreate the clash.
    expectAppError(await rejectionOf(reassign(leaver.id, { toPersonId: heir.id, roles, replacementBackupOwnerId: heir.id })), "INVALID_INPUT", ["replacementBackupOwnerId"]);
    expect(await lastAuditSeq(handle.db)).toBe(seq);

    // Default: the new holder owns them, the backup owner is left empty for a new person.
    const result = await reassign(leaver.id, { toPersonId: heir.id, roles, credentialIds: [a.credential.id, c.credential.id] });
    expect(result.needsNewBackup.total).toBe(1);
    const after = new Map((await handle.db.select().from(credentials).where(inArray(credentials.id, ids))).map((r) => [r.id, r]));
    expect(after.get(a.credential.id)).toMatchObject({ ownerId: heir.id, backupOwnerId: null });
    expect(after.get(c.credential.id)).toMatchObject({ ownerId: heir.id, backupOwnerId: other.id });
    const updated = (await auditEventsAfter(handle.db, seq)).find((e) => e.action === "credential.updated" && e.targetId === a.credential.id);
    expect(updated?.payload).toMatchObject({ changes: { ownerId: { from: leaver.id, to: heir.id }, backupOwnerId: { from: heir.id, to: null } } });

    // With a replacement: that person becomes the backup owner.
    const withStandIn = await reassign(leaver.id, { toPersonId: heir.id, roles, replacementBackupOwnerId: stand.id });
    expect(withStandIn).toMatchObject({ credentials: 1, needsNewBackup: { total: 1 } });
    const [bAfter] = await handle.db.select().from(credentials).where(eq(credentials.id, b.credential.id));
    expect(bAfter).toMatchObject({ ownerId: heir.id, backupOwnerId: stand.id });
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
    // The point is the bulk size: 1,200 credentials deactivated and reassigned through the real
    // services (findings, posture refresh, audit) take longer than a unit of work, above all on PGlite.
  }, 120_000);
  it("[DEPARTURES] a person who leaves loses Steward access at once; their pending approvals stop counting and the exceptions they approved need re-approval", async () => {
    const leaver = await fx.account("security");
    const owner = await fx.account("member");
    const team = await fx.team();
    const requester = await fx.account("member", [team.id]);
    const security2 = await fx.account("security");
    const api = await fx.api({ sensitivity: "critical" });
    const c = await fx.credential({ environment: "production", ownerId: owner.personId, owningTeamId: team.id, grants: [{ apiId: api.id, scopeIds: [] }] });
    await fx.secret(c.credential.id);
    const token = await createApiToken(handle.db, leaver.ctx, createApiTokenInput.parse({ name: "laptop", expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), storage: "vault" }));
    const meta = { method: "GET", path: "/api/v1/credentials", requestId: "r1", ip: null };
    await authenticateBearer(handle.db, token.secret, meta);
    // The leaver approved a pending rotation (2 approvals incl. security) and accepted a risk.
    const { id: requestId } = await requestRotation(handle.db, requester.ctx, c.credential.id, createRotationRequestInput.parse({ reason: "scheduled", plannedAt: new Date(Date.now() + 86_400_000).toISOString() }));
    await approveRotation(handle.db, leaver.ctx, requestId, {});
    const excepted = await fx.credential({ environment: "production", ownerId: owner.personId });
    const exception = await createException(handle.db, security2.ctx, createExceptionInput.parse({ ruleId: "backup-owner-missing", credentialId: excepted.credential.id, approverPersonId: leaver.personId, justification: "Single maintainer", compensatingControl: "Weekly review", expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() }));
    const findingOf = async () => (await handle.db.select().from(findings).where(and(eq(findings.credentialId, excepted.credential.id), eq(findings.ruleId, "backup-owner-missing")))).at(-1);
    expect(await findingOf()).toMatchObject({ status: "excepted" });

    // Before: the warning says what they hold.
    expect(await getDepartureAccess(handle.db, leaver.personId)).toMatchObject({ user: { id: leaver.userId, isActive: true }, activeApiTokens: 1, pendingApprovals: 1, liveExceptions: 1 });

    const seq = await lastAuditSeq(handle.db);
    await updatePerson(handle.db, await fx.asUser(fx.admin), leaver.personId, { isActive: false });
    const [user] = await handle.db.select({ isActive: users.isActive }).from(users).where(eq(users.id, leaver.userId));
    expect(user?.isActive).toBe(false);
    // Sessions re-read the user on every request; API tokens are refused at once.
    expectAppError(await rejectionOf(authenticateBearer(handle.db, token.secret, meta)), "UNAUTHENTICATED");
    const actions = (await auditEventsAfter(handle.db, seq)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["person.updated", "user.deactivated", "exception.revoked", "finding.reopened"]));
    // The exception ended and its finding is open again in posture.
    const [ended] = await handle.db.select().from(findingExceptions).where(eq(findingExceptions.id, exception.id));
    expect(ended?.revokedAt).not.toBeNull();
    expect(ended?.revokeReason).toContain("needs re-approval");
    expect(await findingOf()).toMatchObject({ status: "open" });
    // The rotation: the leaver's security approval no longer counts — the counter, decide and the DTO agree.
    const detail = await rotationDetailFor(handle.db, requester.ctx, requestId);
    expect(detail).toMatchObject({ state: "requested", hasSecurityApproval: false, requirement: { ignored: 1, missing: { security: true } } });
    expect(detail.approvals.find((a) => a.approver.id === leaver.userId)).toMatchObject({ counts: false });
    // Security's approval now is the first that counts, not the second: the owner's is still needed.
    await approveRotation(handle.db, security2.ctx, requestId, {});
    expect((await rotationDetailFor(handle.db, requester.ctx, requestId)).state).toBe("requested");
    await approveRotation(handle.db, owner.ctx, requestId, {});
    expect((await rotationDetailFor(handle.db, requester.ctx, requestId)).state).toBe("approved");
  });

  it("[SECURITY] a person who leaves has their API tokens revoked: coming back does not revive them (issue 13 item 1)", async () => {
    const leaver = await fx.account("member");
    const token = await createApiToken(handle.db, leaver.ctx, createApiTokenInput.parse({ name: "ci", expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), storage: "vault" }));
    const meta = { method: "GET", path: "/api/v1/credentials", requestId: "r2", ip: null };
    const seq = await lastAuditSeq(handle.db);
    const admin = await fx.asUser(fx.admin);
    await updatePerson(handle.db, admin, leaver.personId, { isActive: false });
    expect(await getDepartureAccess(handle.db, leaver.personId)).toMatchObject({ activeApiTokens: 0 });
    // They come back: the person, then the user.
    await updatePerson(handle.db, admin, leaver.personId, { isActive: true });
    await updateUser(handle.db, admin, leaver.userId, { isActive: true });
    expectAppError(await rejectionOf(authenticateBearer(handle.db, token.secret, meta)), "UNAUTHENTICATED");
    const [row] = await handle.db.select({ revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.id, token.token.id));
    expect(row?.revokedAt).not.toBeNull();
    const [record] = await handle.db.select({ status: credentials.status }).from(credentials).where(eq(credentials.id, token.token.credentialId ?? ""));
    expect(record?.status).toBe("decommissioned");
    const events = await auditEventsAfter(handle.db, seq);
    expect(events.filter((e) => e.action === "api_token.revoked").map((e) => e.targetId)).toEqual([token.token.id]);
  });

  it("[DEPARTURES] nobody marks their own person as left", async () => {
    const me = await fx.account("admin");
    const seq = await lastAuditSeq(handle.db);
    expectAppError(await rejectionOf(updatePerson(handle.db, me.ctx, me.personId, { isActive: false })), "INVALID_STATE", ["isActive"]);
    expect(await lastAuditSeq(handle.db)).toBe(seq);
  });
});
