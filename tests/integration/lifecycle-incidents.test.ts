import { and, eq, inArray, ne } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { credentials, findings, leakIncidents, notificationDeliveries, notifications, rotationRequests, secrets, users } from "@/db/schema";
import { listIncidents } from "@/db/queries/incidents";
import { updateSecret } from "@/lib/server/inventory/credentials";
import { audited } from "@/lib/server/audited";
import { auditContext, type RequestContext } from "@/lib/server/context";
import { incidentFor, reportLeak } from "@/lib/server/lifecycle/incidents";
import { remediateLeakIncidents } from "@/lib/server/lifecycle/leak-remediation";
import { rotationDetailFor } from "@/lib/server/lifecycle/rotation-views";
import { approveRotation, completeRotation, requestRotation } from "@/lib/server/lifecycle/rotations";
import type { Role } from "@/lib/authz/permissions";
import { updateSecretInput } from "@/lib/validation/inventory";
import { completeRotationInput, createRotationRequestInput, incidentFilters, reportLeakInput } from "@/lib/validation/rotation";
import { drivers } from "../support/db";
import { auditEventsAfter, auditEventsAfterExceptFindings, lastAuditSeq, rejectionOf } from "../support/audit";
import { DAY, expectAppError, suiteDatabase } from "../support/inventory";

type Account = { personId: string; userId: string; ctx: RequestContext };

