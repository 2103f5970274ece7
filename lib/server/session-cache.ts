import "server-only";

/**
 * Per-process caches for the fixed cost of every signed-in request (issue 17): the decoded session
 * cookie and the user row it names. Both are short-lived and bounded, and neither changes what a
 * request is allowed to do:
 *
 * - The session cache maps a session cookie (by its SHA-256, never the token itself) to what Auth.js
 *   decoded from it: the same cookie always decodes to the same user id and session version, and an
 *   entry never outlives the session's own expiry.
 * - The user cache keeps the row the session is checked against (active flag, role, session version).
 *   Every command that changes those forgets the user here (`forgetUser`, in the transaction and again
 *   after it commits), so on this process a deactivation, a role change or "sign out everywhere" takes
 *   effect on the very next request. Another replica sharing the PostgreSQL database does not hear of
 *   it: there the entry's TTL (USER_CACHE_TTL_MS, a few seconds) is the bound.
 */

export const USER_CACHE_TTL_MS = 3_000;
export const SESSION_CACHE_TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;
/** After a change, the user is not cached again until the changing transaction has surely ended. */
const UNSETTLED_MS = 60_000;

type Entry<V> = { value: V; until: number };

export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly unsettled = new Map<string, number>();
  /** Bumped by every `forget`: a read that began before it must not store what it read. */
  private epoch = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string, load: () => Promise<V>, expiresAt?: (value: V) => number | undefined): Promise<V> {
    const t = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > t) return hit.value;
    if (hit) this.entries.delete(key);
    const epoch = this.epoch;
    const value = await load();
    const settledAt = this.unsettled.get(key);
    if (settledAt !== undefined && settledAt <= this.now()) this.unsettled.delete(key);
    if (epoch === this.epoch && !this.unsettled.has(key)) {
      const until = Math.min(t + this.ttlMs, expiresAt?.(value) ?? Infinity);
      if (until > t) {
        if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value ?? key);
        this.entries.set(key, { value, until });
      }
    }
    return value;
  }

  forget(key: string): void {
    this.epoch++;
    this.entries.delete(key);
    this.unsettled.set(key, this.now() + UNSETTLED_MS);
  }

  /** The change has committed: later reads see it, so caching may resume. */
  settle(key: string): void {
    this.epoch++;
    this.entries.delete(key);
    this.unsettled.delete(key);
  }

  clear(): void {
    this.epoch++;
    this.entries.clear();
    this.unsettled.clear();
  }
}

type CacheSet = { sessions: TtlCache<unknown>; users: TtlCache<unknown> };
const holder = globalThis as typeof globalThis & { __stewardSessionCaches?: CacheSet };
// One per process, shared by every route bundle that imports this module.
const caches: CacheSet = (holder.__stewardSessionCaches ??= {
  sessions: new TtlCache<unknown>(SESSION_CACHE_TTL_MS),
  users: new TtlCache<unknown>(USER_CACHE_TTL_MS),
});

export function cachedSession<V>(cookieHash: string, load: () => Promise<V>, expiresAt: (value: V) => number | undefined): Promise<V> {
  return caches.sessions.get(cookieHash, load, expiresAt as (v: unknown) => number | undefined) as Promise<V>;
}

export function cachedUser<V>(userId: string, load: () => Promise<V>): Promise<V> {
  return caches.users.get(userId, load) as Promise<V>;
}

/** Call inside the transaction that changes the user's role, active flag or session version… */
export function forgetUser(userId: string): void {
  caches.users.forget(userId);
}

/** …and again once it has committed (or rolled back). */
export function settleUser(userId: string): void {
  caches.users.settle(userId);
}
