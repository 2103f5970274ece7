import { endpoints } from "@/lib/api/endpoints";
import { updateWebhook } from "@/lib/server/notifications/webhooks";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const PATCH = route(endpoints.updateWebhook, async ({ db, ctx, params, body }) => updateWebhook(db, ctx, params.id, body));
