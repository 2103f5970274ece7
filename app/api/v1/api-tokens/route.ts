import { endpoints } from "@/lib/api/endpoints";
import { listApiTokens } from "@/lib/server/api-tokens";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.listApiTokens, async ({ db, query }) => listApiTokens(db, query));
