import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiTokens, applications, auditEvents, credentials, idempotencyKeys, secrets, teams, users } from "@/db/schema";
import { asDb } from "@/db/client";
import { authenticateBearer, createApiToken, listApiTokens, revokeApiToken } from "@/lib/server/api-tokens";
import { audited } from "@/lib/server/audited";
import { auditContext, type RequestContext } from "@/lib/server/context";
import { updateCredential, updateSecret } from "@/lib/server/inventory/credentials";
import { lookupLeak } from "@/lib/server/inventory/leaks";
import { runIdempotent, requestHash } from "@/lib/server/idempotency";
import { json } from "@/lib/server/http";
import { updateUser } from "@/lib/server/users";
import { createApiTokenInput } from "@/lib/validation/api-tokens";
import { updateCredentialInput, updateSecretInput } from "@/lib/validation/inventory";
import { drivers } from "../support/db";
import { auditEventsAfter, errorText, lastAuditSeq, rejectionOf } from "../support/audit";
import { expectAppError, suiteDatabase } from "../support/inventory";

const day = 86_400_000;
const meta = { method: "GET", path: "/api/v1/credentials", requestId: "req-1", ip: "127.0.0.1" };

describe.each(drivers)("[TOKENS] API tokens and idempotent writes on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: true });

  const input = (over: Record<string, unknown> = {}) => createApiTokenInput.parse({ name: "CI sync", expiresAt: new Date(Date.now() + 30 * day).toISOString(), storage: "ci_variable", ...over });

  it("[TOKENS] a token is shown once, stored as a hash, and is a credential of the Steward application owned by its user", async () => {
    const me = await fx.account("member");
    const created = await createApiToken(handle.db, me.ctx, input());
    expect(created.secret).toMatch(/^stw_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(created.token).toMatchObject({ name: "CI sync", readOnly: false, state: "active", prefix: created.secret.slice(0, 16) });
    const [row] = await handle.db.select().from(apiTokens).where(eq(apiTokens.id, created.token.id));
    expect(row?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    // The secret appears nowhere in the database: not the token row, not the audit log.
    const dump = JSON.stringify([await handle.db.select().from(apiTokens), await handle.db.select().from(auditEvents), await handle.db.select().from(secrets), await handle.db.select().from(credentials)]);
    expect(dump).not.toContain(created.secret);
    expect(dump).not.toContain(created.secret.slice(17));
    // Its inventory record: a personal access token of "Steward", owned by the user's person, with the expiry as the secret's.
    const [credential] = await handle.db.select().from(credentials).where(eq(credentials.id, created.token.credentialId ?? ""));
    expect(credential).toMatchObject({ kind: "personal_access_token", status: "active", ownerId: me.personId, clientId: created.token.prefix });
    const [app] = await handle.db.select().from(applications).where(eq(applications.key, "steward"));
    expect(app?.name).toBe("Steward");
    const [secret] = await handle.db.select().from(secrets).where(eq(secrets.credentialId, credential?.id ?? ""));
    expect(secret).toMatchObject({ kind: "api_key", storage: "ci_variable", status: "active" });
    expect(secret?.expiresAt?.getTime()).toBe(row?.expiresAt.getTime());
    // Leak lookup recognises a pasted Steward token.
    const found = await lookupLeak(handle.db, me.ctx, created.secret);
    expect(JSON.stringify(found)).toContain(credential?.id ?? "missing");
  });

  it("[TOKENS] the token authenticates as its user; read-only tokens only read; use is recorded once a minute", async () => {
    const me = await fx.account("security");
    const rw = await createApiToken(handle.db, me.ctx, input());
    const ro = await createApiToken(handle.db, me.ctx, input({ readOnly: true, name: "reader" }));
    const now = new Date();
    const a = await authenticateBearer(handle.db, rw.secret, meta, now);
    expect(a.actor).toMatchObject({ userId: me.userId, role: "security" });
    expect(a.allows("POST")).toBe(true);
    const b = await authenticateBearer(handle.db, ro.secret, meta, now);
    expect([b.allows("GET"), b.allows("POST"), b.allows("DELETE")]).toEqual([true, false, false]);
    await authenticateBearer(handle.db, rw.secret, meta, new Date(now.getTime() + 1000));
    await authenticateBearer(handle.db, rw.secret, meta, new Date(now.getTime() + 61_000));
    const uses = (await handle.db.select().from(auditEvents).where(eq(auditEvents.action, "api_token.used"))).filter((e) => e.targetId === rw.token.id);
    expect(uses).toHaveLength(2);
    expect(uses[0]).toMatchObject({ actorType: "api_token", actorId: me.userId });
    expect(uses[0]?.actorLabel).toContain(rw.token.prefix);
  });

  it("[TOKENS] an auditor creates, lists and revokes their own tokens, always read-only; a read-write one is refused naming readOnly", async () => {
    const auditor = await fx.account("auditor");
    const seq = await lastAuditSeq(handle.db);
    let refused: unknown;
    try {
      await createApiToken(handle.db, auditor.ctx, input({ name: "auditor rw" }));
    } catch (e) {
      refused = e;
    }
    expectAppError(refused, "INVALID_INPUT", ["readOnly"]);
    // Nothing was written: no token, no inventory record, no audit event.
    expect(await auditEventsAfter(handle.db, seq)).toEqual([]);
    const created = await createApiToken(handle.db, auditor.ctx, input({ name: "evidence pull", readOnly: true }));
    expect(created.token).toMatchObject({ readOnly: true, state: "active", user: { id: auditor.userId } });
    const auth = await authenticateBearer(handle.db, created.secret, meta);
    expect(auth.actor.role).toBe("auditor");
    expect([auth.allows("GET"), auth.allows("HEAD"), auth.allows("POST"), auth.allows("PATCH"), auth.allows("DELETE")]).toEqual([true, true, false, false, false]);
    const mine = await listApiTokens(handle.db, { userId: auditor.userId, limit: 50 });
    expect(mine.items.map((t) => t.id)).toEqual([created.token.id]);
    const revoked = await revokeApiToken(handle.db, auditor.ctx, created.token.id, { anyUser: false });
    expect(revoked.state).toBe("revoked");
  });

  it("[TOKENS] a token whose user is now an auditor only reads, whatever it was created as", async () => {
    const me = await fx.account("member");
    const rw = await createApiToken(handle.db, me.ctx, input({ name: "before the role change" }));
    await handle.db.update(users).set({ role: "auditor" }).where(eq(users.id, me.userId));
    const auth = await authenticateBearer(handle.db, rw.secret, meta);
    expect([auth.allows("GET"), auth.allows("POST")]).toEqual([true, false]);
  });

  it("[TOKENS] a token stops working when revoked, expired, its user is deactivated, or its inventory record is decommissioned or leaked", async () => {
    const refused = async (secret: string, at = new Date()) => expectAppError(await rejectionOf(authenticateBearer(handle.db, secret, meta, at)), "UNAUTHENTICATED");

    const me = await fx.account("member");
    const t1 = await createApiToken(handle.db, me.ctx, input());
    await revokeApiToken(handle.db, me.ctx, t1.token.id, { anyUser: false });
    await refused(t1.secret);
    const [c1] = await handle.db.select().from(credentials).where(eq(credentials.id, t1.token.credentialId ?? ""));
    expect(c1?.status).toBe("decommissioned");
    expectAppError(await rejectionOf(revokeApiToken(handle.db, me.ctx, t1.token.id, { anyUser: false })), "CONFLICT");

    const t2 = await createApiToken(handle.db, me.ctx, input({ expiresAt: new Date(Date.now() + day).toISOString() }));
    await refused(t2.secret, new Date(Date.now() + 2 * day));

    const t3 = await createApiToken(handle.db, me.ctx, input());
    await handle.db.update(secrets).set({ status: "leaked" }).where(eq(secrets.credentialId, t3.token.credentialId ?? ""));
    await refused(t3.secret);

    const t4 = await createApiToken(handle.db, me.ctx, input());
    await handle.db.update(users).set({ isActive: false }).where(eq(users.id, me.userId));
    await refused(t4.secret);

    await refused("stw_notarealtoken_" + "x".repeat(43));
    await refused(t4.secret.slice(0, -1) + (t4.secret.endsWith("A") ? "B" : "A"));
  });

  it("[SECURITY] deactivating a user revokes their live tokens in the same transaction: reactivation does not revive them (issue 13 item 1)", async () => {
    const me = await fx.account("member");
    const admin = await fx.asUser(fx.admin);
    const live = await createApiToken(handle.db, me.ctx, input({ name: "live" }));
    const earlier = await createApiToken(handle.db, me.ctx, input({ name: "revoked before" }));
    await revokeApiToken(handle.db, me.ctx, earlier.token.id, { anyUser: false });
    await authenticateBearer(handle.db, live.secret, meta);
    const seq = await lastAuditSeq(handle.db);

    await updateUser(handle.db, admin, me.userId, { isActive: false });
    await updateUser(handle.db, admin, me.userId, { isActive: true });

    expectAppError(await rejectionOf(authenticateBearer(handle.db, live.secret, meta, new Date(Date.now() + 120_000))), "UNAUTHENTICATED");
    const [row] = await handle.db.select().from(apiTokens).where(eq(apiTokens.id, live.token.id));
    expect(row).toMatchObject({ revokedById: admin.actor?.userId });
    expect(row?.revokedAt).not.toBeNull();
    const listed = (await listApiTokens(handle.db, { userId: me.userId, limit: 50 })).items;
    expect(listed.find((t) => t.id === live.token.id)?.state).toBe("revoked");
    // The same effects as revoking it by hand: the inventory record is decommissioned, its secret revoked.
    const [credential] = await handle.db.select().from(credentials).where(eq(credentials.id, live.token.credentialId ?? ""));
    expect(credential?.status).toBe("decommissioned");
    const [secret] = await handle.db.select().from(secrets).where(eq(secrets.credentialId, live.token.credentialId ?? ""));
    expect(secret?.status).toBe("revoked");
    const events = await auditEventsAfter(handle.db, seq);
    const revokedEvents = events.filter((e) => e.action === "api_token.revoked");
    // Only the live token: the one revoked earlier is not revoked (or audited) twice.
    expect(revokedEvents.map((e) => e.targetId)).toEqual([live.token.id]);
    expect(revokedEvents[0]).toMatchObject({ actorId: admin.actor?.userId });
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["user.updated", "credential.decommissioned"]));
  });

  it("[TOKENS] only the owner (or an admin) revokes a token; someone else's answers 404; admins list everyone's", async () => {
    const owner = await fx.account("member");
    const other = await fx.account("member");
    const admin = await fx.account("admin");
    const t = await createApiToken(handle.db, owner.ctx, input({ name: "owned" }));
    expectAppError(await rejectionOf(revokeApiToken(handle.db, other.ctx, t.token.id, { anyUser: false })), "NOT_FOUND");
    const mine = await listApiTokens(handle.db, { userId: other.userId, limit: 50 });
    expect(mine.items.map((i) => i.id)).not.toContain(t.token.id);
    const everyone = await listApiTokens(handle.db, { limit: 200 });
    expect(everyone.items.map((i) => i.id)).toContain(t.token.id);
    const revoked = await revokeApiToken(handle.db, admin.ctx, t.token.id, { anyUser: true });
    expect(revoked.state).toBe("revoked");
  });

  it("[SECURITY] a token record suspended or revoked by security stays so: its owner cannot revive it, and the list shows it disabled (issue 13 item 9)", async () => {
    const owner = await fx.account("member");
    const security = await fx.account("security");
    const suspendedToken = await createApiToken(handle.db, owner.ctx, input({ name: "suspended by security" }));
    const credentialId = suspendedToken.token.credentialId ?? "";
    await updateCredential(handle.db, security.ctx, credentialId, updateCredentialInput.parse({ status: "suspended" }));
    expectAppError(await rejectionOf(authenticateBearer(handle.db, suspendedToken.secret, meta)), "UNAUTHENTICATED");
    const listed = async (id: string) => (await listApiTokens(handle.db, { userId: owner.userId, limit: 200 })).items.find((i) => i.id === id);
    expect((await listed(suspendedToken.token.id))?.state).toBe("disabled");
    expect((await listApiTokens(handle.db, { userId: owner.userId, state: "active", limit: 200 })).items.map((i) => i.id)).not.toContain(suspendedToken.token.id);
    expect((await listApiTokens(handle.db, { userId: owner.userId, state: "disabled", limit: 200 })).items.map((i) => i.id)).toContain(suspendedToken.token.id);
    // The owner may edit their record, but not its status.
    expectAppError(await rejectionOf(updateCredential(handle.db, owner.ctx, credentialId, updateCredentialInput.parse({ status: "active" }))), "INVALID_INPUT", ["status"]);
    expectAppError(await rejectionOf(authenticateBearer(handle.db, suspendedToken.secret, meta)), "UNAUTHENTICATED");

    // A revoked (or superseded) secret is final, for anyone.
    const revokedToken = await createApiToken(handle.db, owner.ctx, input({ name: "secret revoked" }));
    const [secret] = await handle.db.select().from(secrets).where(eq(secrets.credentialId, revokedToken.token.credentialId ?? ""));
    await updateSecret(handle.db, security.ctx, revokedToken.token.credentialId ?? "", secret?.id ?? "", updateSecretInput.parse({ status: "revoked" }));
    expect((await listed(revokedToken.token.id))?.state).toBe("disabled");
    for (const actor of [owner, security]) {
      expectAppError(await rejectionOf(updateSecret(handle.db, actor.ctx, revokedToken.token.credentialId ?? "", secret?.id ?? "", updateSecretInput.parse({ status: "active" }))), "INVALID_INPUT", ["status"]);
    }
    expectAppError(await rejectionOf(authenticateBearer(handle.db, revokedToken.secret, meta)), "UNAUTHENTICATED");
  });

  it("[TOKENS] bad input names the field: no expiry, more than 365 days, in the past, no name", () => {
    const fields = (body: Record<string, unknown>) => {
      const r = createApiTokenInput.safeParse(body);
      return r.success ? [] : r.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
    };
    expect(fields({ name: "x" }).join()).toMatch(/expiresAt/);
    expect(fields({ name: "x", expiresAt: new Date(Date.now() + 366 * day).toISOString() }).join()).toMatch(/expiresAt: must be at most 365 days/);
    expect(fields({ name: "x", expiresAt: new Date(Date.now() - day).toISOString() }).join()).toMatch(/expiresAt: must be in the future/);
    expect(fields({ expiresAt: new Date(Date.now() + day).toISOString() }).join()).toMatch(/name/);
  });

  describe("[IDEMPOTENCY]", () => {
    const writeTeam = (ctx: RequestContext, name: string) => async (tx: Parameters<Parameters<typeof runIdempotent>[2]>[0]) => {
      const [row] = await audited(asDb(tx), auditContext(ctx), async (inner, audit) => {
        const rows = await inner.insert(teams).values({ name, key: name.toLowerCase().replace(/ /g, "-"), kind: "application" }).returning({ id: teams.id });
        await audit({ action: "team.created", targetType: "team", targetId: rows[0]?.id, payload: { name, key: name.toLowerCase().replace(/ /g, "-") } });
        return rows;
      });
      const body = { id: row?.id, name };
      return { response: json(body, 201), stored: { status: 201, body } };
    };
    const teamsNamed = async (name: string) => (await handle.db.select().from(teams).where(eq(teams.name, name))).length;

    it("[IDEMPOTENCY] the same key and request twice: one effect, the same answer replayed", async () => {
      const me = await fx.account("admin");
      const hash = requestHash("POST", "/api/v1/teams", { name: "Idem One" });
      const first = await runIdempotent(handle.db, { userId: me.userId, key: "k-1", hash }, writeTeam(me.ctx, "Idem One"));
      const second = await runIdempotent(handle.db, { userId: me.userId, key: "k-1", hash }, writeTeam(me.ctx, "Idem One"));
      expect(first.kind).toBe("fresh");
      expect(second).toMatchObject({ kind: "replay", stored: { status: 201 } });
      expect(second.kind === "replay" ? second.stored.body : null).toEqual(first.kind === "fresh" ? await first.response.json() : null);
      expect(await teamsNamed("Idem One")).toBe(1);
      // Key order in the body does not make it another request.
      expect(requestHash("POST", "/p", { a: 1, b: 2 })).toBe(requestHash("POST", "/p", { b: 2, a: 1 }));
    });

    it("[IDEMPOTENCY] the same key with another body is refused (422 naming the header); another user's same key is theirs", async () => {
      const me = await fx.account("admin");
      const other = await fx.account("admin");
      await runIdempotent(handle.db, { userId: me.userId, key: "k-2", hash: requestHash("POST", "/api/v1/teams", { name: "Idem Two" }) }, writeTeam(me.ctx, "Idem Two"));
      const err = await rejectionOf(runIdempotent(handle.db, { userId: me.userId, key: "k-2", hash: requestHash("POST", "/api/v1/teams", { name: "Idem Other" }) }, writeTeam(me.ctx, "Idem Other")));
      expectAppError(err, "INVALID_INPUT", ["Idempotency-Key"]);
      expect(await teamsNamed("Idem Other")).toBe(0);
      const theirs = await runIdempotent(handle.db, { userId: other.userId, key: "k-2", hash: requestHash("POST", "/api/v1/teams", { name: "Idem Three" }) }, writeTeam(other.ctx, "Idem Three"));
      expect(theirs.kind).toBe("fresh");
    });

    it("[IDEMPOTENCY] a failed request keeps neither its effect nor its key; a one-time secret is never replayed", async () => {
      const me = await fx.account("admin");
      const hash = requestHash("POST", "/x", {});
      const failing = await rejectionOf(
        runIdempotent(handle.db, { userId: me.userId, key: "k-3", hash }, async (tx) => {
          await writeTeam(me.ctx, "Idem Failed")(tx);
          throw new Error("boom after the write");
        }),
      );
      expect(errorText(failing)).toContain("boom");
      expect(await teamsNamed("Idem Failed")).toBe(0);
      expect(await handle.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, "k-3"))).toHaveLength(0);

      await runIdempotent(handle.db, { userId: me.userId, key: "k-4", hash }, () => Promise.resolve({ response: json({ secret: "s" }, 201), stored: { status: 201, body: null } }));
      expectAppError(await rejectionOf(runIdempotent(handle.db, { userId: me.userId, key: "k-4", hash }, () => Promise.resolve({ response: json({}, 201), stored: { status: 201, body: null } }))), "CONFLICT");
    });

    it("[IDEMPOTENCY] two concurrent requests with one key (PostgreSQL): exactly one effect, the other replays it", async () => {
      if (driver !== "postgres" || !handle.url) return; // PGlite is one connection: requests cannot overlap.
      const me = await fx.account("admin");
      const hash = requestHash("POST", "/api/v1/teams", { name: "Idem Race" });
      // The pool has several connections, so the two transactions really run side by side.
      const results = await Promise.all([
        runIdempotent(handle.db, { userId: me.userId, key: "k-race", hash }, writeTeam(me.ctx, "Idem Race")),
        runIdempotent(handle.db, { userId: me.userId, key: "k-race", hash }, writeTeam(me.ctx, "Idem Race")),
      ]);
      expect(results.map((r) => r.kind).sort()).toEqual(["fresh", "replay"]);
      expect(await teamsNamed("Idem Race")).toBe(1);
    });
  });
});
