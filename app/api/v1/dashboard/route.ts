import { endpoints } from "@/lib/api/endpoints";
import { readDashboard } from "@/lib/server/dashboard/read";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.getDashboard, async ({ db, query }) =>
  readDashboard(db, { teamId: query.teamId, environment: query.environment }, { sort: query.sort, dir: query.dir, fresh: query.fresh }),
);
