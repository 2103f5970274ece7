import { getCampaign } from "@/db/queries/campaigns";
import { endpoints } from "@/lib/api/endpoints";
import { notFound } from "@/lib/errors";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.getCampaign, async ({ db, params }) => (await getCampaign(db, params.id)) ?? Promise.reject(notFound("Campaign")));
