import { endpoints } from "@/lib/api/endpoints";
import { closeCampaign } from "@/lib/server/lifecycle/campaigns";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.closeCampaign, ({ db, ctx, params }) => closeCampaign(db, ctx, params.id));
