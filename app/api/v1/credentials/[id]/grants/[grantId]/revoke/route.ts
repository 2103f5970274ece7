import { endpoints } from "@/lib/api/endpoints";
import { revokeGrant } from "@/lib/server/commands/access-decisions";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.revokeGrant, ({ db, ctx, params, body }) => revokeGrant(db, ctx, params.id, params.grantId, body));
