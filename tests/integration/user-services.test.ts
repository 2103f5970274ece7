import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { passwordTokens, people, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { hashPassword, verifyPassword } from "@/lib/server/passwords";
import { createFirstAdmin, createUser, reissueInvite, setPasswordWithToken, signOutEverywhere, updateUser } from "@/lib/server/users";
import { contextAs } from "../support/context";
import { drivers, rowsOf, type TestDatabase } from "../support/db";
import { suiteDatabase } from "../support/inventory";
import { auditEventsAfter, lastAuditSeq, rejectionOf } from "../support/audit";

// The real hash, watched: an anonymous request must not cost a slow hash before it is checked.
vi.mock("@/lib/server/passwords", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/server/passwords")>();
  return { ...real, hashPassword: vi.fn(real.hashPassword) };
});

const PASSWORD = "correct horse battery staple";

function expectAppError(error: unknown, code: AppError["code"], field?: string) {
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (field) expect(Object.keys((error as AppError).details?.fields ?? {})).toContain(field);
}

function tokenOf(inviteUrl: string): string {
  const token = new URL(inviteUrl).searchParams.get("token");
  if (!token) throw new Error(`no token in ${inviteUrl}`);
  return token;
}

/** Every row of every table in the public schema, as text: what a database dump would reveal. */
async function dumpDatabase(db: TestDatabase["db"]): Promise<string> {
  const tables = rowsOf<{ table_name: string }>(
    await db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`),
  );
  expect(tables.length).toBeGreaterThanOrEqual(7);
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const rows = rowsOf<{ row: string }>(await db.execute(sql`select t::text as row from ${sql.identifier(table_name)} t`));
    parts.push(...rows.map((r) => `${table_name}: ${r.row}`));
  }
  return parts.join("\n");
}

describe.each(drivers)("[USERS] first-run setup on %s", (driver) => {
  const { handle } = suiteDatabase(driver, { auditChain: false });

  it("[USERS] createFirstAdmin works once, then fails with INVALID_STATE", async () => {
    const ctx = contextAs(null);
    const id = await createFirstAdmin(handle.db, ctx, { email: "root@example.test", name: "Root", password: PASSWORD });

    const [admin] = await handle.db.select().from(users).where(eq(users.id, id));
    expect(admin).toMatchObject({ email: "root@example.test", role: "admin", isActive: true });
    expect(admin?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(admin?.passwordHash ?? "", PASSWORD)).toBe(true);
    expect(await handle.db.select().from(people).where(eq(people.email, "root@example.test"))).toHaveLength(1);

    const events = await auditEventsAfter(handle.db, 0);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "setup.completed",
      actorType: "anonymous",
      targetType: "user",
      targetId: id,
      payload: { email: "root@example.test", name: "Root", role: "admin" },
    });
    expect(JSON.stringify(events[0]?.payload)).not.toContain(PASSWORD);

    vi.mocked(hashPassword).mockClear();
    const error = await rejectionOf(
      createFirstAdmin(handle.db, ctx, { email: "second@example.test", name: "Second", password: PASSWORD }),
    );
    expectAppError(error, "INVALID_STATE");
    expect(hashPassword).not.toHaveBeenCalled();
    expect(await handle.db.select().from(users)).toHaveLength(1);
    expect(await auditEventsAfter(handle.db, 1)).toEqual([]);
  });
});

describe.each(drivers)("[USERS] user services on %s", (driver) => {
  const { handle } = suiteDatabase(driver, { auditChain: true });
  let adminId: string;
  const asAdmin = () => contextAs("admin", adminId);

  beforeAll(async () => {
    const [row] = await handle.db
      .insert(users)
      .values({ email: "admin@example.test", name: "Admin", role: "admin" })
      .returning({ id: users.id });
    if (!row) throw new Error("no admin");
    adminId = row.id;
  });

  it("[USERS] createUser writes the user, a matching person and exactly one user.created event", async () => {
    const ctx = asAdmin();
    const before = await lastAuditSeq(handle.db);
    const created = await createUser(handle.db, ctx, { email: "dev@example.test", name: "Dev", role: "member" });

    expect(created.user).toMatchObject({ email: "dev@example.test", role: "member", isActive: true, hasPassword: false });
    expect(created.inviteUrl).toMatch(/^http:\/\/localhost:3000\/set-password\?token=/);
    expect(new Date(created.inviteExpiresAt).getTime()).toBeGreaterThan(Date.now() + 71 * 3600 * 1000);
    expect(await handle.db.select().from(people).where(eq(people.email, "dev@example.test"))).toHaveLength(1);

    const events = await auditEventsAfter(handle.db, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "user.created",
      actorType: "user",
      actorId: adminId,
      actorLabel: ctx.actor?.email,
      targetType: "user",
      targetId: created.user.id,
      requestId: ctx.requestId,
      payload: { email: "dev@example.test", name: "Dev", role: "member" },
    });
  });

  it("[USERS] duplicate user email is a CONFLICT on email", async () => {
    await createUser(handle.db, asAdmin(), { email: "twice@example.test", name: "Once", role: "member" });
    const before = await lastAuditSeq(handle.db);
    const error = await rejectionOf(createUser(handle.db, asAdmin(), { email: "twice@example.test", name: "Twice", role: "auditor" }));
    expectAppError(error, "CONFLICT", "email");
    expect(await auditEventsAfter(handle.db, before)).toEqual([]);
  });

  it("[USERS] the invite token is stored only as its SHA-256, and works exactly once", async () => {
    const created = await createUser(handle.db, asAdmin(), { email: "invitee@example.test", name: "Invitee", role: "security" });
    const token = tokenOf(created.inviteUrl);
    expect(token.length).toBeGreaterThanOrEqual(40);

    const dump = await dumpDatabase(handle.db);
    expect(dump).toContain("invitee@example.test"); // the dump is real
    expect(dump).not.toContain(token);
    const sha256 = createHash("sha256").update(token).digest("hex");
    const tokens = await handle.db.select().from(passwordTokens).where(eq(passwordTokens.userId, created.user.id));
    expect(tokens.map((t) => t.tokenHash)).toEqual([sha256]);
    const payloads = await handle.db.select({ payload: sql<string>`payload::text` }).from(sql`audit_events`);
    for (const p of payloads) expect(p.payload).not.toContain(token);

    const before = await lastAuditSeq(handle.db);
    const ctx = contextAs(null);
    await expect(setPasswordWithToken(handle.db, ctx, { token, password: PASSWORD })).resolves.toEqual({ email: "invitee@example.test" });
    const [user] = await handle.db.select().from(users).where(eq(users.id, created.user.id));
    expect(await verifyPassword(user?.passwordHash ?? "", PASSWORD)).toBe(true);
    const events = await auditEventsAfter(handle.db, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "auth.password_set", targetType: "user", targetId: created.user.id });
    expect(await dumpDatabase(handle.db)).not.toContain(PASSWORD);

    const again = await rejectionOf(setPasswordWithToken(handle.db, ctx, { token, password: "another password 123" }));
    expectAppError(again, "INVALID_INPUT", "token");
    const [unchanged] = await handle.db.select().from(users).where(eq(users.id, created.user.id));
    expect(unchanged?.passwordHash).toBe(user?.passwordHash);
  });

  it("[USERS] an invite link used by concurrent requests sets the password only once", async () => {
    // Several rounds: the race is between one request's read of the link and the other's commit.
    for (let round = 0; round < 4; round++) {
      const created = await createUser(handle.db, asAdmin(), { email: `race-${round}@example.test`, name: "Race", role: "member" });
      const token = tokenOf(created.inviteUrl);
      const before = await lastAuditSeq(handle.db);
      const results = await Promise.allSettled(
        [1, 2, 3].map((i) => setPasswordWithToken(handle.db, contextAs(null), { token, password: `concurrent password ${i}` })),
      );
      expect(results.filter((r) => r.status === "fulfilled"), `round ${round}`).toHaveLength(1);
      for (const r of results) if (r.status === "rejected") expectAppError(r.reason, "INVALID_INPUT", "token");
      const events = await auditEventsAfter(handle.db, before);
      expect(events.map((e) => e.action)).toEqual(["auth.password_set"]);
    }
  });

  it("[USERS] a made-up token is refused, before any password hashing", async () => {
    vi.mocked(hashPassword).mockClear();
    const error = await rejectionOf(
      setPasswordWithToken(handle.db, contextAs(null), { token: "A".repeat(43), password: PASSWORD }),
    );
    expectAppError(error, "INVALID_INPUT", "token");
    expect(hashPassword).not.toHaveBeenCalled();
  });

  it("[USERS] reissueInvite makes the earlier link stop working and audits without the token", async () => {
    const created = await createUser(handle.db, asAdmin(), { email: "reissue@example.test", name: "Re", role: "member" });
    const before = await lastAuditSeq(handle.db);
    const reissued = await reissueInvite(handle.db, asAdmin(), created.user.id);
    const events = await auditEventsAfter(handle.db, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "user.invite_reissued", actorId: adminId, targetId: created.user.id });
    expect(await dumpDatabase(handle.db)).not.toContain(tokenOf(reissued.inviteUrl));

    const old = await rejectionOf(
      setPasswordWithToken(handle.db, contextAs(null), { token: tokenOf(created.inviteUrl), password: PASSWORD }),
    );
    expectAppError(old, "INVALID_INPUT", "token");
    await expect(
      setPasswordWithToken(handle.db, contextAs(null), { token: tokenOf(reissued.inviteUrl), password: PASSWORD }),
    ).resolves.toEqual({ email: "reissue@example.test" });
  });

  it("[USERS] a deactivated user's invite link does not work and cannot be reissued", async () => {
    const created = await createUser(handle.db, asAdmin(), { email: "leaver@example.test", name: "Leaver", role: "member" });
    await updateUser(handle.db, asAdmin(), created.user.id, { isActive: false });
    const error = await rejectionOf(
      setPasswordWithToken(handle.db, contextAs(null), { token: tokenOf(created.inviteUrl), password: PASSWORD }),
    );
    expectAppError(error, "INVALID_INPUT", "token");
    expectAppError(await rejectionOf(reissueInvite(handle.db, asAdmin(), created.user.id)), "INVALID_STATE");
  });

  it("[USERS] updateUser audits the changed fields with actor and target", async () => {
    const created = await createUser(handle.db, asAdmin(), { email: "promote@example.test", name: "Promote", role: "member" });
    const before = await lastAuditSeq(handle.db);
    const updated = await updateUser(handle.db, asAdmin(), created.user.id, { role: "security", name: "Promote" });
    expect(updated.role).toBe("security");
    const events = await auditEventsAfter(handle.db, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "user.updated",
      actorId: adminId,
      targetType: "user",
      targetId: created.user.id,
      payload: { email: "promote@example.test", changes: { role: { from: "member", to: "security" } } },
    });
  });

  it.each([
    ["demote themselves", { role: "member" as const }, "role"],
    ["deactivate themselves", { isActive: false }, "isActive"],
  ])("[USERS] an admin cannot %s (INVALID_STATE)", async (_what, input, field) => {
    const before = await lastAuditSeq(handle.db);
    const error = await rejectionOf(updateUser(handle.db, asAdmin(), adminId, input));
    expectAppError(error, "INVALID_STATE", field);
    const [admin] = await handle.db.select().from(users).where(eq(users.id, adminId));
    expect(admin).toMatchObject({ role: "admin", isActive: true });
    expect(await auditEventsAfter(handle.db, before)).toEqual([]);
  });

  it("[USERS] self-deactivation sent with an unchanged role is reported on isActive, not role", async () => {
    // An edit form sends every field: the error must point at the one the admin actually changed.
    const error = await rejectionOf(updateUser(handle.db, asAdmin(), adminId, { name: "Admin", role: "admin", isActive: false }));
    expectAppError(error, "INVALID_STATE");
    expect(Object.keys((error as AppError).details?.fields ?? {})).toEqual(["isActive"]);
  });

  it("[USERS] an admin may rename themselves", async () => {
    const before = await lastAuditSeq(handle.db);
    const updated = await updateUser(handle.db, asAdmin(), adminId, { name: "Admin Renamed", role: "admin", isActive: true });
    expect(updated).toMatchObject({ name: "Admin Renamed", role: "admin", isActive: true });
    expect(await auditEventsAfter(handle.db, before)).toHaveLength(1);
  });

  it("[USERS] updating an unknown user is NOT_FOUND", async () => {
    expectAppError(await rejectionOf(updateUser(handle.db, asAdmin(), crypto.randomUUID(), { name: "X" })), "NOT_FOUND");
  });

  const versionOf = async (id: string) => (await handle.db.select({ v: users.sessionVersion }).from(users).where(eq(users.id, id)))[0]?.v;

  it("[SESSIONS] a new password, a role change and deactivation end the user's sessions; reactivation does not revive them", async () => {
    const created = await createUser(handle.db, asAdmin(), { email: "sessions@example.test", name: "Sessions", role: "member" });
    const id = created.user.id;
    const issued = await versionOf(id);
    expect(issued).toBe(0);

    await setPasswordWithToken(handle.db, contextAs(null), { token: tokenOf(created.inviteUrl), password: PASSWORD });
    const afterPassword = await versionOf(id);
    expect(afterPassword).toBeGreaterThan(issued ?? 0);

    await updateUser(handle.db, asAdmin(), id, { name: "Sessions renamed" });
    expect(await versionOf(id)).toBe(afterPassword);

    await updateUser(handle.db, asAdmin(), id, { role: "security" });
    const afterRole = await versionOf(id);
    expect(afterRole).toBeGreaterThan(afterPassword ?? 0);

    await updateUser(handle.db, asAdmin(), id, { isActive: false });
    const afterDeactivation = await versionOf(id);
    expect(afterDeactivation).toBeGreaterThan(afterRole ?? 0);

    // Back to active: a cookie issued before the deactivation still carries an older version.
    await updateUser(handle.db, asAdmin(), id, { isActive: true });
    expect(await versionOf(id)).toBe(afterDeactivation);
  });

  it("[SESSIONS] sign out everywhere ends the user's sessions and is audited", async () => {
    const created = await createUser(handle.db, asAdmin(), { email: "everywhere@example.test", name: "Everywhere", role: "member" });
    const before = await lastAuditSeq(handle.db);
    await signOutEverywhere(handle.db, asAdmin(), created.user.id);
    expect(await versionOf(created.user.id)).toBe(1);
    const events = await auditEventsAfter(handle.db, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "auth.sign_out", actorId: adminId, targetId: created.user.id, payload: { email: "everywhere@example.test", everywhere: true } });
    expectAppError(await rejectionOf(signOutEverywhere(handle.db, asAdmin(), crypto.randomUUID())), "NOT_FOUND");
  });
});
