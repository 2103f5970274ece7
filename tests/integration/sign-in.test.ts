import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, signInAttempts, users } from "@/db/schema";
import { env, resetEnvCache } from "@/lib/env";
import { hashPassword } from "@/lib/server/passwords";
import { ACCOUNT_CEILING_PAUSE_MS, pairDelayMs, signInWithOidc, signInWithPassword } from "@/lib/server/sign-in";
import { drivers } from "../support/db";
import { suiteDatabase } from "../support/inventory";
import { auditEventsAfter, lastAuditSeq } from "../support/audit";

const PASSWORD = "the right password 42";
const WRONG = "a wrong password 42";
const PER_IP_LIMIT = 8;

// This file owns its sign-in limits: the account limit at its default, the IP limit lowered so
// the per-IP test needs few password checks. Each test uses its own email and IP address.
const saved: Record<string, string | undefined> = {};
const LIMIT_VARS = ["SIGN_IN_MAX_FAILURES_PER_ACCOUNT", "SIGN_IN_MAX_FAILURES_PER_IP", "SIGN_IN_WINDOW_MINUTES", "SIGN_IN_ACCOUNT_CEILING", "OIDC_EMAILS_ALWAYS_VERIFIED"];
beforeAll(() => {
  for (const name of LIMIT_VARS) {
    saved[name] = process.env[name];
    Reflect.deleteProperty(process.env, name);
  }
  process.env.SIGN_IN_MAX_FAILURES_PER_IP = String(PER_IP_LIMIT);
  resetEnvCache();
  expect(env().SIGN_IN_MAX_FAILURES_PER_ACCOUNT).toBe(5);
  expect(env().SIGN_IN_WINDOW_MINUTES).toBe(15);
});
afterAll(() => {
  for (const name of LIMIT_VARS) {
    if (saved[name] === undefined) Reflect.deleteProperty(process.env, name);
    else process.env[name] = saved[name];
  }
  resetEnvCache();
});

let ipCounter = 0;
const nextIp = () => `192.0.2.${++ipCounter}`;

