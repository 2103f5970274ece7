import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { credentials, findings, notificationDeliveries, notifications, rotationApprovals, rotationRequests, secrets, users } from "@/db/schema";
import { getRotationRequest, listRotationRequests } from "@/db/queries/rotations";
import { expireLapsedRotationRequests } from "@/lib/server/lifecycle/expiry";
import { lifecycleRules, openFinding } from "@/lib/server/lifecycle/findings";
import { presentRotationRequest, rotationActionsFor, rotationDetailFor } from "@/lib/server/lifecycle/rotation-views";
import { approveRotation, cancelRotation, completeRotation, rejectRotation, requestRotation } from "@/lib/server/lifecycle/rotations";
import { audited } from "@/lib/server/audited";
import { auditContext, type RequestContext } from "@/lib/server/context";
import type { Role } from "@/lib/authz/permissions";
import { completeRotationInput, createRotationRequestInput, rejectRotationInput, rotationRequestFilters } from "@/lib/validation/rotation";
import { contextAs } from "../support/context";
import { drivers, rowsOf } from "../support/db";
import { auditEventsAfter, lastAuditSeq, rejectionOf } from "../support/audit";
import { DAY, expectAppError, unique, suiteDatabase } from "../support/inventory";

type Account = { personId: string; userId: string; ctx: RequestContext & { actor: NonNullable<RequestContext["actor"]> } };

