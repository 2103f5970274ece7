import { getPolicy } from "@/db/queries/registry";
import { endpoints } from "@/lib/api/endpoints";
import { notFound } from "@/lib/errors";
import { updatePolicy } from "@/lib/server/inventory/policies";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.getPolicy, async ({ db, params }) => (await getPolicy(db, params.id)) ?? Promise.reject(notFound("Policy")));

export const PATCH = route(endpoints.updatePolicy, ({ db, ctx, params, body }) => updatePolicy(db, ctx, params.id, body));
