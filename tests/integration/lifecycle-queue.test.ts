import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { reviewCampaigns, reviewTasks, rotationApprovals, rotationRequests, users } from "@/db/schema";
import { getQueue, queueViewerOf, type QueueViewer } from "@/db/queries/queue";
import { updatePerson } from "@/lib/server/org";
import { queueDto } from "@/lib/validation/queue";
import { drivers } from "../support/db";
import { daysAfter, unique, suiteDatabase } from "../support/inventory";

describe.each(drivers)("[QUEUE] my queue on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: false });
  const now = new Date();
  let member: { userId: string; personId: string; email: string };
  let security: { userId: string; email: string };
  let other: { userId: string; personId: string };
  let ids: Record<string, string>;
  let requests: Record<string, string>;

  async function user(role: "member" | "security" | "auditor", personId?: string) {
    const person = personId ? null : await fx.person();
    const email = person?.email ?? `${unique("u").toLowerCase()}@example.test`;
    const [row] = await handle.db.insert(users).values({ email, name: unique("User"), role }).returning({ id: users.id });
    if (!row) throw new Error("no user");
    return { userId: row.id, personId: person?.id ?? "", email };
  }

  async function request(credentialId: string, values: Partial<typeof rotationRequests.$inferInsert>) {
    const [row] = await handle.db
      .insert(rotationRequests)
      .values({
        credentialId,
        reason: "scheduled",
        plannedAt: daysAfter(now, 3),
        approvalsRequired: 1,
        securityApprovalRequired: false,
        expiresAt: daysAfter(now, 14),
        ...values,
      })
      .returning({ id: rotationRequests.id });
    if (!row) throw new Error("no request");
    return row.id;
  }

  const viewerOf = (u: { userId: string; email: string }, role: QueueViewer["role"]) => queueViewerOf(handle.db, { userId: u.userId, email: u.email, role });

  beforeAll(async () => {
    member = await user("member");
    security = await user("security");
    other = await user("member");
    const leaver = await fx.person();
    const mk = async (name: string, overrides: Record<string, unknown>, secretIssuedDaysAgo?: number) => {
      const c = await fx.credential({ name: `${name} ${unique("c")}`, ...overrides });
      if (secretIssuedDaysAgo !== undefined) await fx.secret(c.credential.id, { issuedAt: daysAfter(now, -secretIssuedDaysAgo).toISOString() });
      return c.credential.id;
    };
    ids = {
      // Non-production: 365-day secrets, reminders at 30/7/1 days → due soon within 30 days.
      overdue: await mk("Overdue", { ownerId: member.personId, environment: "development" }, 400),
      soonAsBackup: await mk("Soon", { ownerId: other.personId, backupOwnerId: member.personId, environment: "development" }, 350),
      fine: await mk("Fine", { ownerId: member.personId, environment: "development" }, 10),
      notMine: await mk("Not mine", { ownerId: other.personId, environment: "development" }, 400),
      mineForRequest: await mk("Requested by me", { ownerId: member.personId, environment: "development" }, 10),
      approvedAlready: await mk("Approved by me", { ownerId: member.personId, environment: "development" }, 10),
      lapsed: await mk("Lapsed", { ownerId: member.personId, environment: "development" }, 10),
      bySecurity: await mk("By security", { ownerId: member.personId, environment: "development" }, 10),
      orphan: await mk("Orphan", { ownerId: member.personId, backupOwnerId: leaver.id, environment: "development" }, 10),
    };
    requests = {
      waitingForMe: await request(ids.overdue ?? "", { requesterId: other.userId, requesterPersonId: other.personId, eligibleOwnerPersonId: member.personId }),
      mine: await request(ids.mineForRequest ?? "", { requesterId: member.userId, requesterPersonId: member.personId, eligibleOwnerPersonId: member.personId }),
      notEligible: await request(ids.notMine ?? "", { requesterId: other.userId, requesterPersonId: other.personId, eligibleOwnerPersonId: other.personId }),
      approvedByMe: await request(ids.approvedAlready ?? "", { requesterId: other.userId, requesterPersonId: other.personId, eligibleOwnerPersonId: member.personId, approvalsRequired: 2 }),
      lapsed: await request(ids.lapsed ?? "", { requesterId: other.userId, eligibleOwnerPersonId: member.personId, createdAt: daysAfter(now, -20), expiresAt: daysAfter(now, -6) }),
      bySecurity: await request(ids.bySecurity ?? "", { requesterId: security.userId, eligibleOwnerPersonId: member.personId }),
    };
    await handle.db.insert(rotationApprovals).values({ requestId: requests.approvedByMe ?? "", approverId: member.userId, approverPersonId: member.personId, isSecurity: false });
    const [campaign] = await handle.db.insert(reviewCampaigns).values({ name: "Q4 access review", dueAt: daysAfter(now, 10) }).returning({ id: reviewCampaigns.id });
    if (!campaign) throw new Error("no campaign");
    await handle.db.insert(reviewTasks).values([
      { campaignId: campaign.id, credentialId: ids.fine ?? "", assigneePersonId: member.personId },
      { campaignId: campaign.id, credentialId: ids.overdue ?? "", assigneePersonId: member.personId, status: "done" },
      { campaignId: campaign.id, credentialId: ids.notMine ?? "", assigneePersonId: other.personId },
    ]);
    await updatePerson(handle.db, fx.admin, leaver.id, { isActive: false });
  });

  it("[QUEUE] a member sees their overdue and due-soon credentials, as owner or backup owner, soonest first", async () => {
    const q = await getQueue(handle.db, await viewerOf(member, "member"), { now });
    expect(q.personId).toBe(member.personId);
    expect(q.due.items.map((i) => [i.id, i.myRole, i.rotationBucket])).toEqual([
      [ids.overdue, "owner", "overdue"],
      [ids.soonAsBackup, "backupOwner", "due_soon"],
    ]);
    expect(q.due.total).toBe(2);
  });

  it("[QUEUE] approvals waiting: eligible, not my own request, not one I approved, not lapsed", async () => {
    const q = await getQueue(handle.db, await viewerOf(member, "member"), { now });
    expect(q.approvals.items.map((r) => r.id).sort()).toEqual([requests.waitingForMe, requests.bySecurity].sort());
    expect(q.approvals.total).toBe(2);
    const item = q.approvals.items.find((r) => r.id === requests.waitingForMe);
    expect(item?.credential.id).toBe(ids.overdue);
  });

  it("[QUEUE] security sees every pending request except its own and lapsed ones", async () => {
    const q = await getQueue(handle.db, await viewerOf(security, "security"), { now });
    expect(q.approvals.items.map((r) => r.id).sort()).toEqual([requests.waitingForMe, requests.mine, requests.notEligible, requests.approvedByMe].sort());
    expect(q.due.total).toBe(0);
  });

  it("[QUEUE] an auditor is never asked to approve", async () => {
    const auditor = await user("auditor");
    const q = await getQueue(handle.db, await viewerOf(auditor, "auditor"), { now });
    expect(q.approvals.total).toBe(0);
  });

  it("[QUEUE] open requests on my credentials and the ones I asked for", async () => {
    const q = await getQueue(handle.db, await viewerOf(member, "member"), { now });
    const expected = [requests.waitingForMe, requests.mine, requests.approvedByMe, requests.lapsed, requests.bySecurity];
    expect(q.openRequests.items.map((r) => r.id).sort()).toEqual([...expected].sort());
    const approved = q.openRequests.items.find((r) => r.id === requests.approvedByMe);
    expect(approved?.approvals).toBe(1);
  });

  it("[QUEUE] my open review tasks with campaign name and due date", async () => {
    const q = await getQueue(handle.db, await viewerOf(member, "member"), { now });
    expect(q.reviewTasks.items.map((t) => [t.credential.id, t.campaignName])).toEqual([[ids.fine, "Q4 access review"]]);
  });

  it("[QUEUE] my open findings, in words", async () => {
    const q = await getQueue(handle.db, await viewerOf(member, "member"), { now });
    // Only the orphan is owned by someone who left; the posture rules add what the fixtures trip.
    expect(q.findings.items.filter((f) => f.ruleId === "owner-missing").map((f) => f.credential.id)).toEqual([ids.orphan]);
    expect(q.findings.items.find((f) => f.ruleId === "owner-missing")?.summary).toMatch(/\(backup owner\) has left the organisation/);
    expect(q.findings.items.every((f) => f.summary.length > 0)).toBe(true);
  });

  it("[QUEUE] sections are bounded by the limit and carry their totals", async () => {
    const q = await getQueue(handle.db, await viewerOf(member, "member"), { now, limit: 1 });
    expect(q.due.items).toHaveLength(1);
    expect(q.due.total).toBe(2);
    expect(q.openRequests.items).toHaveLength(1);
    expect(q.openRequests.total).toBe(5);
    expect(q.approvals.items).toHaveLength(1);
    expect(q.approvals.total).toBe(2);
  });

  it("[QUEUE] the queue serialises to the API's declared shape (GET /api/v1/queue)", async () => {
    for (const [u, role] of [[member, "member"], [security, "security"]] as const) {
      const q = await getQueue(handle.db, await viewerOf(u, role), { now });
      const wire: unknown = JSON.parse(JSON.stringify(q));
      const parsed = queueDto.safeParse(wire);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    }
  });

  it("[QUEUE] a user with no person of their own sees only role-based work", async () => {
    const q = await getQueue(handle.db, { userId: randomUUID(), personId: null, role: "member" }, { now });
    expect(q).toMatchObject({ personId: null, due: { total: 0 }, approvals: { total: 0 }, reviewTasks: { total: 0 }, findings: { total: 0 } });
  });
});
