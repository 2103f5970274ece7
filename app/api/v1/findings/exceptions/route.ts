import { endpoints } from "@/lib/api/endpoints";
import { exceptFindingsInBulk } from "@/lib/server/commands/findings";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.exceptFindings, ({ db, ctx, body }) => exceptFindingsInBulk(db, ctx, body));
