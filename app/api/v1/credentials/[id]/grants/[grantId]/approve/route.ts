import { endpoints } from "@/lib/api/endpoints";
import { approveGrant } from "@/lib/server/commands/access-decisions";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.approveGrant, ({ db, ctx, params, body }) => approveGrant(db, ctx, params.id, params.grantId, body));
