import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { passwordTokens, users } from "@/db/schema";
import { countUsers, findUsablePasswordToken, findUserByEmail, getUser, type UserRow } from "@/db/queries/users";
import { diffFields } from "@/lib/domain/diff";
import { AppError, conflict, notFound } from "@/lib/errors";
import type { CreateUserInput, UpdateUserInput } from "@/lib/validation/users";
import { revokeUserTokensInTx } from "./api-tokens";
import { audited, type Audit } from "./audited";
import { auditContext, type RequestContext } from "./context";
import { hashPassword } from "./passwords";
import { collector } from "./commands/collect";
import { createPeople } from "./commands/org";
import { forgetUser, settleUser } from "./session-cache";

const INVITE_TTL_MS = 72 * 3600 * 1000;
const SETUP_LOCK_KEY = 7_246_003;

export function toUserDto(u: UserRow) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    isActive: u.isActive,
    hasPassword: u.passwordHash !== null,
    lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Every user is also a person who can own credentials (DESIGN §3.1): linked by email. */
async function ensurePerson(tx: Tx, audit: Audit, email: string, name: string) {
  // The user's own event (user.created, setup.completed) covers the person record.
  await createPeople(tx, collector(audit), [{ values: { email, name } }], { skipExisting: true });
}

/** Issues a one-time password-set link; earlier unused links for the user stop working. */
async function issuePasswordToken(tx: Tx, ctx: RequestContext, userId: string) {
  await tx
    .update(passwordTokens)
    .set({ usedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(passwordTokens.userId, userId), isNull(passwordTokens.usedAt)));
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + INVITE_TTL_MS);
  await tx.insert(passwordTokens).values({ userId, tokenHash: hashToken(token), expiresAt });
  return { inviteUrl: `${ctx.origin}/set-password?token=${token}`, inviteExpiresAt: expiresAt.toISOString() };
}

export async function createUser(db: Db, ctx: RequestContext, input: CreateUserInput) {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    if (await findUserByEmail(tx, input.email)) throw conflict("A user with this email already exists", "email");
    const [row] = await tx.insert(users).values(input).returning({ id: users.id });
    if (!row) throw new Error("insert returned no row");
    await ensurePerson(tx, audit, input.email, input.name);
    const invite = await issuePasswordToken(tx, ctx, row.id);
    // The link is a credential: it goes to the admin once and never into the log.
    await audit({ action: "user.created", targetType: "user", targetId: row.id, payload: { ...input } });
    const user = await getUser(tx, row.id);
    if (!user) throw notFound("User");
    return { user: toUserDto(user), ...invite };
  });
}

export async function reissueInvite(db: Db, ctx: RequestContext, id: string) {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const user = await getUser(tx, id);
    if (!user) throw notFound("User");
    if (!user.isActive) throw new AppError("INVALID_STATE", "Reactivate the user before sending a new link");
    const invite = await issuePasswordToken(tx, ctx, id);
    await audit({ action: "user.invite_reissued", targetType: "user", targetId: id, payload: { email: user.email } });
    return { user: toUserDto(user), ...invite };
  });
}

/** Ends every session of the user: each one carries the version it was issued under (lib/server/session). */
export async function endSessions(tx: Tx, userId: string) {
  forgetUser(userId);
  await tx
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() })
    .where(eq(users.id, userId));
}

/**
 * Deactivation, wherever it comes from (an admin, a departure): the user's sessions end and their
 * live API tokens are revoked with it (audited as the actor's), so reactivating later brings
 * neither back.
 */
export async function deactivateUserInTx(tx: Tx, audit: Audit, ctx: RequestContext, userId: string, now: Date = new Date()) {
  await tx.update(users).set({ isActive: false, updatedAt: now }).where(eq(users.id, userId));
  await endSessions(tx, userId);
  await revokeUserTokensInTx(tx, audit, ctx, userId, now);
}

/** "Sign out everywhere": for the user themselves (and plain sign-out), or an admin for anyone. */
export async function signOutEverywhere(db: Db, ctx: RequestContext, userId: string) {
  return afterUserChange(userId, () => audited(db, auditContext(ctx), async (tx, audit) => {
    const user = await getUser(tx, userId);
    if (!user) throw notFound("User");
    await endSessions(tx, userId);
    await audit({ action: "auth.sign_out", targetType: "user", targetId: userId, payload: { email: user.email, everywhere: true } });
    return toUserDto(user);
  }));
}

