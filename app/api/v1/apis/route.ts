import { listApis } from "@/db/queries/registry";
import { endpoints } from "@/lib/api/endpoints";
import { createApi } from "@/lib/server/inventory/registry";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.listApis, async ({ db, query }) => {
  const page = await listApis(db, query);
  return { items: page.items, nextCursor: page.nextCursor };
});

export const POST = route(endpoints.createApi, ({ db, ctx, body }) => createApi(db, ctx, body));
