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
import { openReviewFollowUp, withOpenFollowUp } from "./follow-ups";
import { transitionCredentials } from "../commands/transitions";


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
  lastReviewedAt: Date | null;
  reviewDueAt: Date | null;
  tasksCompleted: number;
  pendingFindingId: string | null;
  decommissioned: boolean;
  decommission: DecommissionResult | null;
};

/**
 * Records a review (DESIGN §4.3) in one audited transaction: the review, the credential's open tasks
 * in open campaigns completed, and last reviewed at with the recomputed review due date — but only
 * when no follow-up is open: `reduce_scope` opens one until the grants shrink, `revoke` one until
 * the credential is decommissioned (done here when the request carries it), so a decision that
 * changes nothing yet does not make the credential "reviewed OK".
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
    if (input.decision !== "keep" && !input.decommission) {
      pendingFindingId = await openReviewFollowUp(tx, audit, credentialId, input.decision, review, now);
    }
    // The clock resets only when the review holds: nothing it asked for is still outstanding.
    if ((await withOpenFollowUp(tx, [credentialId])).size === 0) {
      await transitionCredentials(tx, eq(credentials.id, credentialId), { lastReviewedAt: now }, now);
      await refreshCredentials(tx, audit, [credentialId], now);
    }
    if (input.decision === "revoke" && input.decommission) {
      decommission = await decommissionInTx(tx, audit, ctx, credential, input.decommission);
    }

    const [after] = await tx.select({ lastReviewedAt: credentials.lastReviewedAt, reviewDueAt: credentials.reviewDueAt }).from(credentials).where(eq(credentials.id, credentialId));
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
      lastReviewedAt: after?.lastReviewedAt ?? null,
      reviewDueAt: after?.reviewDueAt ?? null,
      tasksCompleted: openTasks.length,
      pendingFindingId,
      decommissioned: decommission !== null,
      decommission,
    };
  });
}
