import { getPerson } from "@/db/queries/org";
import { getHoldings } from "@/db/queries/queue";
import { endpoints } from "@/lib/api/endpoints";
import { notFound } from "@/lib/errors";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.getHoldings, async ({ db, params }) => {
  if (!(await getPerson(db, params.id))) throw notFound("Person");
  return getHoldings(db, params.id);
});
