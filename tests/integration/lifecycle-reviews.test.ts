import type { Role } from "@/lib/authz/permissions";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { listCampaignFollowUps } from "@/db/queries/campaigns";
import { getQueue } from "@/db/queries/queue";
import { listReviewsOf } from "@/db/queries/reviews";
import { updateCredential } from "@/lib/server/inventory/credentials";
import { credentials, findings, reviews, reviewTasks } from "@/db/schema";
import { fieldErrorsOf } from "@/lib/server/http";
import type { RequestContext } from "@/lib/server/context";
import { closeCampaign, createCampaign } from "@/lib/server/lifecycle/campaigns";
import { decommissionCredential } from "@/lib/server/lifecycle/decommission";
import { recordReview } from "@/lib/server/lifecycle/reviews";
import { campaignInput, decommissionInput, reviewInput } from "@/lib/validation/review";
import { auditEventsAfter, auditEventsAfterExceptFindings, lastAuditSeq, rejectionOf } from "../support/audit";
import { drivers } from "../support/db";
import { DAY, expectAppError, unique, suiteDatabase } from "../support/inventory";

describe.each(drivers)("[REVIEWS] reviews of credentials on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: true, adminIsUser: true });

  const asUser = (ctx: RequestContext) => fx.asUser(ctx);
  const person = (role: Role, teamIds: string[] = []) => fx.account(role, teamIds);

  const review = (body: Record<string, unknown>) => reviewInput.parse(body);
  const credentialRow = async (id: string) => (await handle.db.select().from(credentials).where(eq(credentials.id, id)))[0];

  it("[REVIEWS] the owner, the backup owner, security and admin may review; a teammate who is neither, and an auditor, may not (nothing written)", async () => {
    const owner = await person("member");
    const backup = await person("member");
    const team = await fx.team();
    const teammate = await person("member", [team.id]);
    const auditor = await person("auditor");
    const security = await person("security");
    const c = await fx.credential({ ownerId: owner.person.id, backupOwnerId: backup.person.id, owningTeamId: team.id });
    const id = c.credential.id;

    for (const who of [teammate, auditor]) {
      const before = await lastAuditSeq(handle.db);
      expectAppError(await rejectionOf(recordReview(handle.db, who.ctx, id, review({ decision: "keep" }))), "FORBIDDEN");
      expect(await auditEventsAfter(handle.db, before)).toEqual([]);
    }
    expect(await handle.db.select().from(reviews).where(eq(reviews.credentialId, id))).toEqual([]);

    for (const who of [owner.ctx, backup.ctx, security.ctx, fx.admin]) {
      const r = await recordReview(handle.db, who, id, review({ decision: "keep" }));
      expect(r.review.decision).toBe("keep");
      expect(r.review.reviewer.id).toBe(who.actor?.userId);
    }
    const page = await listReviewsOf(handle.db, id, { limit: 10 });
    expect(page.items.map((r) => r.reviewer.id).sort()).toEqual([owner.ctx, backup.ctx, security.ctx, fx.admin].map((w) => w.actor?.userId).sort());
  });

  it("[REVIEWS] notes are required for reduce_scope and revoke (422 naming notes), optional for keep", () => {
    for (const decision of ["reduce_scope", "revoke"]) {
      const result = reviewInput.safeParse({ decision, notes: "  " });
      expect(result.success).toBe(false);
      if (!result.success) expect(Object.keys(fieldErrorsOf(result.error))).toEqual(["notes"]);
    }
    expect(reviewInput.safeParse({ decision: "keep" }).success).toBe(true);
    expect(reviewInput.safeParse({ decision: "reduce_scope", notes: "drop the admin scope" }).success).toBe(true);
    const bad = reviewInput.safeParse({ decision: "delete" });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(Object.keys(fieldErrorsOf(bad.error))).toEqual(["decision"]);
  });

  it("[REVIEWS] a review sets last reviewed at and recomputes review due in the same transaction as review.recorded", async () => {
    const c = await fx.credential({ environment: "staging", reviewCadenceDays: 30 });
    const id = c.credential.id;
    const before = await lastAuditSeq(handle.db);
    const started = Date.now();
    const r = await recordReview(handle.db, fx.admin, id, review({ decision: "keep", notes: "Still needed as it is" }));
    const row = await credentialRow(id);
    expect(row?.lastReviewedAt?.getTime()).toBeGreaterThanOrEqual(started - 1000);
    expect(row?.reviewDueAt?.getTime()).toBe((row?.lastReviewedAt?.getTime() ?? 0) + 30 * DAY);
    expect(r.reviewDueAt?.toISOString()).toBe(row?.reviewDueAt?.toISOString());
    const events = await auditEventsAfter(handle.db, before);
    expect(events.map((e) => e.action)).toEqual(["review.recorded"]);
    expect(events[0]?.payload).toMatchObject({ reviewId: r.review.id, decision: "keep", notes: "Still needed as it is" });
  });

  it("[REVIEWS] a review completes the credential's open tasks of open campaigns; a closed campaign's task stays not done", async () => {
    const owner = await person("member");
    const team = await fx.team();
    const c = await fx.credential({ ownerId: owner.person.id, owningTeamId: team.id, environment: "test" });
    const id = c.credential.id;
    const due = new Date(Date.now() + 10 * DAY).toISOString();
    const open = await createCampaign(handle.db, fx.admin, campaignInput.parse({ name: unique("Open"), filter: { teamId: team.id }, dueAt: due }));
    const closed = await createCampaign(handle.db, fx.admin, campaignInput.parse({ name: unique("Closed"), filter: { teamId: team.id }, dueAt: due }));
    await closeCampaign(handle.db, fx.admin, closed.id);

    const r = await recordReview(handle.db, owner.ctx, id, review({ decision: "keep" }));
    expect(r.tasksCompleted).toBe(1);
    expect(r.review.campaignId).toBe(open.id);
    const tasks = await handle.db.select().from(reviewTasks).where(eq(reviewTasks.credentialId, id));
    const byCampaign = new Map(tasks.map((t) => [t.campaignId, t]));
    expect(byCampaign.get(open.id)).toMatchObject({ status: "done", reviewId: r.review.id });
    expect(byCampaign.get(open.id)?.completedAt).not.toBeNull();
    expect(byCampaign.get(closed.id)).toMatchObject({ status: "open", reviewId: null, completedAt: null });
  });

  it("[REVIEWS] revoke opens a review_revoke_pending finding (high) that decommissioning resolves", async () => {
    const owner = await person("member");
    const c = await fx.credential({ ownerId: owner.person.id });
    const id = c.credential.id;
    const r = await recordReview(handle.db, owner.ctx, id, review({ decision: "revoke", notes: "Not used since the migration" }));
    expect(r.decommissioned).toBe(false);
    expect(r.pendingFindingId).not.toBeNull();
    const open = await handle.db.select().from(findings).where(and(eq(findings.credentialId, id), eq(findings.ruleId, "review_revoke_pending")));
    expect(open).toMatchObject([{ status: "open", severity: "high" }]);
    expect((await credentialRow(id))?.status).toBe("active");

    await decommissionCredential(handle.db, owner.ctx, id, decommissionInput.parse({ reason: "review_revoke", disabledAtServerConfirmed: true }));
    const after = await handle.db.select().from(findings).where(and(eq(findings.credentialId, id), eq(findings.ruleId, "review_revoke_pending")));
    expect(after).toMatchObject([{ status: "resolved", resolution: "credential decommissioned" }]);
  });

  it("[REVIEWS] reduce_scope opens a tracked follow-up and leaves the review clock alone until the grants actually shrink", async () => {
    const owner = await person("member");
    const team = await fx.team();
    const api = await fx.api();
    const [read, write] = [api.scopes[0]?.id ?? "", api.scopes[1]?.id ?? ""];
    const lastReviewedAt = new Date(Date.now() - 100 * DAY).toISOString();
    const grants = (scopeIds: string[]) => [{ apiId: api.id, scopeIds }];
    const c = await fx.credential({ ownerId: owner.person.id, owningTeamId: team.id, reviewCadenceDays: 30, grants: grants([read, write]) });
    const id = c.credential.id;
    await fx.reviewedAt(id, new Date(lastReviewedAt));
    const before = await credentialRow(id);
    const campaign = await createCampaign(handle.db, fx.admin, campaignInput.parse({ name: unique("Scope"), filter: { teamId: team.id }, dueAt: new Date(Date.now() + 10 * DAY).toISOString() }));

    const r = await recordReview(handle.db, owner.ctx, id, review({ decision: "reduce_scope", notes: "Drop write" }));
    expect(r.pendingFindingId).not.toBeNull();
    expect(r.lastReviewedAt?.toISOString()).toBe(lastReviewedAt);
    // Not "reviewed OK": the clock and the due date are where they were (overdue).
    expect(await credentialRow(id)).toMatchObject({ lastReviewedAt: before?.lastReviewedAt, reviewDueAt: before?.reviewDueAt });
    const [followUp] = await handle.db.select().from(findings).where(and(eq(findings.credentialId, id), eq(findings.ruleId, "review_scope_pending")));
    expect(followUp).toMatchObject({ id: r.pendingFindingId, status: "open", details: { reviewId: r.review.id, campaignId: campaign.id, decision: "reduce_scope" } });

    // Listed in the owner's queue and on the campaign.
    const queue = await getQueue(handle.db, { userId: owner.userId, personId: owner.personId, role: "member" });
    expect(queue.findings.items.filter((f) => f.credential.id === id).map((f) => f.ruleId)).toContain("review_scope_pending");
    expect((await listCampaignFollowUps(handle.db, campaign.id)).items.map((f) => [f.credential.id, f.decision])).toEqual([[id, "reduce_scope"]]);

    // Re-sending the same grants, or a keep review meanwhile, keeps it open and the clock still.
    await updateCredential(handle.db, owner.ctx, id, { grants: grants([write, read]), description: "touched" });
    await recordReview(handle.db, owner.ctx, id, review({ decision: "keep" }));
    expect((await credentialRow(id))?.lastReviewedAt?.toISOString()).toBe(lastReviewedAt);

    // The grants shrink: the follow-up closes in the same transaction as the edit, and the review counts from now.
    const seq = await lastAuditSeq(handle.db);
    const started = Date.now();
    await updateCredential(handle.db, owner.ctx, id, { grants: grants([read]) });
    const [closed] = await handle.db.select().from(findings).where(eq(findings.id, followUp?.id ?? ""));
    expect(closed).toMatchObject({ status: "resolved" });
    expect(closed?.resolution).toMatch(/grants were reduced/i);
    const after = await credentialRow(id);
    expect(after?.lastReviewedAt?.getTime()).toBeGreaterThanOrEqual(started - 1000);
    expect(after?.reviewDueAt?.getTime()).toBe((after?.lastReviewedAt?.getTime() ?? 0) + 30 * DAY);
    const events = await auditEventsAfter(handle.db, seq);
    expect(events.filter((e) => e.action === "credential.updated" || (e.action === "finding.resolved" && (e.payload as { ruleId?: string }).ruleId === "review_scope_pending")).map((e) => e.action)).toEqual(["credential.updated", "finding.resolved"]);
    expect((await listCampaignFollowUps(handle.db, campaign.id)).items).toEqual([]);
  });

  it("[REVIEWS] revoke leaves the review clock alone; decommissioning closes a reduce-scope follow-up too", async () => {
    const revoked = await fx.credential({ reviewCadenceDays: 30 });
    await recordReview(handle.db, fx.admin, revoked.credential.id, review({ decision: "revoke", notes: "Unused" }));
    expect((await credentialRow(revoked.credential.id))?.lastReviewedAt).toBeNull();

    const reduced = await fx.credential();
    await recordReview(handle.db, fx.admin, reduced.credential.id, review({ decision: "reduce_scope", notes: "Too wide" }));
    await decommissionCredential(handle.db, await asUser(fx.admin), reduced.credential.id, decommissionInput.parse({ reason: "no_longer_needed", disabledAtServerConfirmed: true }));
    const [f] = await handle.db.select().from(findings).where(and(eq(findings.credentialId, reduced.credential.id), eq(findings.ruleId, "review_scope_pending")));
    expect(f).toMatchObject({ status: "resolved", resolution: "credential decommissioned" });
  });

  it("[REVIEWS] revoke with decommission in the same request decommissions at once and leaves no pending finding", async () => {
    const c = await fx.credential();
    const id = c.credential.id;
    await fx.secret(id);
    const before = await lastAuditSeq(handle.db);
    const r = await recordReview(
      handle.db,
      fx.admin,
      id,
      review({ decision: "revoke", notes: "Retired", decommission: { reason: "review_revoke", disabledAtServerConfirmed: true } }),
    );
    expect(r.decommissioned).toBe(true);
    expect(r.pendingFindingId).toBeNull();
    expect(await credentialRow(id)).toMatchObject({ status: "decommissioned", decommissionReason: "review_revoke" });
    expect((await auditEventsAfterExceptFindings(handle.db, before, ["review_revoke_pending"])).map((e) => e.action)).toEqual(["review.recorded", "credential.decommissioned"]);
    expect(await handle.db.select().from(findings).where(and(eq(findings.credentialId, id), eq(findings.ruleId, "review_revoke_pending")))).toEqual([]);
  });

  it("[REVIEWS] a decommissioned credential cannot be reviewed (409, nothing written)", async () => {
    const c = await fx.credential();
    const id = c.credential.id;
    await decommissionCredential(handle.db, fx.admin, id, decommissionInput.parse({ reason: "no_longer_needed", disabledAtServerConfirmed: true }));
    const before = await lastAuditSeq(handle.db);
    expectAppError(await rejectionOf(recordReview(handle.db, fx.admin, id, review({ decision: "keep" }))), "CONFLICT");
    expect(await auditEventsAfter(handle.db, before)).toEqual([]);
    expect(await handle.db.select().from(reviews).where(eq(reviews.credentialId, id))).toEqual([]);
  });

  it("[REVIEWS] reviewing an unknown credential is NOT_FOUND", async () => {
    expectAppError(await rejectionOf(recordReview(handle.db, fx.admin, crypto.randomUUID(), review({ decision: "keep" }))), "NOT_FOUND");
  });

  it("[REVIEWS] reviews list newest first with a keyset cursor", async () => {
    const c = await fx.credential();
    const id = c.credential.id;
    for (let i = 0; i < 5; i++) {
      await recordReview(handle.db, fx.admin, id, review({ decision: "keep", notes: `n${i}` }));
      // Distinct creation instants, so "newest first" has one right answer.
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const seen: (string | null)[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await listReviewsOf(handle.db, id, { cursor, limit: 2 });
      seen.push(...page.items.map((r) => r.notes));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(["n4", "n3", "n2", "n1", "n0"]);
  });
});
