import { listCampaigns } from "@/db/queries/campaigns";
import { endpoints } from "@/lib/api/endpoints";
import { createCampaign } from "@/lib/server/lifecycle/campaigns";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.listCampaigns, ({ db, query }) => listCampaigns(db, query));

export const POST = route(endpoints.createCampaign, ({ db, ctx, body }) => createCampaign(db, ctx, body));
