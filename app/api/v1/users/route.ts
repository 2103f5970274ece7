import { listUsers } from "@/db/queries/users";
import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/server/route";
import { createUser, toUserDto } from "@/lib/server/users";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.listUsers, async ({ db, query }) => {
  const page = await listUsers(db, query);
  return { items: page.items.map(toUserDto), nextCursor: page.nextCursor };
});

export const POST = route(endpoints.createUser, ({ db, ctx, body }) => createUser(db, ctx, body));
