import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { users } from "@/db/schema";
import { signOutEverywhere, updateUser } from "@/lib/server/users";
import { drivers, type TestDatabase } from "../support/db";
import { suiteDatabase } from "../support/inventory";

// currentActor as a request sees it: the cookie header, what Auth.js decodes from it, the database.
const request = vi.hoisted((): { cookie: string | null; session: unknown; decodes: number; db: unknown } => ({ cookie: "authjs.session-token=abc", session: null, decodes: 0, db: null }));
vi.mock("next/headers", () => ({ headers: () => Promise.resolve(new Headers(request.cookie ? { cookie: request.cookie } : {})) }));
vi.mock("@/lib/server/auth", () => ({
  auth: () => {
    request.decodes++;
    return Promise.resolve(request.session);
  },
}));
vi.mock("@/db", () => ({ getDb: () => Promise.resolve(request.db) }));
// React's per-request cache() memoises nothing outside a request: each call here is a new request.
vi.mock("react", async (importOriginal) => ({ ...(await importOriginal<typeof import("react")>()), cache: <F>(fn: F) => fn }));

const { currentActor } = await import("@/lib/server/session");
const { TtlCache } = await import("@/lib/server/session-cache");

let cookieCounter = 0;
function signedIn(userId: string, sessionVersion: number, expiresInS = 3600) {
  request.cookie = `other=1; authjs.session-token=cookie-${String(++cookieCounter)}`;
  request.session = { user: { id: userId }, sessionVersion, tokenExpires: Math.floor(Date.now() / 1000) + expiresInS };
}

async function versionOf(db: TestDatabase["db"], id: string): Promise<number> {
  const [row] = await db.select({ v: users.sessionVersion }).from(users).where(eq(users.id, id));
  return row?.v ?? -1;
}

afterEach(() => {
  vi.useRealTimers();
});

describe.each(drivers)("[SESSION] cached session and user on %s (issue 17)", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: false });

  it("[SESSION] a repeated request decodes the cookie once and still sees the user", async () => {
    request.db = handle.db;
    const me = await fx.account("member");
    signedIn(me.userId, await versionOf(handle.db, me.userId));
    const decodes = request.decodes;
    expect((await currentActor())?.role).toBe("member");
    expect((await currentActor())?.userId).toBe(me.userId);
    expect(request.decodes - decodes).toBe(1);
  });

  it("[SESSION] deactivated users lose access at once, on the next request", async () => {
    request.db = handle.db;
    const me = await fx.account("member");
    signedIn(me.userId, await versionOf(handle.db, me.userId));
    expect(await currentActor()).not.toBeNull();
    await updateUser(handle.db, await fx.asUser(fx.admin), me.userId, { isActive: false });
    expect(await currentActor()).toBeNull();
  });

  it("[SESSION] a role change ends the session on the next request, and the new session sees the new role", async () => {
    request.db = handle.db;
    const me = await fx.account("member");
    const before = await versionOf(handle.db, me.userId);
    signedIn(me.userId, before);
    expect((await currentActor())?.role).toBe("member");
    await updateUser(handle.db, await fx.asUser(fx.admin), me.userId, { role: "auditor" });
    expect(await currentActor()).toBeNull();
    signedIn(me.userId, await versionOf(handle.db, me.userId));
    expect((await currentActor())?.role).toBe("auditor");
  });

  it("[SESSION] sign out everywhere ends a cached session at once", async () => {
    request.db = handle.db;
    const me = await fx.account("member");
    signedIn(me.userId, await versionOf(handle.db, me.userId));
    expect(await currentActor()).not.toBeNull();
    await signOutEverywhere(handle.db, me.ctx, me.userId);
    expect(await currentActor()).toBeNull();
  });

  it("[SESSION] a change made elsewhere (another replica, plain SQL) shows within the user cache's TTL", async () => {
    request.db = handle.db;
    const me = await fx.account("member");
    signedIn(me.userId, await versionOf(handle.db, me.userId));
    expect(await currentActor()).not.toBeNull();
    await handle.db.update(users).set({ isActive: false }).where(eq(users.id, me.userId));
    await new Promise((r) => setTimeout(r, 3_100));
    expect(await currentActor()).toBeNull();
  });

  it("[SESSION] no session cookie never reaches Auth.js; an expired cookie is no session", async () => {
    request.db = handle.db;
    const me = await fx.account("member");
    request.cookie = "other=1";
    const decodes = request.decodes;
    expect(await currentActor()).toBeNull();
    expect(request.decodes).toBe(decodes);
    signedIn(me.userId, await versionOf(handle.db, me.userId), -1);
    expect(await currentActor()).toBeNull();
  });
});

describe("[SESSION] TtlCache", () => {
  it("expires entries, and never stores a read that began before a forget", async () => {
    let now = 1_000;
    const cache = new TtlCache<number>(100, () => now);
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    expect(await cache.get("a", load)).toBe(1);
    expect(await cache.get("a", load)).toBe(1);
    now += 101;
    expect(await cache.get("a", load)).toBe(2);

    // A read in flight while the user changes: its (old) value is returned but not kept.
    let release: (v: number) => void = () => undefined;
    const slow = cache.get("b", () => new Promise<number>((r) => (release = r)));
    cache.forget("b");
    release(10);
    expect(await slow).toBe(10);
    expect(await cache.get("b", () => Promise.resolve(11))).toBe(11);
    // Until the change settles, nothing is kept for that key.
    expect(await cache.get("b", () => Promise.resolve(12))).toBe(12);
    cache.settle("b");
    expect(await cache.get("b", () => Promise.resolve(13))).toBe(13);
    expect(await cache.get("b", () => Promise.resolve(14))).toBe(13);
    // An entry never outlives the expiry its value names.
    expect(await cache.get("c", () => Promise.resolve(1), () => now + 10)).toBe(1);
    now += 11;
    expect(await cache.get("c", () => Promise.resolve(2), () => now + 10)).toBe(2);
  });
});
