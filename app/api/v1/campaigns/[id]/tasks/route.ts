import { getCampaign, listCampaignTasks } from "@/db/queries/campaigns";
import { endpoints } from "@/lib/api/endpoints";
import { notFound } from "@/lib/errors";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.listCampaignTasks, async ({ db, params, query }) => {
  if (!(await getCampaign(db, params.id))) throw notFound("Campaign");
  return listCampaignTasks(db, params.id, query);
});
