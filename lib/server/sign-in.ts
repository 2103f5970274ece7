import "server-only";
import { and, count, eq, gt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { signInAttempts, users } from "@/db/schema";
import { findUserByEmail } from "@/db/queries/users";
import type { AuditContext } from "@/db/queries/audit";
import { env } from "@/lib/env";
import { audited } from "./audited";
import { burnPasswordCheck, verifyPassword } from "./passwords";

export type SignInFailure = "invalid_credentials" | "rate_limited";
export type SignInOutcome =
  | { ok: true; user: { id: string; email: string; name: string; sessionVersion: number } }
  | { ok: false; reason: SignInFailure };

type Attempt = { email: string; ip: string; requestId: string | null; clientRequestId?: string | null };

/** How long one account+address pair waits after its `n`-th failure: nothing for the first few, then 30 s, 1 min, 2 min, … up to the window. */
export function pairDelayMs(failures: number, freeFailures: number, windowMinutes: number): number {
  if (failures < freeFailures) return 0;
  return Math.min(2 ** Math.min(failures - freeFailures, 30) * 30_000, windowMinutes * 60_000);
}

/** Every attempt on an account past its ceiling waits this long: the owner still gets in, a guesser slows to a crawl. */
export const ACCOUNT_CEILING_PAUSE_MS = 2000;

type Throttle = { refuse: boolean; pauseMs: number };

/**
 * Failed attempts in the window since the account's last successful sign-in (so an owner who
 * mistyped a few times is not slowed later). The limit is per account and address: a guesser
 * elsewhere cannot lock the owner (or an admin) out. Past the per-account ceiling every attempt
 * is slowed, never refused; the per-address limit across accounts still stops spraying.
 */
async function throttle(db: Db, attempt: Attempt, now: Date): Promise<Throttle> {
  const e = env();
  const windowStart = new Date(now.getTime() - e.SIGN_IN_WINDOW_MINUTES * 60_000);
  const lastSuccess = sql`coalesce((select max(${signInAttempts.createdAt}) from ${signInAttempts} where ${signInAttempts.email} = ${attempt.email} and ${signInAttempts.succeeded}), '-infinity'::timestamptz)`;
  const [account] = await db
    .select({
      all: count(),
      pair: sql<number>`(count(*) filter (where ${signInAttempts.ip} = ${attempt.ip}))::int`,
      pairLast: sql<string | null>`max(${signInAttempts.createdAt}) filter (where ${signInAttempts.ip} = ${attempt.ip})`,
    })
    .from(signInAttempts)
    .where(
      and(
        eq(signInAttempts.email, attempt.email),
        eq(signInAttempts.succeeded, false),
        gt(signInAttempts.createdAt, windowStart),
        gt(signInAttempts.createdAt, lastSuccess),
      ),
    );
  const pair = account?.pair ?? 0;
  const wait = pairDelayMs(pair, e.SIGN_IN_MAX_FAILURES_PER_ACCOUNT, e.SIGN_IN_WINDOW_MINUTES);
  if (wait > 0 && account?.pairLast && new Date(account.pairLast).getTime() + wait > now.getTime()) return { refuse: true, pauseMs: 0 };
  const [byIp] = await db
    .select({ n: count() })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.ip, attempt.ip), eq(signInAttempts.succeeded, false), gt(signInAttempts.createdAt, windowStart)));
  if ((byIp?.n ?? 0) >= e.SIGN_IN_MAX_FAILURES_PER_IP) return { refuse: true, pauseMs: 0 };
  return { refuse: false, pauseMs: (account?.all ?? 0) >= e.SIGN_IN_ACCOUNT_CEILING ? ACCOUNT_CEILING_PAUSE_MS : 0 };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function attemptAudit(attempt: Attempt): AuditContext {
  return { actor: { type: "anonymous", id: null, label: attempt.email }, requestId: attempt.requestId, clientRequestId: attempt.clientRequestId ?? null, ip: attempt.ip };
}

async function recordFailure(db: Db, attempt: Attempt, reason: SignInFailure | "inactive" | "no_account" | "sso_unknown_user" | "sso_email_unverified") {
  await audited(db, attemptAudit(attempt), async (tx, audit) => {
    await tx.insert(signInAttempts).values({ email: attempt.email, ip: attempt.ip, succeeded: false });
    // The log keeps the reason; the user only ever sees "invalid email or password" (no enumeration).
    await audit({ action: "auth.sign_in_failed", targetType: "user", payload: { email: attempt.email, reason } });
  });
}

export async function recordSignInSuccess(db: Db, attempt: Attempt, user: { id: string }, method: "password" | "oidc") {
  await audited(db, { ...attemptAudit(attempt), actor: { type: "user", id: user.id, label: attempt.email } }, async (tx, audit) => {
    await tx.insert(signInAttempts).values({ email: attempt.email, ip: attempt.ip, succeeded: true });
    await tx.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, user.id));
    await audit({ action: "auth.sign_in", targetType: "user", targetId: user.id, payload: { email: attempt.email, method } });
  });
}

export async function signInWithPassword(db: Db, attempt: Attempt, password: string, pause: (ms: number) => Promise<void> = sleep): Promise<SignInOutcome> {
  const limit = await throttle(db, attempt, new Date());
  if (limit.refuse) {
    await recordFailure(db, attempt, "rate_limited");
    return { ok: false, reason: "rate_limited" };
  }
  if (limit.pauseMs > 0) await pause(limit.pauseMs);
  const user = await findUserByEmail(db, attempt.email);
  if (!user?.passwordHash) {
    await burnPasswordCheck(password);
    await recordFailure(db, attempt, "no_account");
    return { ok: false, reason: "invalid_credentials" };
  }
  const valid = await verifyPassword(user.passwordHash, password);
  if (!valid || !user.isActive) {
    await recordFailure(db, attempt, valid ? "inactive" : "invalid_credentials");
    return { ok: false, reason: "invalid_credentials" };
  }
  await recordSignInSuccess(db, attempt, user, "password");
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } };
}

/**
 * OIDC: Steward admits only an active user it already knows, by an email the provider says it
 * verified. A missing `email_verified` is not a yes (anyone may type an address at some
 * providers), unless OIDC_EMAILS_ALWAYS_VERIFIED says this provider only asserts verified ones.
 */
export async function signInWithOidc(db: Db, attempt: Attempt, claims: { emailVerified: unknown }): Promise<SignInOutcome> {
  const verified = claims.emailVerified === true || (claims.emailVerified === undefined && env().OIDC_EMAILS_ALWAYS_VERIFIED);
  if (!verified) {
    await recordFailure(db, attempt, "sso_email_unverified");
    return { ok: false, reason: "invalid_credentials" };
  }
  const user = await findUserByEmail(db, attempt.email);
  if (!user?.isActive) {
    await recordFailure(db, attempt, user ? "inactive" : "sso_unknown_user");
    return { ok: false, reason: "invalid_credentials" };
  }
  await recordSignInSuccess(db, attempt, user, "oidc");
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } };
}
