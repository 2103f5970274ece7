import { getServer } from "@/db/queries/registry";
import { endpoints } from "@/lib/api/endpoints";
import { notFound } from "@/lib/errors";
import { updateServer } from "@/lib/server/inventory/registry";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.getServer, async ({ db, params }) => (await getServer(db, params.id)) ?? Promise.reject(notFound("Authorization server")));

export const PATCH = route(endpoints.updateServer, ({ db, ctx, params, body }) => updateServer(db, ctx, params.id, body));
