import { getTeam } from "@/db/queries/org";
import { endpoints } from "@/lib/api/endpoints";
import { notFound } from "@/lib/errors";
import { readTeamHolders } from "@/lib/server/dashboard/read";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.getTeamHolders, async ({ db, params, query }) => {
  if (!(await getTeam(db, params.id))) throw notFound("Team");
  return readTeamHolders(db, params.id, query.environment);
});
