import { getApplication } from "@/db/queries/registry";
import { endpoints } from "@/lib/api/endpoints";
import { notFound } from "@/lib/errors";
import { updateApplication } from "@/lib/server/inventory/registry";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.getApplication, async ({ db, params }) => (await getApplication(db, params.id)) ?? Promise.reject(notFound("Application")));

export const PATCH = route(endpoints.updateApplication, ({ db, ctx, params, body }) => updateApplication(db, ctx, params.id, body));
