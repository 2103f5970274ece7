import { listFindings } from "@/db/queries/findings";
import { endpoints } from "@/lib/api/endpoints";
import { readAt } from "@/lib/server/as-of";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** The findings now, or as they were at `asOf` (DESIGN §8.6). */
export const GET = route(endpoints.listFindings, ({ db, query }) => readAt(db, query.asOf, (q) => listFindings(q, query)));
