import { getUser } from "@/db/queries/users";
import { endpoints } from "@/lib/api/endpoints";
import { notFound } from "@/lib/errors";
import { route } from "@/lib/server/route";
import { toUserDto, updateUser } from "@/lib/server/users";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.getUser, async ({ db, params }) => {
  const user = await getUser(db, params.id);
  if (!user) throw notFound("User");
  return toUserDto(user);
});

export const PATCH = route(endpoints.updateUser, ({ db, ctx, params, body }) => updateUser(db, ctx, params.id, body));
