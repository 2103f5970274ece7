import { endpoints } from "@/lib/api/endpoints";
import { rejectGrant } from "@/lib/server/commands/access-decisions";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.rejectGrant, ({ db, ctx, params, body }) => rejectGrant(db, ctx, params.id, params.grantId, body));
