import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db, Queryable } from "@/db/client";
import { campaignAssignees, campaignTaskPages, countFallbackTasks, getCampaign, insertCampaignTasks, type CampaignDetail } from "@/db/queries/campaigns";
import { formatCsvRow } from "@/lib/inventory-file/csv";
import { reviewCampaigns, reviewTasks } from "@/db/schema";
import { conflict, notFound } from "@/lib/errors";
import type { CampaignInput } from "@/lib/validation/review";
import { audited } from "../audited";
import { auditContext, type RequestContext } from "../context";
import { enqueueNotifications } from "../notifications/outbox";

/** The filter as stored: only the fields given (the same shape as the inventory URL filters). */
function storedFilter(filter: CampaignInput["filter"]): Record<string, unknown> {
  return { ...filter };
}

export type CreatedCampaign = CampaignDetail & { tasksCreated: number; assignees: number; unassigned: number };

/**
 * Creates a review campaign (DESIGN §4.3) in one audited transaction: the campaign, one review task
 * per matching active credential assigned to its owner, or a stand-in when the owner has left or is
 * missing (one INSERT … SELECT, however many match),
 * one notification per assignee (deduplicated per campaign and person), and `campaign.created`.
 */
export async function createCampaign(db: Db, ctx: RequestContext, input: CampaignInput): Promise<CreatedCampaign> {
  const id = await audited(db, auditContext(ctx), async (tx, audit) => {
    const now = new Date();
    const filter = storedFilter(input.filter);
    const [campaign] = await tx
      .insert(reviewCampaigns)
      .values({ name: input.name, filter, dueAt: input.dueAt, createdById: ctx.actor?.userId ?? null, createdAt: now, updatedAt: now })
      .returning({ id: reviewCampaigns.id });
    if (!campaign) throw new Error("insert returned no row");
    await insertCampaignTasks(tx, campaign.id, input.filter, now);
    const assignees = await campaignAssignees(tx, campaign.id);
    const due = input.dueAt.toISOString().slice(0, 10);
    const tasksCreated = assignees.reduce((n, a) => n + a.tasks, 0);
    const unassigned = assignees.filter((a) => a.personId === null).reduce((n, a) => n + a.tasks, 0);
    await enqueueNotifications(
      tx,
      assignees.flatMap((a) => {
        if (a.personId === null) return [];
        const plural = a.tasks === 1 ? "credential" : "credentials";
        return [
          {
            dedupeKey: `campaign:${campaign.id}:person:${a.personId}`,
            kind: "review.campaign",
            subject: `Review ${a.tasks} ${plural} by ${due}: ${input.name}`,
            body: `The review campaign "${input.name}" asks you to review ${a.tasks} ${plural} by ${due}, as owner or standing in for an owner who has left or is missing. For each, decide keep, reduce scope or revoke.`,
            link: `/reviews`,
            payload: { campaignId: campaign.id, tasks: a.tasks, dueAt: input.dueAt.toISOString() },
            recipients: { personIds: [a.personId] },
            webhooks: false,
          },
        ];
      }),
    );
    const owners = assignees.filter((a) => a.personId !== null).length;
    const fellBack = await countFallbackTasks(tx, campaign.id);
    await audit({
      action: "campaign.created",
      targetType: "review_campaign",
      targetId: campaign.id,
      payload: { name: input.name, filter, dueAt: input.dueAt.toISOString(), tasksCreated, assignees: owners, unassigned, fellBack },
    });
    return campaign.id;
  });
  const detail = await getCampaign(db, id);
  if (!detail) throw notFound("Campaign");
  return { ...detail, tasksCreated: detail.progress.total, assignees: detail.owners.filter((o) => o.assignee !== null).length, unassigned: detail.owners.find((o) => o.assignee === null)?.total ?? 0 };
}

/** Closes a campaign; its remaining open tasks stay as they are (visible as not done). */
export async function closeCampaign(db: Db, ctx: RequestContext, id: string): Promise<CampaignDetail> {
  await audited(db, auditContext(ctx), async (tx, audit) => {
    const [campaign] = await tx.select({ id: reviewCampaigns.id, status: reviewCampaigns.status }).from(reviewCampaigns).where(eq(reviewCampaigns.id, id)).for("update");
    if (!campaign) throw notFound("Campaign");
    if (campaign.status === "closed") throw conflict("This campaign is already closed");
    const now = new Date();
    await tx.update(reviewCampaigns).set({ status: "closed", updatedAt: now }).where(eq(reviewCampaigns.id, id));
    const [counts] = await tx
      .select({
        total: sql<number>`count(*)::int`,
        done: sql<number>`(count(*) filter (where ${reviewTasks.status} = 'done'))::int`,
        open: sql<number>`(count(*) filter (where ${reviewTasks.status} = 'open'))::int`,
      })
      .from(reviewTasks)
      .where(and(eq(reviewTasks.campaignId, id)));
    await audit({ action: "campaign.closed", targetType: "review_campaign", targetId: id, payload: { total: counts?.total ?? 0, done: counts?.done ?? 0, notDone: counts?.open ?? 0 } });
  });
  const detail = await getCampaign(db, id);
  if (!detail) throw notFound("Campaign");
  return detail;
}

export const campaignCsvColumns = ["credential_key", "credential_name", "environment", "owner", "team", "status", "decision", "reviewed_at", "reviewer"] as const;

/** The campaign's tasks as CSV, a page at a time: memory stays flat however many tasks it has. */
export function campaignCsvStream(db: Queryable, campaignId: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  async function* chunks(): AsyncGenerator<string> {
    yield formatCsvRow(campaignCsvColumns);
    for await (const page of campaignTaskPages(db, campaignId)) {
      yield page
        .map((t) =>
          formatCsvRow([
            t.credential.key,
            t.credential.name,
            t.credential.environment,
            t.assignee?.name ?? "",
            t.team?.name ?? "",
            t.status,
            t.decision ?? "",
            t.reviewedAt ? t.reviewedAt.toISOString() : "",
            t.reviewer ?? "",
          ]),
        )
        .join("");
    }
  }
  const it = chunks();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await it.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await it.return(undefined);
    },
  });
}
