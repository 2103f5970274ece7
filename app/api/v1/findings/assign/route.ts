import { endpoints } from "@/lib/api/endpoints";
import { assignFindings } from "@/lib/server/commands/findings";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.assignFindings, ({ db, ctx, body }) => assignFindings(db, ctx, body));
