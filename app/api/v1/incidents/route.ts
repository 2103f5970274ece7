import { listIncidents } from "@/db/queries/incidents";
import { endpoints } from "@/lib/api/endpoints";
import { presentIncident } from "@/lib/server/lifecycle/incidents";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.listIncidents, async ({ db, query }) => {
  const page = await listIncidents(db, query);
  return { items: page.items.map(presentIncident), nextCursor: page.nextCursor };
});
