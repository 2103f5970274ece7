import "server-only";
import { createHash } from "node:crypto";
import { cache } from "react";
import { headers } from "next/headers";
import { getDb } from "@/db";
import { getUser } from "@/db/queries/users";
import { env } from "@/lib/env";
import { auth, type SessionWithVersion } from "./auth";
import type { Actor, RequestContext } from "./context";
import { clientIp } from "./client-address";
import { clientRequestIdOf, publicOrigin, requestIdOf } from "./request-meta";
import { cachedSession, cachedUser } from "./session-cache";

type DecodedSession = { userId: string; sessionVersion: number | undefined; expiresAt: number | undefined } | null;

/** The session cookie(s) of the request, hashed: the cache key of what Auth.js decodes from them. */
export function sessionCookieKey(cookieHeader: string | null): string | null {
  const tokens = (cookieHeader ?? "")
    .split(";")
    .map((part) => part.trim())
    .filter((part) => /^(__Secure-)?authjs\.session-token(\.\d+)?=/.test(part))
    .sort();
  return tokens.length ? createHash("sha256").update(tokens.join("\n")).digest("hex") : null;
}

async function decodeSession(): Promise<DecodedSession> {
  const session = (await auth()) as (SessionWithVersion & { user?: { id?: string } }) | null;
  const id = session?.user?.id;
  if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  return { userId: id, sessionVersion: session.sessionVersion, expiresAt: session.tokenExpires === undefined ? undefined : session.tokenExpires * 1000 };
}

/**
 * The signed-in user, checked against the user's current row on every request: deactivation and
 * role changes take effect at once, not when the JWT expires. The same check compares the session's
 * version: sign-out, a new password, a role change or deactivation bumped it, so a cookie issued
 * before (a copied one, or one from before a reactivation) is no session at all. The decoded cookie
 * and the row come from short per-process caches (session-cache.ts), which the commands changing a
 * user invalidate; a request without a session cookie never reaches Auth.js.
 */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const key = sessionCookieKey((await headers()).get("cookie"));
  if (!key) return null;
  const session = await cachedSession(key, decodeSession, (s) => (s ? s.expiresAt : 0));
  if (!session || (session.expiresAt !== undefined && session.expiresAt <= Date.now())) return null;
  const db = await getDb();
  const user = await cachedUser(session.userId, () => getUser(db, session.userId));
  if (!user?.isActive || session.sessionVersion !== user.sessionVersion) return null;
  return { userId: user.id, email: user.email, name: user.name, role: user.role };
});

export const currentRequestContext = cache(async (): Promise<RequestContext> => {
  const h = await headers();
  return { requestId: requestIdOf(h), clientRequestId: clientRequestIdOf(h), ip: clientIp(h), origin: publicOrigin(h, env().AUTH_URL), actor: await currentActor() };
});
