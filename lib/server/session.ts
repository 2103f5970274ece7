import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { getDb } from "@/db";
import { getUser } from "@/db/queries/users";
import { env } from "@/lib/env";
import { auth, type SessionWithVersion } from "./auth";
import type { Actor, RequestContext } from "./context";
import { clientIp } from "./client-address";
import { clientRequestIdOf, publicOrigin, requestIdOf } from "./request-meta";

/**
 * The signed-in user, re-read from the database once per request: deactivation and role
 * changes take effect at once, not when the JWT expires. The same read checks the session's
 * version: sign-out, a new password, a role change or deactivation bumped it, so a cookie
 * issued before (a copied one, or one from before a reactivation) is no session at all.
 */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  const user = await getUser(await getDb(), id);
  if (!user?.isActive || (session as SessionWithVersion).sessionVersion !== user.sessionVersion) return null;
  return { userId: user.id, email: user.email, name: user.name, role: user.role };
});

export const currentRequestContext = cache(async (): Promise<RequestContext> => {
  const h = await headers();
  return { requestId: requestIdOf(h), clientRequestId: clientRequestIdOf(h), ip: clientIp(h), origin: publicOrigin(h, env().AUTH_URL), actor: await currentActor() };
});
