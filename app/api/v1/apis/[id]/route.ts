import { getApi } from "@/db/queries/registry";
import { endpoints } from "@/lib/api/endpoints";
import { notFound } from "@/lib/errors";
import { updateApi } from "@/lib/server/inventory/registry";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.getApi, async ({ db, params }) => (await getApi(db, params.id)) ?? Promise.reject(notFound("API")));

export const PATCH = route(endpoints.updateApi, ({ db, ctx, params, body }) => updateApi(db, ctx, params.id, body));