describe.each(drivers)("[AUTH] sign-in on %s", (driver) => {
  const { handle } = suiteDatabase(driver, { auditChain: true });
  let passwordHash: string;

  beforeAll(async () => {
    passwordHash = await hashPassword(PASSWORD); // one slow hash, shared by every test user
  });

  async function makeUser(opts: { isActive?: boolean; withPassword?: boolean } = {}) {
    const email = `user-${randomUUID().slice(0, 8)}@example.test`;
    const [row] = await handle.db
      .insert(users)
      .values({
        email,
        name: "Test user",
        role: "member",
        isActive: opts.isActive ?? true,
        passwordHash: opts.withPassword === false ? null : passwordHash,
      })
      .returning({ id: users.id });
    if (!row) throw new Error("no user");
    return { id: row.id, email };
  }

  const attemptFor = (email: string, ip = nextIp()) => ({ email, ip, requestId: randomUUID() });

  it("[AUTH] correct password signs in and writes auth.sign_in", async () => {
    const user = await makeUser();
    const attempt = attemptFor(user.email);
    const before = await lastAuditSeq(handle.db);

    const outcome = await signInWithPassword(handle.db, attempt, PASSWORD);
    expect(outcome).toEqual({ ok: true, user: { id: user.id, email: user.email, name: "Test user", sessionVersion: 0 } });

    const events = await auditEventsAfter(handle.db, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "auth.sign_in",
      actorType: "user",
      actorId: user.id,
      targetType: "user",
      targetId: user.id,
      requestId: attempt.requestId,
      ip: attempt.ip,
      payload: { email: user.email, method: "password" },
    });
    const [row] = await handle.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.lastSignInAt).toBeInstanceOf(Date);
  });

  it("[AUTH] wrong password is invalid_credentials and writes auth.sign_in_failed without the password", async () => {
    const user = await makeUser();
    const attempt = attemptFor(user.email);
    const before = await lastAuditSeq(handle.db);

    expect(await signInWithPassword(handle.db, attempt, WRONG)).toEqual({ ok: false, reason: "invalid_credentials" });

    const events = await auditEventsAfter(handle.db, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "auth.sign_in_failed",
      actorType: "anonymous",
      actorLabel: user.email,
      ip: attempt.ip,
      payload: { email: user.email, reason: "invalid_credentials" },
    });
    expect(JSON.stringify(events[0])).not.toContain(WRONG);
    const [row] = await handle.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.lastSignInAt).toBeNull();
  });

  it("[AUTH] after 5 failures from one address the 6th from it is rate_limited, even with the right password", async () => {
    const user = await makeUser();
    const ip = nextIp();
    for (let i = 0; i < 5; i++) {
      expect(await signInWithPassword(handle.db, attemptFor(user.email, ip), WRONG)).toEqual({
        ok: false,
        reason: "invalid_credentials",
      });
    }
    const before = await lastAuditSeq(handle.db);
    expect(await signInWithPassword(handle.db, attemptFor(user.email, ip), PASSWORD)).toEqual({ ok: false, reason: "rate_limited" });

    const events = await auditEventsAfter(handle.db, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "auth.sign_in_failed", payload: { email: user.email, reason: "rate_limited" } });
    const [row] = await handle.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.lastSignInAt).toBeNull();
  });

  it("[AUTH] failures from other addresses do not lock the owner out (lockout is not a denial of service)", async () => {
    const user = await makeUser();
    // Ten guessers, five wrong passwords each: the old per-account lock tripped after the fifth.
    for (let g = 0; g < 10; g++) {
      const ip = nextIp();
      for (let i = 0; i < 5; i++) await signInWithPassword(handle.db, attemptFor(user.email, ip), WRONG);
    }
    expect((await signInWithPassword(handle.db, attemptFor(user.email), PASSWORD, async () => {})).ok).toBe(true);
  });

  it("[AUTH] one address's delays grow with each failure past the free ones and end when they pass", async () => {
    const user = await makeUser();
    const ip = nextIp();
    const failAt = (secondsAgo: number) => ({ email: user.email, ip, succeeded: false, createdAt: new Date(Date.now() - secondsAgo * 1000) });
    // Five failures, the last 31 s ago: the wait after the fifth is 30 s, so the next try is checked.
    await handle.db.insert(signInAttempts).values([failAt(90), failAt(80), failAt(70), failAt(60), failAt(31)]);
    expect(await signInWithPassword(handle.db, attemptFor(user.email, ip), WRONG)).toEqual({ ok: false, reason: "invalid_credentials" });
    // Six failures, the last just now: the wait is a minute now.
    expect(await signInWithPassword(handle.db, attemptFor(user.email, ip), PASSWORD)).toEqual({ ok: false, reason: "rate_limited" });
    expect(pairDelayMs(5, 5, 15)).toBe(30_000);
    expect(pairDelayMs(8, 5, 15)).toBe(240_000);
    expect(pairDelayMs(40, 5, 15)).toBe(15 * 60_000);
    expect(pairDelayMs(4, 5, 15)).toBe(0);
  });

  it("[AUTH] past the per-account ceiling every attempt is slowed, not refused", async () => {
    const user = await makeUser();
    await handle.db
      .insert(signInAttempts)
      .values(Array.from({ length: env().SIGN_IN_ACCOUNT_CEILING }, (_, i) => ({ email: user.email, ip: `203.0.113.${i % 250}`, succeeded: false })));
    const pauses: number[] = [];
    const outcome = await signInWithPassword(handle.db, attemptFor(user.email), PASSWORD, (ms) => {
      pauses.push(ms);
      return Promise.resolve();
    });
    expect(outcome.ok).toBe(true);
    expect(pauses).toEqual([ACCOUNT_CEILING_PAUSE_MS]);
  });

  it("[AUTH] a successful sign-in before the limit resets the account's failure count", async () => {
    const user = await makeUser();
    const ip = nextIp();
    for (let i = 0; i < 4; i++) await signInWithPassword(handle.db, attemptFor(user.email, ip), WRONG);
    expect((await signInWithPassword(handle.db, attemptFor(user.email, ip), PASSWORD)).ok).toBe(true);

    // 3 more failures after the success: 7 in the window (under this file's per-address limit of
    // 8), and only 3 since the last success, so the pair is not held back.
    for (let i = 0; i < 3; i++) {
      expect(await signInWithPassword(handle.db, attemptFor(user.email, ip), WRONG)).toEqual({ ok: false, reason: "invalid_credentials" });
    }
    expect((await signInWithPassword(handle.db, attemptFor(user.email, ip), PASSWORD)).ok).toBe(true);

    // The count restarts rather than switching off: 5 failures after the success still trip it.
    const other = nextIp();
    for (let i = 0; i < 5; i++) await signInWithPassword(handle.db, attemptFor(user.email, other), WRONG);
    expect(await signInWithPassword(handle.db, attemptFor(user.email, other), PASSWORD)).toEqual({ ok: false, reason: "rate_limited" });
  });

  it("[AUTH] failures older than the window do not count", async () => {
    const user = await makeUser();
    const longAgo = new Date(Date.now() - 16 * 60_000);
    await handle.db
      .insert(signInAttempts)
      .values(Array.from({ length: 6 }, () => ({ email: user.email, ip: "198.51.100.1", succeeded: false, createdAt: longAgo })));
    expect((await signInWithPassword(handle.db, attemptFor(user.email), PASSWORD)).ok).toBe(true);
  });

  it(`[AUTH] after ${PER_IP_LIMIT} failures from one IP, that IP is rate_limited for every account`, async () => {
    const ip = nextIp();
    for (let i = 0; i < PER_IP_LIMIT; i++) {
      await signInWithPassword(handle.db, attemptFor(`nobody-${i}-${randomUUID().slice(0, 6)}@example.test`, ip), WRONG);
    }
    const user = await makeUser();
    expect(await signInWithPassword(handle.db, attemptFor(user.email, ip), PASSWORD)).toEqual({ ok: false, reason: "rate_limited" });
    // The same account from another address is fine.
    expect((await signInWithPassword(handle.db, attemptFor(user.email), PASSWORD)).ok).toBe(true);
  });

  it("[AUTH] a deactivated user cannot sign in, even with the right password", async () => {
    const user = await makeUser({ isActive: false });
    const before = await lastAuditSeq(handle.db);
    expect(await signInWithPassword(handle.db, attemptFor(user.email), PASSWORD)).toEqual({ ok: false, reason: "invalid_credentials" });
    const events = await auditEventsAfter(handle.db, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "auth.sign_in_failed", payload: { email: user.email, reason: "inactive" } });
  });

  it("[AUTH] unknown email and password-less user get the same answer as a wrong password (no enumeration)", async () => {
    const known = await makeUser();
    const invited = await makeUser({ withPassword: false });
    const wrongPassword = await signInWithPassword(handle.db, attemptFor(known.email), WRONG);
    const unknown = await signInWithPassword(handle.db, attemptFor("nobody@example.test"), PASSWORD);
    const noPassword = await signInWithPassword(handle.db, attemptFor(invited.email), PASSWORD);
    expect(unknown).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(unknown).toEqual(wrongPassword);
    expect(noPassword).toEqual(wrongPassword);

    const [event] = await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "auth.sign_in_failed"), sql`${auditEvents.payload}->>'email' = 'nobody@example.test'`));
    expect(event?.payload).toEqual({ email: "nobody@example.test", reason: "no_account" });
    expect(event?.targetId).toBeNull();
  });

  it("[AUTH] OIDC admits an active existing user and writes auth.sign_in with method oidc", async () => {
    const user = await makeUser({ withPassword: false });
    const before = await lastAuditSeq(handle.db);
    expect(await signInWithOidc(handle.db, attemptFor(user.email), { emailVerified: true })).toEqual({
      ok: true,
      user: { id: user.id, email: user.email, name: "Test user", sessionVersion: 0 },
    });
    const events = await auditEventsAfter(handle.db, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "auth.sign_in", actorId: user.id, payload: { email: user.email, method: "oidc" } });
  });

  it("[AUTH] OIDC refuses an email Steward does not know, without creating a user", async () => {
    const email = `stranger-${randomUUID().slice(0, 8)}@example.test`;
    const before = await lastAuditSeq(handle.db);
    expect(await signInWithOidc(handle.db, attemptFor(email), { emailVerified: true })).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(await handle.db.select().from(users).where(eq(users.email, email))).toEqual([]);
    const events = await auditEventsAfter(handle.db, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "auth.sign_in_failed", payload: { email, reason: "sso_unknown_user" } });
  });

  it("[AUTH] OIDC refuses a deactivated user", async () => {
    const user = await makeUser({ isActive: false });
    const before = await lastAuditSeq(handle.db);
    expect(await signInWithOidc(handle.db, attemptFor(user.email), { emailVerified: true })).toEqual({ ok: false, reason: "invalid_credentials" });
    const events = await auditEventsAfter(handle.db, before);
    expect(events[0]).toMatchObject({ action: "auth.sign_in_failed", payload: { email: user.email, reason: "inactive" } });
  });

  it("[AUTH] OIDC refuses an email the provider did not say it verified, unless the setting says it only asserts verified ones", async () => {
    const user = await makeUser({ withPassword: false });
    const before = await lastAuditSeq(handle.db);
    expect(await signInWithOidc(handle.db, attemptFor(user.email), { emailVerified: undefined })).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(await signInWithOidc(handle.db, attemptFor(user.email), { emailVerified: "true" })).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(await signInWithOidc(handle.db, attemptFor(user.email), { emailVerified: false })).toEqual({ ok: false, reason: "invalid_credentials" });
    const events = await auditEventsAfter(handle.db, before);
    expect(events.map((e) => e.payload)).toEqual(Array.from({ length: 3 }, () => ({ email: user.email, reason: "sso_email_unverified" })));

    process.env.OIDC_EMAILS_ALWAYS_VERIFIED = "true";
    resetEnvCache();
    try {
      expect((await signInWithOidc(handle.db, attemptFor(user.email), { emailVerified: undefined })).ok).toBe(true);
      // An explicit "no" stays a no whatever the setting says.
      expect((await signInWithOidc(handle.db, attemptFor(user.email), { emailVerified: false })).ok).toBe(false);
    } finally {
      Reflect.deleteProperty(process.env, "OIDC_EMAILS_ALWAYS_VERIFIED");
      resetEnvCache();
    }
  });
});
