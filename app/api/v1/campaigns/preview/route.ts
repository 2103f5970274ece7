import { previewCampaign } from "@/db/queries/campaigns";
import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.previewCampaign, ({ db, query }) => previewCampaign(db, query));
