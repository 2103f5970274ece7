import { listServers } from "@/db/queries/registry";
import { endpoints } from "@/lib/api/endpoints";
import { createServer } from "@/lib/server/inventory/registry";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.listServers, async ({ db, query }) => {
  const page = await listServers(db, query);
  return { items: page.items, nextCursor: page.nextCursor };
});

export const POST = route(endpoints.createServer, ({ db, ctx, body }) => createServer(db, ctx, body));
