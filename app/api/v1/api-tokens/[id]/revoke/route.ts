import { endpoints } from "@/lib/api/endpoints";
import { revokeApiToken } from "@/lib/server/api-tokens";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.revokeApiToken, async ({ db, ctx, params }) => revokeApiToken(db, ctx, params.id, { anyUser: true }));
