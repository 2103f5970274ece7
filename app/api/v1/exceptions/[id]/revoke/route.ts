import { endpoints } from "@/lib/api/endpoints";
import { revokeException } from "@/lib/server/governance/exceptions";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.revokeException, ({ db, ctx, params, body }) => revokeException(db, ctx, params.id, body.reason));
