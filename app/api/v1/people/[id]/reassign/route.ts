import { endpoints } from "@/lib/api/endpoints";
import { reassignOwnership } from "@/lib/server/lifecycle/departures";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.reassignOwnership, ({ db, ctx, params, body }) => reassignOwnership(db, ctx, params.id, body));
