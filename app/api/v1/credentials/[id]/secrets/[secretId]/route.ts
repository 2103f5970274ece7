import { endpoints } from "@/lib/api/endpoints";
import { updateSecret } from "@/lib/server/inventory/credentials";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const PATCH = route(endpoints.updateSecret, ({ db, ctx, params, body }) => updateSecret(db, ctx, params.id, params.secretId, body));
