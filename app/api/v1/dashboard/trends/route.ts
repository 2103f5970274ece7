import { endpoints } from "@/lib/api/endpoints";
import { readTrends } from "@/lib/server/dashboard/read";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.getDashboardTrends, async ({ db, query }) => readTrends(db, { teamId: query.teamId, environment: query.environment }, query.days));
