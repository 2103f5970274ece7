import { getPerson } from "@/db/queries/org";
import { endpoints } from "@/lib/api/endpoints";
import { notFound } from "@/lib/errors";
import { updatePerson } from "@/lib/server/org";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.getPerson, async ({ db, params }) => (await getPerson(db, params.id)) ?? Promise.reject(notFound("Person")));

export const PATCH = route(endpoints.updatePerson, ({ db, ctx, params, body }) => updatePerson(db, ctx, params.id, body));
