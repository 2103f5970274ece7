import { getTeam } from "@/db/queries/org";
import { endpoints } from "@/lib/api/endpoints";
import { notFound } from "@/lib/errors";
import { updateTeam } from "@/lib/server/org";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.getTeam, async ({ db, params }) => (await getTeam(db, params.id)) ?? Promise.reject(notFound("Team")));

export const PATCH = route(endpoints.updateTeam, ({ db, ctx, params, body }) => updateTeam(db, ctx, params.id, body));