describe.each(drivers)("[ROTATIONS] rotation requests on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: true });
  let criticalApiId: string;

  beforeAll(async () => {
    criticalApiId = (await fx.api({ sensitivity: "critical" })).id;
  });

  /** A person who is also a signed-in user of `role` (rotation rows reference real users), in `teamIds`. */
  const account = (role: Role, teamIds: string[] = []): Promise<Account> => fx.account(role, teamIds);

  /** A user with no person: counts as their own person. */
  async function bareUser(role: Role) {
    const email = `${unique("bare").toLowerCase()}@example.test`;
    const [u] = await handle.db.insert(users).values({ email, name: email, role }).returning({ id: users.id });
    if (!u) throw new Error("no user");
    return contextAs(role, { userId: u.id, email }) as Account["ctx"];
  }

  /**
   * The issue's cast: a production credential on a critical API (default policy: 2 approvals incl.
   * security), owned by `owner`, backed up by `backup`, owned by a team `member` belongs to, with
   * one overdue secret (fingerprint of "old-value").
   */
  async function cast() {
    const team = await fx.team();
    const member = await account("member", [team.id]);
    const owner = await account("member");
    const backup = await account("member");
    const security = await account("security");
    const security2 = await account("security");
    const outsider = await account("member");
    const auditor = await account("auditor");
    const c = await fx.credential({
      environment: "production",
      ownerId: owner.personId,
      backupOwnerId: backup.personId,
      owningTeamId: team.id,
      grants: [{ apiId: criticalApiId, scopeIds: [] }],
    });
    const credentialId = c.credential.id;
    const old = await fx.secret(credentialId, { issuedAt: "2025-01-01T00:00:00Z", fingerprintOf: "old-value" });
    return { team, member, owner, backup, security, security2, outsider, auditor, credentialId, oldSecretId: old.id, name: c.credential.name };
  }

  const tomorrow = () => new Date(Date.now() + DAY).toISOString();
  const request = (ctx: RequestContext, credentialId: string, body: Record<string, unknown> = {}, now?: Date) =>
    requestRotation(handle.db, ctx, credentialId, createRotationRequestInput.parse({ reason: "scheduled", plannedAt: tomorrow(), ...body }), now);
  const completion = (body: Record<string, unknown> = {}) =>
    completeRotationInput.parse({
      newSecret: { kind: "client_secret", storage: "vault", storageRef: "vault://kv/new", fingerprintOf: "new-value" },
      oldSecretDisposition: "superseded",
      checklist: { deployedToAllConsumers: true, oldSecretRevoked: true },
      ...body,
    });
  const stateOf = async (id: string) => (await handle.db.select({ state: rotationRequests.state }).from(rotationRequests).where(eq(rotationRequests.id, id)))[0]?.state;
  const approvalCount = async (id: string) => (await handle.db.select().from(rotationApprovals).where(eq(rotationApprovals.requestId, id))).length;
  const notificationsOf = async (id: string) =>
    handle.db
      .select({ dedupeKey: notifications.dedupeKey, kind: notifications.kind, recipientUserId: notificationDeliveries.recipientUserId, channel: notificationDeliveries.channel, email: notificationDeliveries.email })
      .from(notifications)
      .leftJoin(notificationDeliveries, eq(notificationDeliveries.notificationId, notifications.id))
      .where(sql`${notifications.payload} ->> 'rotationRequestId' = ${id}`);

  it("[ROTATIONS] the full story: member requests, owner approves, policy still needs security, security approves, member completes — one audited event per step", async () => {
    const k = await cast();
    // The credential is overdue and carries the rotation-overdue finding.
    const [before] = await handle.db.select({ due: credentials.rotationDueAt }).from(credentials).where(eq(credentials.id, k.credentialId));
    expect(before?.due && before.due.getTime() < Date.now()).toBe(true);
    await audited(handle.db, auditContext(fx.admin), (tx, audit) =>
      openFinding(tx, audit, { ruleId: lifecycleRules.rotationOverdue.id, credentialId: k.credentialId, severity: "high" }),
    );
    const seq = await lastAuditSeq(handle.db);

    const { id } = await request(k.member.ctx, k.credentialId, { note: "quarterly" });
    const [row] = await handle.db.select().from(rotationRequests).where(eq(rotationRequests.id, id));
    expect(row).toMatchObject({
      state: "requested",
      reason: "scheduled",
      requesterId: k.member.userId,
      requesterPersonId: k.member.personId,
      approvalsRequired: 2,
      securityApprovalRequired: true,
      eligibleOwnerPersonId: k.owner.personId,
      eligibleBackupOwnerPersonId: k.backup.personId,
      secretId: k.oldSecretId,
      note: "quarterly",
    });
    expect(row && row.expiresAt.getTime() - row.createdAt.getTime()).toBe(14 * DAY);

    // The member who asked cannot approve it (separation of duties); nothing is written.
    const denied = await rejectionOf(approveRotation(handle.db, k.member.ctx, id, {}));
    expectAppError(denied, "FORBIDDEN");
    expect(await approvalCount(id)).toBe(0);

    expect(await approveRotation(handle.db, k.owner.ctx, id, {})).toMatchObject({ state: "requested" });
    // Owner + backup owner make two approvals, but the policy still needs security.
    expect(await approveRotation(handle.db, k.backup.ctx, id, { note: "fine" })).toMatchObject({ state: "requested" });
    expect(await approveRotation(handle.db, k.security.ctx, id, {})).toMatchObject({ state: "approved" });

    const canary = `rotation-canary-${Math.random().toString(36).slice(2)}`;
    const result = await completeRotation(handle.db, k.member.ctx, id, completion({ newSecret: { kind: "client_secret", storage: "vault", storageRef: "vault://kv/new", fingerprintOf: canary } }));
    expect(result.state).toBe("completed");
    // The pasted value reaches no table (DESIGN §1): only its HMAC is kept.
    const tables = rowsOf<{ name: string }>(await handle.db.execute(sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`));
    for (const t of tables) {
      const dump = rowsOf<{ row: string }>(await handle.db.execute(sql.raw(`select row_to_json(t)::text as row from "${t.name}" t`)));
      expect(dump.map((r) => r.row).join("\n"), t.name).not.toContain(canary);
    }

    const [done] = await handle.db.select().from(rotationRequests).where(eq(rotationRequests.id, id));
    expect(done).toMatchObject({ state: "completed", newSecretId: result.newSecretId, oldSecretDisposition: "superseded", checklistDeployed: true, checklistOldRevoked: true, breakGlass: false });
    const rows = await handle.db.select().from(secrets).where(eq(secrets.credentialId, k.credentialId));
    const oldRow = rows.find((s) => s.id === k.oldSecretId);
    const newRow = rows.find((s) => s.id === result.newSecretId);
    expect(oldRow?.status).toBe("superseded");
    expect(newRow).toMatchObject({ status: "active", kind: "client_secret", storage: "vault", storageRef: "vault://kv/new" });
    expect(newRow?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(newRow?.fingerprint).not.toBe(oldRow?.fingerprint);
    expect(newRow?.lastRotatedAt?.getTime()).toBe(newRow?.issuedAt.getTime());
    // The overdue state clears: the due date moves ~90 days ahead and the finding is resolved.
    const [after] = await handle.db.select({ due: credentials.rotationDueAt }).from(credentials).where(eq(credentials.id, k.credentialId));
    expect(after?.due && after.due.getTime() > Date.now() + 80 * DAY).toBe(true);
    const overdue = await handle.db.select().from(findings).where(and(eq(findings.credentialId, k.credentialId), eq(findings.ruleId, "rotation-overdue")));
    expect(overdue.map((f) => f.status)).toEqual(["resolved"]);

    const events = await auditEventsAfter(handle.db, seq);
    expect(events.map((e) => e.action)).toEqual([
      "rotation.requested",
      "rotation.approved",
      "rotation.approved",
      "rotation.approved",
      "finding.resolved",
      "rotation.completed",
    ]);
    expect(events.every((e) => e.targetType === "credential" && e.targetId === k.credentialId)).toBe(true);
    expect(events.filter((e) => e.action.startsWith("rotation.")).every((e) => e.payload.requestId === id)).toBe(true);
    expect(events.map((e) => e.actorId)).toEqual([k.member.userId, k.owner.userId, k.backup.userId, k.security.userId, k.member.userId, k.member.userId]);
    // No secret value or fingerprint in the log.
    const text = JSON.stringify(events);
    expect(text).not.toContain(canary);
    expect(text).not.toContain(newRow?.fingerprint ?? "∅");

    // Notifications: approval asked of owner, backup owner and security; decisions told to the requester.
    const sent = await notificationsOf(id);
    expect([...new Set(sent.map((n) => n.dedupeKey))].sort()).toEqual([`rotation:${id}:approved`, `rotation:${id}:completed`, `rotation:${id}:requested`].sort());
    const askedUsers = new Set(sent.filter((n) => n.dedupeKey.endsWith(":requested") && n.channel === "in_app").map((n) => n.recipientUserId));
    for (const who of [k.owner, k.backup, k.security, k.security2]) expect(askedUsers).toContain(who.userId);
    expect(askedUsers).not.toContain(k.member.userId);
    const toldUsers = sent.filter((n) => n.dedupeKey.endsWith(":approved") && n.channel === "in_app").map((n) => n.recipientUserId);
    expect(toldUsers).toEqual([k.member.userId]);
  });

  it("[ROTATIONS] approving an already-decided request is 409; rejecting needs a note; a decision by a non-approver is 403", async () => {
    const k = await cast();
    const { id } = await request(k.member.ctx, k.credentialId);
    expectAppError(await rejectionOf(rejectRotation(handle.db, k.outsider.ctx, id, { note: "no" })), "FORBIDDEN");
    expectAppError(await rejectionOf(approveRotation(handle.db, k.outsider.ctx, id, {})), "FORBIDDEN");
    const missingNote = rejectRotationInput.safeParse({});
    expect(missingNote.success).toBe(false);
    expect(missingNote.error?.issues.map((i) => i.path.join("."))).toEqual(["note"]);
    await rejectRotation(handle.db, k.owner.ctx, id, { note: "not now" });
    const seq = await lastAuditSeq(handle.db);
    expectAppError(await rejectionOf(approveRotation(handle.db, k.security.ctx, id, {})), "CONFLICT");
    expectAppError(await rejectionOf(rejectRotation(handle.db, k.security.ctx, id, { note: "again" })), "CONFLICT");
    expectAppError(await rejectionOf(cancelRotation(handle.db, k.member.ctx, id, {})), "CONFLICT");
    expect(await auditEventsAfter(handle.db, seq)).toHaveLength(0);
    const [row] = await handle.db.select().from(rotationRequests).where(eq(rotationRequests.id, id));
    expect(row).toMatchObject({ state: "rejected", decidedById: k.owner.userId, decisionNote: "not now" });
    expect((await notificationsOf(id)).some((n) => n.dedupeKey === `rotation:${id}:rejected` && n.recipientUserId === k.member.userId)).toBe(true);
  });

  it("[ROTATIONS] each person's approval counts once; owner + backup owner are not enough where security is required", async () => {
    const k = await cast();
    const { id } = await request(k.member.ctx, k.credentialId);
    await approveRotation(handle.db, k.owner.ctx, id, {});
    expectAppError(await rejectionOf(approveRotation(handle.db, k.owner.ctx, id, {})), "CONFLICT");
    expect(await approvalCount(id)).toBe(1);
    await approveRotation(handle.db, k.backup.ctx, id, {});
    expect(await stateOf(id)).toBe("requested");
    await approveRotation(handle.db, k.security.ctx, id, {});
    expect(await stateOf(id)).toBe("approved");
  });

  it("[ROTATIONS] approvals arriving at the same moment are applied one after the other: both count and the request is approved once", async () => {
    const k = await cast();
    const { id } = await request(k.member.ctx, k.credentialId);
    const seq = await lastAuditSeq(handle.db);
    const results = await Promise.allSettled([approveRotation(handle.db, k.owner.ctx, id, {}), approveRotation(handle.db, k.security.ctx, id, {})]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    expect(await approvalCount(id)).toBe(2);
    expect(await stateOf(id)).toBe("approved");
    const events = await auditEventsAfter(handle.db, seq);
    expect(events.map((e) => e.payload.state).sort()).toEqual(["approved", "requested"]);
    expect((await notificationsOf(id)).filter((n) => n.dedupeKey === `rotation:${id}:approved` && n.channel === "in_app")).toHaveLength(1);
  });

  it("[ROTATIONS] two security users satisfy a 2-approvals-incl-security policy; users without a person count as distinct", async () => {
    const k = await cast();
    const { id } = await request(k.member.ctx, k.credentialId);
    const [s1, s2] = [await bareUser("security"), await bareUser("security")];
    await approveRotation(handle.db, s1, id, {});
    expect(await stateOf(id)).toBe("requested");
    await approveRotation(handle.db, s2, id, {});
    expect(await stateOf(id)).toBe("approved");
  });

  it("[ROTATIONS] a one-approval policy is met by the owner alone; security is not needed", async () => {
    const team = await fx.team();
    const member = await account("member", [team.id]);
    const owner = await account("member");
    const c = await fx.credential({ environment: "staging", ownerId: owner.personId, owningTeamId: team.id });
    await fx.secret(c.credential.id);
    const { id } = await request(member.ctx, c.credential.id);
    const [row] = await handle.db.select().from(rotationRequests).where(eq(rotationRequests.id, id));
    expect(row).toMatchObject({ approvalsRequired: 1, securityApprovalRequired: false });
    await approveRotation(handle.db, owner.ctx, id, {});
    expect(await stateOf(id)).toBe("approved");
  });

  it("[ROTATIONS] compromise: one security approval suffices and is flagged break-glass; the security requester still cannot approve it", async () => {
    const k = await cast();
    const { id } = await request(k.security.ctx, k.credentialId, { reason: "compromise", plannedAt: new Date().toISOString() });
    expectAppError(await rejectionOf(approveRotation(handle.db, k.security.ctx, id, {})), "FORBIDDEN");
    const seq = await lastAuditSeq(handle.db);
    await approveRotation(handle.db, k.security2.ctx, id, {});
    const [row] = await handle.db.select().from(rotationRequests).where(eq(rotationRequests.id, id));
    expect(row).toMatchObject({ state: "approved", breakGlass: true, decidedById: k.security2.userId });
    const [event] = await auditEventsAfter(handle.db, seq);
    expect(event).toMatchObject({ action: "rotation.approved", payload: { requestId: id, breakGlass: true, state: "approved" } });
  });

  it("[ROTATIONS] an admin acts as break-glass approver of an emergency; the owner is neither asked nor able to approve it", async () => {
    const k = await cast();
    const admin = await account("admin");
    const { id } = await request(k.member.ctx, k.credentialId, { reason: "compromise", plannedAt: new Date().toISOString() });
    const asked = (await notificationsOf(id)).filter((n) => n.dedupeKey === `rotation:${id}:requested` && n.channel === "in_app").map((n) => n.recipientUserId);
    expect(asked).toEqual(expect.arrayContaining([k.security.userId, admin.userId]));
    expect(asked).not.toContain(k.owner.userId);
    expectAppError(await rejectionOf(approveRotation(handle.db, k.owner.ctx, id, {})), "FORBIDDEN");
    const detail = await rotationDetailFor(handle.db, k.member.ctx, id);
    // One rule, one counter: never "0/2 … one security approval suffices".
    expect(detail).toMatchObject({ approvalsRequired: 1, approvalCount: 0, requirement: { rule: "emergency", required: 1, given: 0, approvers: ["security", "admin"] } });
    expect(detail.requirement.words.missing).toBe("1 break-glass approval.");
    await approveRotation(handle.db, admin.ctx, id, {});
    const [row] = await handle.db.select().from(rotationRequests).where(eq(rotationRequests.id, id));
    expect(row).toMatchObject({ state: "approved", breakGlass: true, decidedById: admin.userId });
    expect(await rotationDetailFor(handle.db, k.member.ctx, id)).toMatchObject({ approvalCount: 1, approvalsRequired: 1, breakGlass: true, approvals: [{ breakGlass: true, counts: true }] });
  });

  it("[ROTATIONS] the counter counts what fills the rule: owner + backup are 1/2 with security missing, then 2/2 — never 3/2", async () => {
    const k = await cast();
    const { id } = await request(k.member.ctx, k.credentialId);
    await approveRotation(handle.db, k.owner.ctx, id, {});
    await approveRotation(handle.db, k.backup.ctx, id, {});
    const pending = await rotationDetailFor(handle.db, k.member.ctx, id);
    expect(pending).toMatchObject({ approvalCount: 1, approvalsRequired: 2, hasSecurityApproval: false, requirement: { missing: { approvals: 1, security: true }, approvers: ["security"] } });
    expect(pending.requirement.words).toEqual({ needed: "2 approvals from distinct people, including 1 from the security team.", whoCanGive: "The security team.", missing: "1 security approval." });
    // The notification speaks the same words.
    const [sent] = await handle.db.select({ body: notifications.body }).from(notifications).where(eq(notifications.dedupeKey, `rotation:${id}:requested`));
    expect(sent?.body).toContain("Needed: 2 approvals from distinct people, including 1 from the security team.");
    await approveRotation(handle.db, k.security.ctx, id, {});
    expect(await rotationDetailFor(handle.db, k.member.ctx, id)).toMatchObject({ state: "approved", approvalCount: 2, approvalsRequired: 2 });
  });

  it("[ROTATIONS] completing without approvals is 409; a fingerprint equal to the old one and an unticked checklist are 422 naming the fields; nothing is written", async () => {
    const k = await cast();
    const { id } = await request(k.member.ctx, k.credentialId);
    const secretCount = async () => (await handle.db.select().from(secrets).where(eq(secrets.credentialId, k.credentialId))).length;
    expectAppError(await rejectionOf(completeRotation(handle.db, k.member.ctx, id, completion())), "CONFLICT");
    await approveRotation(handle.db, k.owner.ctx, id, {});
    expectAppError(await rejectionOf(completeRotation(handle.db, k.member.ctx, id, completion())), "CONFLICT");
    await approveRotation(handle.db, k.security.ctx, id, {});
    const seq = await lastAuditSeq(handle.db);
    const same = await rejectionOf(completeRotation(handle.db, k.member.ctx, id, completion({ newSecret: { kind: "client_secret", storage: "vault", fingerprintOf: "old-value" } })));
    expectAppError(same, "INVALID_INPUT", ["newSecret.fingerprintOf"]);
    const unticked = await rejectionOf(completeRotation(handle.db, k.member.ctx, id, completion({ checklist: {} })));
    expectAppError(unticked, "INVALID_INPUT", ["checklist.deployedToAllConsumers", "checklist.oldSecretRevoked"]);
    const half = await rejectionOf(completeRotation(handle.db, k.member.ctx, id, completion({ checklist: { deployedToAllConsumers: true } })));
    expectAppError(half, "INVALID_INPUT", ["checklist.oldSecretRevoked"]);
    const expired = await rejectionOf(completeRotation(handle.db, k.member.ctx, id, completion({ newSecret: { kind: "client_secret", storage: "vault", expiresAt: "2020-01-01" } })));
    expectAppError(expired, "INVALID_INPUT", ["newSecret.expiresAt"]);
    // Someone who may not edit the credential cannot complete it, even once approved.
    expectAppError(await rejectionOf(completeRotation(handle.db, k.outsider.ctx, id, completion())), "FORBIDDEN");
    expect(await auditEventsAfter(handle.db, seq)).toHaveLength(0);
    expect(await secretCount()).toBe(1);
    expect(await stateOf(id)).toBe("approved");
    // Without a pasted value there is nothing to compare: the rotation completes, the old secret revoked as chosen.
    await completeRotation(handle.db, k.member.ctx, id, completion({ newSecret: { kind: "client_secret", storage: "vault" }, oldSecretDisposition: "revoked" }));
    const [old] = await handle.db.select().from(secrets).where(eq(secrets.id, k.oldSecretId));
    expect(old?.status).toBe("revoked");
    expect(await secretCount()).toBe(2);
    expectAppError(await rejectionOf(completeRotation(handle.db, k.member.ctx, id, completion())), "CONFLICT");
  });

  it("[ROTATIONS] bad requests: a planned date in the past is 422 naming plannedAt; a second open request is 409 naming the credential; outsiders and auditors are 403", async () => {
    const k = await cast();
    const past = await rejectionOf(request(k.member.ctx, k.credentialId, { plannedAt: "2020-01-01T00:00:00Z" }));
    expectAppError(past, "INVALID_INPUT", ["plannedAt"]);
    // "Today" as a date is not in the past.
    const today = new Date().toISOString().slice(0, 10);
    const { id } = await request(k.member.ctx, k.credentialId, { plannedAt: today });
    const second = await rejectionOf(request(k.owner.ctx, k.credentialId));
    expectAppError(second, "CONFLICT", ["credentialId"]);
    expect((second as Error).message).toContain(k.name);
    expectAppError(await rejectionOf(request(k.outsider.ctx, k.credentialId)), "FORBIDDEN");
    expectAppError(await rejectionOf(request(k.auditor.ctx, k.credentialId)), "FORBIDDEN");
    expectAppError(await rejectionOf(approveRotation(handle.db, k.auditor.ctx, id, {})), "FORBIDDEN");
    const wrongSecret = await rejectionOf(request(k.member.ctx, (await fx.credential({ owningTeamId: k.team.id })).credential.id, { secretId: k.oldSecretId }));
    expectAppError(wrongSecret, "INVALID_INPUT", ["secretId"]);
  });

  it("[ROTATIONS] a decommissioned credential refuses new requests with 409", async () => {
    const k = await cast();
    await handle.db.update(credentials).set({ status: "decommissioned" }).where(eq(credentials.id, k.credentialId));
    const refused = await rejectionOf(request(k.member.ctx, k.credentialId));
    expectAppError(refused, "CONFLICT");
    expect((refused as Error).message).toContain("decommissioned");
  });

  it("[ROTATIONS] cancel: the requester or security may; the owner who did not ask may not; approved requests can be cancelled too", async () => {
    const k = await cast();
    const first = await request(k.member.ctx, k.credentialId);
    expectAppError(await rejectionOf(cancelRotation(handle.db, k.owner.ctx, first.id, {})), "FORBIDDEN");
    await cancelRotation(handle.db, k.member.ctx, first.id, { note: "changed my mind" });
    expect(await stateOf(first.id)).toBe("cancelled");
    const second = await request(k.member.ctx, k.credentialId);
    await approveRotation(handle.db, k.owner.ctx, second.id, {});
    await approveRotation(handle.db, k.security.ctx, second.id, {});
    const seq = await lastAuditSeq(handle.db);
    await cancelRotation(handle.db, k.security2.ctx, second.id, {});
    expect(await stateOf(second.id)).toBe("cancelled");
    const [event] = await auditEventsAfter(handle.db, seq);
    expect(event).toMatchObject({ action: "rotation.cancelled", actorId: k.security2.userId, payload: { requestId: second.id, from: "approved" } });
  });

  it("[ROTATIONS] the actions offered to each caller are exactly what the server would allow", async () => {
    const k = await cast();
    const { id } = await request(k.member.ctx, k.credentialId);
    const actionsOf = async (a: Account["ctx"], canWrite = true) => {
      const detail = await getRotationRequest(handle.db, id);
      if (!detail) throw new Error("missing");
      return rotationActionsFor(handle.db, a, detail, canWrite);
    };
    expect(await actionsOf(k.member.ctx)).toEqual({ approve: false, approveBreakGlass: false, reject: false, cancel: true, complete: false });
    expect(await actionsOf(k.owner.ctx)).toEqual({ approve: true, approveBreakGlass: false, reject: true, cancel: false, complete: false });
    expect(await actionsOf(k.security.ctx)).toEqual({ approve: true, approveBreakGlass: false, reject: true, cancel: true, complete: false });
    expect(await actionsOf(k.outsider.ctx)).toEqual({ approve: false, approveBreakGlass: false, reject: false, cancel: false, complete: false });
    expect(await actionsOf(k.auditor.ctx, false)).toEqual({ approve: false, approveBreakGlass: false, reject: false, cancel: false, complete: false });
    await approveRotation(handle.db, k.owner.ctx, id, {});
    expect(await actionsOf(k.owner.ctx)).toEqual({ approve: false, approveBreakGlass: false, reject: true, cancel: false, complete: false });
    await approveRotation(handle.db, k.security.ctx, id, {});
    expect(await actionsOf(k.member.ctx)).toEqual({ approve: false, approveBreakGlass: false, reject: false, cancel: true, complete: true });
    expect(await actionsOf(k.outsider.ctx)).toEqual({ approve: false, approveBreakGlass: false, reject: false, cancel: false, complete: false });
  });

  it("[ROTATIONS] expiry: two sweeps racing expire each lapsed request exactly once, audited as the system and told to the requester", async () => {
    const requester = await account("security");
    const approver = await account("security");
    const longAgo = new Date(Date.now() - 15 * DAY);
    const lapsed: string[] = [];
    for (let i = 0; i < 12; i++) {
      const c = await fx.credential({ environment: "staging" });
      lapsed.push((await request(requester.ctx, c.credential.id, { plannedAt: longAgo.toISOString() }, longAgo)).id);
    }
    const freshCredential = await fx.credential({ environment: "staging" });
    const fresh = await request(requester.ctx, freshCredential.credential.id);
    // A late approval does not revive a lapsed request the sweep has not reached yet.
    expectAppError(await rejectionOf(approveRotation(handle.db, approver.ctx, lapsed[0] ?? "", {})), "CONFLICT");

    const seq = await lastAuditSeq(handle.db);
    const now = new Date();
    const [a, b] = await Promise.all([expireLapsedRotationRequests(handle.db, now), expireLapsedRotationRequests(handle.db, now)]);
    expect(a.expired + b.expired).toBe(12);
    expect((await expireLapsedRotationRequests(handle.db, now)).expired).toBe(0);
    const rows = await handle.db.select({ id: rotationRequests.id, state: rotationRequests.state }).from(rotationRequests).where(inArray(rotationRequests.id, [...lapsed, fresh.id]));
    expect(rows.filter((r) => r.state === "expired").map((r) => r.id).sort()).toEqual([...lapsed].sort());
    expect(rows.find((r) => r.id === fresh.id)?.state).toBe("requested");
    const events = await auditEventsAfter(handle.db, seq);
    expect(events).toHaveLength(12);
    expect(events.every((e) => e.action === "rotation.expired" && e.actorType === "system" && e.actorLabel === "scheduler")).toBe(true);
    expect(new Set(events.map((e) => e.payload.requestId)).size).toBe(12);
    const told = await handle.db.select({ key: notifications.dedupeKey }).from(notifications).where(inArray(notifications.dedupeKey, lapsed.map((id) => `rotation:${id}:expired`)));
    expect(told).toHaveLength(12);
  });

  it("[ROTATIONS] the list filters by status and credential and pages by keyset without repeats", async () => {
    const requester = await account("security");
    const approver = await account("security");
    const ids: string[] = [];
    const base = Date.now();
    for (let i = 0; i < 5; i++) {
      const c = await fx.credential({ environment: "staging" });
      ids.push((await request(requester.ctx, c.credential.id, {}, new Date(base + i))).id);
    }
    const mine = new Set(ids);
    await approveRotation(handle.db, approver.ctx, ids[4] ?? "", {});
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listRotationRequests(handle.db, rotationRequestFilters.parse({ status: "requested", limit: "2", ...(cursor ? { cursor } : {}) }));
      expect(page.items.length).toBeLessThanOrEqual(2);
      expect(page.items.every((r) => r.state === "requested")).toBe(true);
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    // Newest first: ours appear in reverse creation order, the approved one not at all.
    expect(seen.filter((id) => mine.has(id))).toEqual([ids[3], ids[2], ids[1], ids[0]]);
    const approved = await listRotationRequests(handle.db, rotationRequestFilters.parse({ status: "approved" }));
    expect(approved.items.map((r) => r.id)).toContain(ids[4]);
    const item = approved.items.find((r) => r.id === ids[4]);
    expect(item && presentRotationRequest(item)).toMatchObject({ approvalCount: 1, hasSecurityApproval: true });
    const open = await listRotationRequests(handle.db, rotationRequestFilters.parse({ status: "open" }));
    expect(open.items.map((r) => r.id)).toEqual(expect.arrayContaining(ids));
    const [one] = await handle.db.select({ credentialId: rotationRequests.credentialId }).from(rotationRequests).where(eq(rotationRequests.id, ids[2] ?? ""));
    const byCredential = await listRotationRequests(handle.db, rotationRequestFilters.parse({ credentialId: one?.credentialId }));
    expect(byCredential.items.map((r) => r.id)).toEqual([ids[2]]);
  });
});
