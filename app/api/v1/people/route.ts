import { listPeople } from "@/db/queries/org";
import { endpoints } from "@/lib/api/endpoints";
import { createPerson } from "@/lib/server/org";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.listPeople, async ({ db, query }) => {
  const page = await listPeople(db, query);
  return { items: page.items, nextCursor: page.nextCursor };
});

export const POST = route(endpoints.createPerson, ({ db, ctx, body }) => createPerson(db, ctx, body));