export async function updateUser(db: Db, ctx: RequestContext, id: string, input: UpdateUserInput) {
  return afterUserChange(id, () => audited(db, auditContext(ctx), async (tx, audit) => {
    const before = await getUser(tx, id);
    if (!before) throw notFound("User");
    // An admin cannot lock themselves out by accident.
    if (ctx.actor?.userId === id && ((input.role && input.role !== before.role) || input.isActive === false)) {
      throw new AppError("INVALID_STATE", "You cannot change your own role or deactivate yourself", {
        fields: { [input.role && input.role !== before.role ? "role" : "isActive"]: ["cannot be changed on your own account"] },
      });
    }
    const changes = diffFields(before, input);
    if (Object.keys(changes).length === 0) return toUserDto(before);
    const { isActive, ...rest } = input;
    forgetUser(id);
    await tx
      .update(users)
      .set({ ...rest, ...(isActive === true ? { isActive } : {}), updatedAt: new Date() })
      .where(eq(users.id, id));
    if (isActive === false && before.isActive) await deactivateUserInTx(tx, audit, ctx, id);
    // A session issued under the old role ends: the next request signs in again under the new one.
    else if (input.role && input.role !== before.role) await endSessions(tx, id);
    await audit({ action: "user.updated", targetType: "user", targetId: id, payload: { email: before.email, changes } });
    const after = await getUser(tx, id);
    return toUserDto(after ?? before);
  }));
}

/** The signed-in user cache (session-cache.ts) may cache this user again once the change has committed or rolled back. */
async function afterUserChange<T>(userId: string, change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } finally {
    settleUser(userId);
  }
}

/** First-run setup: creates the first admin. Closed for good once any user exists. */
export async function createFirstAdmin(db: Db, ctx: RequestContext, input: { email: string; name: string; password: string }) {
  const alreadySetUp = () => new AppError("INVALID_STATE", "Steward is already set up; sign in instead");
  // Anyone may post the setup form: answer "already set up" before the deliberately slow hash.
  if ((await countUsers(db)) > 0) throw alreadySetUp();
  const passwordHash = await hashPassword(input.password);
  return audited(db, auditContext(ctx), async (tx, audit) => {
    // Two browsers submitting setup at once: the lock makes the count check and the insert atomic.
    await tx.execute(sql`select pg_advisory_xact_lock(${SETUP_LOCK_KEY})`);
    if ((await countUsers(tx)) > 0) throw alreadySetUp();
    const [row] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, role: "admin", passwordHash })
      .returning({ id: users.id });
    if (!row) throw new Error("insert returned no row");
    await ensurePerson(tx, audit, input.email, input.name);
    await audit({
      action: "setup.completed",
      targetType: "user",
      targetId: row.id,
      payload: { email: input.email, name: input.name, role: "admin" },
    });
    return row.id;
  });
}

export async function setPasswordWithToken(db: Db, ctx: RequestContext, input: { token: string; password: string }) {
  const invalidLink = () =>
    new AppError("INVALID_INPUT", "This link is invalid or has expired; ask an admin for a new one", {
      fields: { token: ["is invalid or has expired"] },
    });
  // The link is checked before the deliberately slow hash, so a made-up one costs an index lookup;
  // the transaction checks it again and consumes it.
  if (!(await findUsablePasswordToken(db, hashToken(input.token), new Date()))) throw invalidLink();
  const passwordHash = await hashPassword(input.password);
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const token = await findUsablePasswordToken(tx, hashToken(input.token), new Date());
    const user = token ? await getUser(tx, token.userId) : undefined;
    if (!token || !user?.isActive) throw invalidLink();
    // Consume the link only if it is still unused: of two concurrent requests with the same
    // link, the second waits for the first's row lock and then matches nothing.
    const consumed = await tx
      .update(passwordTokens)
      .set({ usedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(passwordTokens.id, token.id), isNull(passwordTokens.usedAt)))
      .returning({ id: passwordTokens.id });
    if (consumed.length === 0) throw invalidLink();
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, user.id));
    // A new password ends sessions signed in with the old one (it may have been stolen).
    await endSessions(tx, user.id);
    await audit({ action: "auth.password_set", targetType: "user", targetId: user.id, payload: { email: user.email } });
    return { email: user.email };
  });
}
