import { getDepartureAccess, getHoldings } from "@/db/queries/queue";
import { endpoints } from "@/lib/api/endpoints";
import { notFound } from "@/lib/errors";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.getHoldings, async ({ db, params }) => {
  const [holdings, access] = await Promise.all([getHoldings(db, params.id), getDepartureAccess(db, params.id)]);
  if (!access) throw notFound("Person");
  return { ...holdings, access };
});
