import { listFindings } from "@/db/queries/findings";
import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.listFindings, async ({ db, query }) => listFindings(db, query));
