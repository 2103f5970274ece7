import { endpoints } from "@/lib/api/endpoints";
import { addSecret } from "@/lib/server/inventory/credentials";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.addSecret, ({ db, ctx, params, body }) => addSecret(db, ctx, params.id, body));
