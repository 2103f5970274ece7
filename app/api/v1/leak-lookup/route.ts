import { endpoints } from "@/lib/api/endpoints";
import { lookupLeak } from "@/lib/server/inventory/leaks";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.leakLookup, ({ db, ctx, body }) => lookupLeak(db, ctx, body.value));
