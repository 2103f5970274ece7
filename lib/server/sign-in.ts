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
  | { ok: true; user: { id: string; email: string; name: string } }
  | { ok: false; reason: SignInFailure };

type Attempt = { email: string; ip: string; requestId: string | null };

/**
 * Failed attempts in the window, per account and per IP. An account's count restarts at its
 * last successful sign-in, so an owner who mistyped a few times is not locked out later.
 */
async function isRateLimited(db: Db, attempt: Attempt, now: Date): Promise<boolean> {
  const e = env();
  const windowStart = new Date(now.getTime() - e.SIGN_IN_WINDOW_MINUTES * 60_000);
  const lastSuccess = sql`coalesce((select max(${signInAttempts.createdAt}) from ${signInAttempts} where ${signInAttempts.email} = ${attempt.email} and ${signInAttempts.succeeded}), '-infinity'::timestamptz)`;
  const [byAccount] = await db
    .select({ n: count() })
    .from(signInAttempts)
    .where(
      and(
        eq(signInAttempts.email, attempt.email),
        eq(signInAttempts.succeeded, false),
        gt(signInAttempts.createdAt, windowStart),
        gt(signInAttempts.createdAt, lastSuccess),
      ),
    );
  if ((byAccount?.n ?? 0) >= e.SIGN_IN_MAX_FAILURES_PER_ACCOUNT) return true;
  const [byIp] = await db
    .select({ n: count() })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.ip, attempt.ip), eq(signInAttempts.succeeded, false), gt(signInAttempts.createdAt, windowStart)));
  return (byIp?.n ?? 0) >= e.SIGN_IN_MAX_FAILURES_PER_IP;
}

function attemptAudit(attempt: Attempt): AuditContext {
  return { actor: { type: "anonymous", id: null, label: attempt.email }, requestId: attempt.requestId, ip: attempt.ip };
}

async function recordFailure(db: Db, attempt: Attempt, reason: SignInFailure | "inactive" | "no_account" | "sso_unknown_user") {
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

export async function signInWithPassword(db: Db, attempt: Attempt, password: string): Promise<SignInOutcome> {
  if (await isRateLimited(db, attempt, new Date())) {
    await recordFailure(db, attempt, "rate_limited");
    return { ok: false, reason: "rate_limited" };
  }
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
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}

/** OIDC: the provider proved the email; Steward admits only an active user it already knows. */
export async function signInWithOidc(db: Db, attempt: Attempt): Promise<SignInOutcome> {
  const user = await findUserByEmail(db, attempt.email);
  if (!user?.isActive) {
    await recordFailure(db, attempt, user ? "inactive" : "sso_unknown_user");
    return { ok: false, reason: "invalid_credentials" };
  }
  await recordSignInSuccess(db, attempt, user, "oidc");
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}
