import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { credentials, reviewCampaigns, reviews, reviewTasks } from "@/db/schema";
import type { ActorFacts } from "@/lib/authz/ownership";
import { conflict } from "@/lib/errors";
import type { ReviewInput } from "@/lib/validation/review";
import { audited } from "../audited";
import { auditContext, type RequestContext } from "../context";
import { refreshCredentials } from "../posture/refresh";
import { actorFacts, denyRecord } from "../inventory/facts";
import { DECOMMISSIONED_READ_ONLY, decommissionInTx, lockCredential, type DecommissionResult, type LockedCredential } from "./decommission";
import { openFinding } from "./findings";

/** Open until the credential a review decided to revoke is decommissioned. */
export const reviewRevokePendingRule = { id: "review_revoke_pending", severity: "high" } as const;

/**
 * Who may review (DESIGN §4.3): the owner, the backup owner (the person linked to the user by
 * email), security and admin — and whoever an open campaign task asks to, since a campaign hands
 * the task of an owner who left to a stand-in.
 */
export function canReview(facts: ActorFacts, credential: Pick<LockedCredential, "ownerId" | "backupOwnerId">, taskAssigneeIds: readonly (string | null)[] = []): boolean {
  if (facts.role === "security" || facts.role === "admin") return true;
  if (facts.role !== "member" || facts.personId === null) return false;
  return facts.personId === credential.ownerId || facts.personId === credential.backupOwnerId || taskAssigneeIds.includes(facts.personId);
}

export type RecordedReview = {
  review: {
    id: string;
    credentialId: string;
    decision: ReviewInput["decision"];
    notes: string | null;
    reviewer: { id: string | null; name: string };
    campaignId: string | null;
    createdAt: Date;
  };
  lastReviewedAt: Date;
  reviewDueAt: Date | null;
  tasksCompleted: number;
  pendingFindingId: string | null;
  decommissioned: boolean;
  decommission: DecommissionResult | null;
};

/**
 * Records a review (DESIGN §4.3) in one audited transaction: the review, last reviewed at and the
 * recomputed review due date, the credential's open tasks in open campaigns completed. `revoke`
 * starts decommissioning: done here when the request carries it, otherwise a
 * `review_revoke_pending` finding stays open until the credential is decommissioned.
 */
export async function recordReview(db: Db, ctx: RequestContext, credentialId: string, input: ReviewInput): Promise<RecordedReview> {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const credential = await lockCredential(tx, credentialId);
    const facts = await actorFacts(tx, ctx);
    const openTasks = await tx
      .select({ id: reviewTasks.id, campaignId: reviewTasks.campaignId, assigneeId: reviewTasks.assigneePersonId })
      .from(reviewTasks)
      .innerJoin(reviewCampaigns, eq(reviewCampaigns.id, reviewTasks.campaignId))
      .where(and(eq(reviewTasks.credentialId, credentialId), eq(reviewTasks.status, "open"), eq(reviewCampaigns.status, "open")))
      .orderBy(reviewCampaigns.dueAt, reviewTasks.id);
    if (!canReview(facts, credential, openTasks.map((t) => t.assigneeId))) {
      throw denyRecord("Only the owner, the backup owner, the person a review task is assigned to or the security team may review this credential");
    }
    if (credential.status === "decommissioned") throw conflict(DECOMMISSIONED_READ_ONLY);
    const now = new Date();

    const [review] = await tx
      .insert(reviews)
      .values({
        credentialId,
        reviewerId: ctx.actor?.userId ?? null,
        reviewerPersonId: facts.personId,
        decision: input.decision,
        notes: input.notes ?? null,
        campaignId: openTasks[0]?.campaignId ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!review) throw new Error("insert returned no row");

    await tx.update(credentials).set({ lastReviewedAt: now, updatedAt: now }).where(eq(credentials.id, credentialId));
    await refreshCredentials(tx, audit, [credentialId], now);

    if (openTasks.length > 0) {
      await tx
        .update(reviewTasks)
        .set({ status: "done", reviewId: review.id, completedAt: now, updatedAt: now })
        .where(inArray(reviewTasks.id, openTasks.map((t) => t.id)));
    }

    await audit({
      action: "review.recorded",
      targetType: "credential",
      targetId: credentialId,
      payload: {
        reviewId: review.id,
        decision: input.decision,
        ...(input.notes ? { notes: input.notes } : {}),
        tasksCompleted: openTasks.map((t) => ({ taskId: t.id, campaignId: t.campaignId })),
      },
    });

    let pendingFindingId: string | null = null;
    let decommission: DecommissionResult | null = null;
    if (input.decision === "revoke") {
      if (input.decommission) {
        decommission = await decommissionInTx(tx, audit, ctx, credential, input.decommission);
      } else {
        pendingFindingId = await openFinding(
          tx,
          audit,
          { ruleId: reviewRevokePendingRule.id, credentialId, severity: reviewRevokePendingRule.severity, details: { reviewId: review.id, message: "A review decided to revoke this credential; decommission it." } },
          now,
        );
      }
    }

    const [after] = await tx.select({ reviewDueAt: credentials.reviewDueAt }).from(credentials).where(eq(credentials.id, credentialId));
    const reviewerName = ctx.actor ? ctx.actor.name || ctx.actor.email : "Unknown";
    return {
      review: {
        id: review.id,
        credentialId,
        decision: review.decision,
        notes: review.notes,
        reviewer: { id: review.reviewerId, name: reviewerName },
        campaignId: review.campaignId,
        createdAt: review.createdAt,
      },
      lastReviewedAt: now,
      reviewDueAt: after?.reviewDueAt ?? null,
      tasksCompleted: openTasks.length,
      pendingFindingId,
      decommissioned: decommission !== null,
      decommission,
    };
  });
}
