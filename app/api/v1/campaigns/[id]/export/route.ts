import { eq } from "drizzle-orm";
import { reviewCampaigns } from "@/db/schema";
import { endpoints } from "@/lib/api/endpoints";
import { notFound } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/server/audited";
import { auditContext } from "@/lib/server/context";
import { securityHeaders } from "@/lib/server/http";
import { campaignCsvStream } from "@/lib/server/lifecycle/campaigns";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** Streams the campaign's tasks as CSV; the export itself is audited (DESIGN §7). */
export const GET = route(endpoints.exportCampaign, async ({ db, ctx, params }) => {
  const [campaign] = await db.select({ id: reviewCampaigns.id, name: reviewCampaigns.name }).from(reviewCampaigns).where(eq(reviewCampaigns.id, params.id));
  if (!campaign) throw notFound("Campaign");
  await recordAuditEvent(db, auditContext(ctx), { action: "campaign.exported", targetType: "review_campaign", targetId: campaign.id, payload: { format: "csv" } });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(campaignCsvStream(db, campaign.id), {
    headers: {
      ...securityHeaders,
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="steward-campaign-${campaign.id.slice(0, 8)}-${day}.csv"`,
    },
  });
});
