import { endpoints } from "@/lib/api/endpoints";
import { createWebhook, listWebhooks } from "@/lib/server/notifications/webhooks";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.listWebhooks, async ({ db }) => ({ items: await listWebhooks(db) }));

export const POST = route(endpoints.createWebhook, async ({ db, ctx, body }) => createWebhook(db, ctx, body));
