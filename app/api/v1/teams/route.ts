import { listTeams } from "@/db/queries/org";
import { endpoints } from "@/lib/api/endpoints";
import { createTeam } from "@/lib/server/org";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.listTeams, async ({ db, query }) => {
  const page = await listTeams(db, query);
  return { items: page.items, nextCursor: page.nextCursor };
});

export const POST = route(endpoints.createTeam, ({ db, ctx, body }) => createTeam(db, ctx, body));