describe.each(drivers)("[INCIDENTS] leak incidents on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: true });
  let criticalApiId: string;

  beforeAll(async () => {
    criticalApiId = (await fx.api({ sensitivity: "critical" })).id;
  });

  /** A person who is also a signed-in user of `role` (rotation rows reference real users), in `teamIds`. */
  const account = (role: Role, teamIds: string[] = []): Promise<Account> => fx.account(role, teamIds);

  async function cast() {
    const team = await fx.team();
    const member = await account("member", [team.id]);
    const owner = await account("member");
    const security = await account("security");
    const outsider = await account("member");
    const c = await fx.credential({ environment: "production", ownerId: owner.personId, owningTeamId: team.id, grants: [{ apiId: criticalApiId, scopeIds: [] }] });
    const credentialId = c.credential.id;
    const leaked = await fx.secret(credentialId, { issuedAt: "2026-01-01T00:00:00Z", fingerprintOf: "leaked-value" });
    return { team, member, owner, security, outsider, credentialId, secretId: leaked.id };
  }

  const report = (ctx: RequestContext, credentialId: string, secretId: string, body: Record<string, unknown> = {}, now?: Date) =>
    reportLeak(handle.db, ctx, credentialId, secretId, reportLeakInput.parse({ source: "public GitHub repository", detectedAt: new Date(Date.now() - 3_600_000).toISOString(), ...body }), now);
  const incidentRow = async (id: string) => (await handle.db.select().from(leakIncidents).where(eq(leakIncidents.id, id)))[0];
  const openLeakFindings = (credentialId: string) =>
    handle.db.select().from(findings).where(and(eq(findings.credentialId, credentialId), eq(findings.ruleId, "secret-leaked"), eq(findings.status, "open")));

  it("[INCIDENTS] marking a secret leaked opens an incident, an emergency rotation requested by the reporter and a critical finding, in one audited transaction", async () => {
    const k = await cast();
    const detectedAt = new Date(Date.now() - 2 * 3_600_000);
    const seq = await lastAuditSeq(handle.db);
    const result = await report(k.member.ctx, k.credentialId, k.secretId, { detectedAt: detectedAt.toISOString(), note: "found by scanner" });

    const [secret] = await handle.db.select().from(secrets).where(eq(secrets.id, k.secretId));
    expect(secret).toMatchObject({ status: "leaked", leakSource: "public GitHub repository", remediatedAt: null });
    expect(secret?.leakedAt?.getTime()).toBe(detectedAt.getTime());
    expect(await incidentRow(result.incidentId)).toMatchObject({ status: "open", secretId: k.secretId, openedById: k.member.userId, rotationRequestId: result.rotationRequestId });
    const [request] = await handle.db.select().from(rotationRequests).where(eq(rotationRequests.id, result.rotationRequestId));
    expect(request).toMatchObject({ state: "requested", reason: "compromise", requesterId: k.member.userId, secretId: k.secretId });
    const open = await openLeakFindings(k.credentialId);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ severity: "critical", details: { secretIds: [k.secretId], leakedAt: detectedAt.toISOString() } });

    const events = await auditEventsAfterExceptFindings(handle.db, seq, ["secret-leaked"]);
    expect(events.map((e) => e.action)).toEqual(["rotation.requested", "finding.opened", "leak.reported"]);
    expect(events.at(-1)?.payload).toMatchObject({ incidentId: result.incidentId, secretId: k.secretId, rotationRequestId: result.rotationRequestId, source: "public GitHub repository" });
    expect(JSON.stringify(events)).not.toContain("leaked-value");

    // Security and the owner hear about it; only security is asked to approve the emergency rotation:
    // the owner's approval cannot advance it (one break-glass approval by security or an admin).
    const sent = await handle.db
      .select({ key: notifications.dedupeKey, userId: notificationDeliveries.recipientUserId, channel: notificationDeliveries.channel })
      .from(notifications)
      .innerJoin(notificationDeliveries, eq(notificationDeliveries.notificationId, notifications.id))
      .where(eq(notifications.credentialId, k.credentialId));
    const inApp = (key: string) => sent.filter((s) => s.key === key && s.channel === "in_app").map((s) => s.userId);
    expect(inApp(`incident:${result.incidentId}:reported`)).toEqual(expect.arrayContaining([k.security.userId, k.owner.userId]));
    expect(inApp(`rotation:${result.rotationRequestId}:requested`)).toContain(k.security.userId);
    expect(inApp(`rotation:${result.rotationRequestId}:requested`)).not.toContain(k.owner.userId);
  });

  it("[INCIDENTS] completing the emergency rotation remediates the incident with its time to remediate and resolves the finding", async () => {
    const k = await cast();
    const detectedAt = new Date(Date.now() - 5 * 3_600_000);
    const { incidentId, rotationRequestId } = await report(k.member.ctx, k.credentialId, k.secretId, { detectedAt: detectedAt.toISOString() });
    // The reporter requested it, so they cannot approve it; one security approval is enough (break-glass).
    expectAppError(await rejectionOf(approveRotation(handle.db, k.member.ctx, rotationRequestId, {})), "FORBIDDEN");
    await approveRotation(handle.db, k.security.ctx, rotationRequestId, {});
    const [approved] = await handle.db.select().from(rotationRequests).where(eq(rotationRequests.id, rotationRequestId));
    expect(approved).toMatchObject({ state: "approved", breakGlass: true });

    const completedAt = new Date();
    const seq = await lastAuditSeq(handle.db);
    await completeRotation(
      handle.db,
      k.member.ctx,
      rotationRequestId,
      completeRotationInput.parse({
        newSecret: { kind: "client_secret", storage: "vault", fingerprintOf: "fresh-value" },
        oldSecretDisposition: "revoked",
        checklist: { deployedToAllConsumers: true, oldSecretRevoked: true },
      }),
      completedAt,
    );
    const incident = await incidentRow(incidentId);
    expect(incident).toMatchObject({ status: "remediated", remediation: `rotated (request ${rotationRequestId})` });
    expect(incident?.remediatedAt?.getTime()).toBe(completedAt.getTime());
    expect(incident?.remediationSeconds).toBe(Math.floor((completedAt.getTime() - detectedAt.getTime()) / 1000));
    const [old] = await handle.db.select().from(secrets).where(eq(secrets.id, k.secretId));
    expect(old).toMatchObject({ status: "revoked", leakSource: "public GitHub repository" });
    expect(old?.remediatedAt?.getTime()).toBe(completedAt.getTime());
    expect(await openLeakFindings(k.credentialId)).toHaveLength(0);
    const actions = (await auditEventsAfter(handle.db, seq)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["incident.remediated", "finding.resolved", "rotation.completed"]));
    const listed = await listIncidents(handle.db, incidentFilters.parse({ status: "remediated", credentialId: k.credentialId }));
    expect(listed.items.map((i) => i.id)).toEqual([incidentId]);
    expect(listed.items[0]).toMatchObject({ rotationRequestState: "completed", secretStatus: "revoked" });
  });

  it("[INCIDENTS] an open ordinary request is cancelled in favour of the emergency one", async () => {
    const k = await cast();
    const scheduled = await requestRotation(handle.db, k.member.ctx, k.credentialId, createRotationRequestInput.parse({ reason: "scheduled", plannedAt: new Date(Date.now() + 7 * DAY).toISOString() }));
    const seq = await lastAuditSeq(handle.db);
    const { rotationRequestId } = await report(k.security.ctx, k.credentialId, k.secretId);
    expect(rotationRequestId).not.toBe(scheduled.id);
    const [old] = await handle.db.select().from(rotationRequests).where(eq(rotationRequests.id, scheduled.id));
    expect(old?.state).toBe("cancelled");
    expect(old?.decisionNote).toContain("emergency");
    const [fresh] = await handle.db.select().from(rotationRequests).where(eq(rotationRequests.id, rotationRequestId));
    expect(fresh).toMatchObject({ reason: "compromise", requesterId: k.security.userId, state: "requested" });
    expect((await auditEventsAfterExceptFindings(handle.db, seq, ["secret-leaked"])).map((e) => e.action)).toEqual(["rotation.cancelled", "rotation.requested", "finding.opened", "leak.reported"]);
  });

  it("[INCIDENTS] bad reports: a second report of an open leak is 409, a future detection is 422 naming detectedAt, outsiders are 403, revoked secrets and decommissioned credentials are 409", async () => {
    const k = await cast();
    expectAppError(await rejectionOf(report(k.member.ctx, k.credentialId, k.secretId, { detectedAt: new Date(Date.now() + DAY).toISOString() })), "INVALID_INPUT", ["detectedAt"]);
    expectAppError(await rejectionOf(report(k.outsider.ctx, k.credentialId, k.secretId)), "FORBIDDEN");
    expect(await handle.db.select().from(leakIncidents).where(eq(leakIncidents.credentialId, k.credentialId))).toHaveLength(0);
    await report(k.member.ctx, k.credentialId, k.secretId);
    expectAppError(await rejectionOf(report(k.security.ctx, k.credentialId, k.secretId)), "CONFLICT", ["secretId"]);
    const revoked = await fx.secret(k.credentialId, { status: "revoked" });
    expectAppError(await rejectionOf(report(k.member.ctx, k.credentialId, revoked.id)), "CONFLICT", ["secretId"]);
    const other = await fx.credential({ owningTeamId: k.team.id });
    const otherSecret = await fx.secret(other.credential.id);
    expectAppError(await rejectionOf(report(k.member.ctx, k.credentialId, otherSecret.id)), "NOT_FOUND");
    await handle.db.update(credentials).set({ status: "decommissioned" }).where(eq(credentials.id, other.credential.id));
    expectAppError(await rejectionOf(report(k.member.ctx, other.credential.id, otherSecret.id)), "CONFLICT");
  });

  it("[INCIDENTS] the secret edit cannot set or clear 'leaked' behind the incident's back (422 naming status)", async () => {
    const k = await cast();
    const toLeaked = await rejectionOf(updateSecret(handle.db, k.member.ctx, k.credentialId, k.secretId, updateSecretInput.parse({ status: "leaked" })));
    expectAppError(toLeaked, "INVALID_INPUT", ["status"]);
    await report(k.member.ctx, k.credentialId, k.secretId);
    const fromLeaked = await rejectionOf(updateSecret(handle.db, k.member.ctx, k.credentialId, k.secretId, updateSecretInput.parse({ status: "active" })));
    expectAppError(fromLeaked, "INVALID_INPUT", ["status"]);
  });

  it("[INCIDENTS] remediateLeakIncidents (the decommission path) resolves the finding only when no incident of the credential stays open", async () => {
    const k = await cast();
    const second = await fx.secret(k.credentialId, { issuedAt: "2026-02-01T00:00:00Z" });
    const detectedAt = new Date(Date.now() - 3_600_000);
    const first = await report(k.member.ctx, k.credentialId, k.secretId, { detectedAt: detectedAt.toISOString() });
    // The second leak replaces the first emergency request only if it is for another secret: it is, so it is cancelled.
    const other = await report(k.member.ctx, k.credentialId, second.id, { detectedAt: detectedAt.toISOString() });
    expect(other.rotationRequestId).not.toBe(first.rotationRequestId);
    const at = new Date();
    const one = await audited(handle.db, auditContext(k.security.ctx), (tx, audit) =>
      remediateLeakIncidents(tx, audit, { credentialId: k.credentialId, secretIds: [k.secretId], at, remediation: "credential decommissioned" }),
    );
    expect(one).toBe(1);
    expect(await openLeakFindings(k.credentialId)).toHaveLength(1);
    const rest = await audited(handle.db, auditContext(k.security.ctx), (tx, audit) =>
      remediateLeakIncidents(tx, audit, { credentialId: k.credentialId, at, remediation: "credential decommissioned" }),
    );
    expect(rest).toBe(1);
    expect(await openLeakFindings(k.credentialId)).toHaveLength(0);
    expect((await incidentRow(other.incidentId))?.remediationSeconds).toBe(Math.floor((at.getTime() - detectedAt.getTime()) / 1000));
    const again = await audited(handle.db, auditContext(k.security.ctx), (tx, audit) =>
      remediateLeakIncidents(tx, audit, { credentialId: k.credentialId, at, remediation: "credential decommissioned" }),
    );
    expect(again).toBe(0);
    const open = await listIncidents(handle.db, incidentFilters.parse({ status: "open", credentialId: k.credentialId }));
    expect(open.items).toHaveLength(0);
  });

  // Last in the file: they deactivate every other security user and admin of this database.
  it("[INCIDENTS] no deadlock: the reporter approves their own emergency rotation only through audited break-glass, with a note, and only while nobody else can", async () => {
    const reporter = await fx.account("security");
    const owner = await fx.account("member");
    const c = await fx.credential({ environment: "production", ownerId: owner.personId });
    const leaked = await fx.secret(c.credential.id, { fingerprintOf: "leaked-value" });
    // Nobody else may give a break-glass approval: every other security user and admin is gone.
    await handle.db.update(users).set({ isActive: false }).where(and(inArray(users.role, ["security", "admin"]), ne(users.id, reporter.userId)));
    const input = reportLeakInput.parse({ source: "pastebin", detectedAt: new Date(Date.now() - 60_000).toISOString(), note: "Found by the secret scanner in build 4411" });
    const { incidentId, rotationRequestId } = await reportLeak(handle.db, reporter.ctx, c.credential.id, leaked.id, input);

    // The note typed when marking the leak is shown on the incident.
    expect(await incidentFor(handle.db, incidentId)).toMatchObject({ note: "Found by the secret scanner in build 4411" });
    // What is needed and who can give it: the reporter, through break-glass.
    const detail = await rotationDetailFor(handle.db, reporter.ctx, rotationRequestId);
    expect(detail.requirement).toMatchObject({ rule: "emergency", approvers: ["requester_break_glass"] });
    expect(detail.actions).toMatchObject({ approve: false, approveBreakGlass: true });

    expectAppError(await rejectionOf(approveRotation(handle.db, reporter.ctx, rotationRequestId, {})), "FORBIDDEN");
    expectAppError(await rejectionOf(approveRotation(handle.db, reporter.ctx, rotationRequestId, { breakGlass: true })), "INVALID_INPUT", ["note"]);
    const seq = await lastAuditSeq(handle.db);
    await approveRotation(handle.db, reporter.ctx, rotationRequestId, { breakGlass: true, note: "No other security user or admin exists" });
    const [row] = await handle.db.select().from(rotationRequests).where(eq(rotationRequests.id, rotationRequestId));
    expect(row).toMatchObject({ state: "approved", breakGlass: true, decidedById: reporter.userId });
    const [event] = await auditEventsAfter(handle.db, seq);
    expect(event).toMatchObject({ action: "rotation.approved", payload: { breakGlass: true, selfApproved: true, otherBreakGlassApprovers: 0, note: "No other security user or admin exists" } });
  });

  it("[INCIDENTS] once another admin exists, the reporter's own break-glass approval is refused: the admin approves", async () => {
    const reporter = await fx.account("security");
    const c = await fx.credential({ environment: "production" });
    const leaked = await fx.secret(c.credential.id);
    await handle.db.update(users).set({ isActive: false }).where(and(inArray(users.role, ["security", "admin"]), ne(users.id, reporter.userId)));
    const admin = await fx.account("admin");
    const { rotationRequestId } = await reportLeak(handle.db, reporter.ctx, c.credential.id, leaked.id, reportLeakInput.parse({ source: "chat", detectedAt: new Date(Date.now() - 60_000).toISOString() }));
    expectAppError(await rejectionOf(approveRotation(handle.db, reporter.ctx, rotationRequestId, { breakGlass: true, note: "hurry" })), "FORBIDDEN");
    await approveRotation(handle.db, admin.ctx, rotationRequestId, {});
    const [row] = await handle.db.select().from(rotationRequests).where(eq(rotationRequests.id, rotationRequestId));
    expect(row).toMatchObject({ state: "approved", breakGlass: true, decidedById: admin.userId });
  });
});
