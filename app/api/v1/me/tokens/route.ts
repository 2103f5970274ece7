import { endpoints } from "@/lib/api/endpoints";
import { createApiToken, listApiTokens } from "@/lib/server/api-tokens";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.listMyApiTokens, async ({ db, actor, query }) => listApiTokens(db, { ...query, userId: actor.userId }));
export const POST = route(endpoints.createMyApiToken, async ({ db, ctx, body }) => createApiToken(db, ctx, body));
