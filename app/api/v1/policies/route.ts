import { listPolicies } from "@/db/queries/registry";
import { endpoints } from "@/lib/api/endpoints";
import { createPolicy } from "@/lib/server/inventory/policies";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.listPolicies, async ({ db }) => ({ items: await listPolicies(db) }));

export const POST = route(endpoints.createPolicy, ({ db, ctx, body }) => createPolicy(db, ctx, body));
