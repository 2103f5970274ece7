import { listApplications } from "@/db/queries/registry";
import { endpoints } from "@/lib/api/endpoints";
import { createApplication } from "@/lib/server/inventory/registry";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.listApplications, async ({ db, query }) => {
  const page = await listApplications(db, query);
  return { items: page.items, nextCursor: page.nextCursor };
});

export const POST = route(endpoints.createApplication, ({ db, ctx, body }) => createApplication(db, ctx, body));
