import { endpoints } from "@/lib/api/endpoints";
import { decommissionCredential } from "@/lib/server/lifecycle/decommission";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.decommissionCredential, ({ db, ctx, params, body }) => decommissionCredential(db, ctx, params.id, body));
