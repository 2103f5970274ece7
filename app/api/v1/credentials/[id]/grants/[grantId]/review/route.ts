import { endpoints } from "@/lib/api/endpoints";
import { reviewGrant } from "@/lib/server/commands/access-decisions";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.reviewGrant, ({ db, ctx, params, body }) => reviewGrant(db, ctx, params.id, params.grantId, body));
