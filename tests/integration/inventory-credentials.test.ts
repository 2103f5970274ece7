import { and, asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { credentialApplications, credentialGrants, credentialGrantScopes, credentials, findings, rotationPolicies, secrets } from "@/db/schema";
import { getCredentialDetail } from "@/db/queries/credentials";
import { AppError } from "@/lib/errors";
import { uniqueViolation } from "@/lib/server/http";
import { presentCredentialDetail } from "@/lib/server/inventory/present";
import { addSecret, createCredential, updateCredential, updateSecret } from "@/lib/server/inventory/credentials";
import { credentialDetailDto } from "@/lib/validation/inventory-dto";
import { credentialInput, secretInput, updateCredentialInput, updateSecretInput } from "@/lib/validation/inventory";
import { contextAs } from "../support/context";
import { drivers } from "../support/db";
import { auditEventsAfter, auditEventsAfterExceptFindings, lastAuditSeq, rejectionOf } from "../support/audit";
import { expectAppError, inventoryCounts, unique, suiteDatabase } from "../support/inventory";

describe.each(drivers)("[INV] credential services on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: true });

  async function rejectsWithoutWriting(call: () => Promise<unknown>) {
    const before = await inventoryCounts(handle.db);
    const error = await rejectionOf(call());
    expect(await inventoryCounts(handle.db)).toEqual(before);
    return error;
  }

  const grantRows = (credentialId: string) =>
    handle.db
      .select({ apiId: credentialGrants.apiId, justification: credentialGrants.justification, scopeId: credentialGrantScopes.scopeId, lastUsedAt: credentialGrantScopes.lastUsedAt })
      .from(credentialGrants)
      .leftJoin(credentialGrantScopes, eq(credentialGrantScopes.grantId, credentialGrants.id))
      .where(eq(credentialGrants.credentialId, credentialId))
      .orderBy(asc(credentialGrants.apiId), asc(credentialGrantScopes.scopeId));

  const applicationRows = async (credentialId: string) =>
    (await handle.db.select().from(credentialApplications).where(eq(credentialApplications.credentialId, credentialId))).map((r) => r.applicationId).sort();

  it("[INV] createCredential stores the record, its grants and applications, and writes one credential.created event", async () => {
    const [owner, backup] = [await fx.person(), await fx.person()];
    const team = await fx.team([owner.id]);
    const server = await fx.server({ tokenEndpoint: "https://idp.example.test/token" });
    const api = await fx.api({ sensitivity: "high" });
    const [read, write] = api.scopes;
    const app = await fx.application();
    const ctx = contextAs("security");
    const before = await lastAuditSeq(handle.db);

    const created = await createCredential(
      handle.db,
      ctx,
      credentialInput.parse({
        name: "OneSpan Sign — CRM signing integration",
        environment: "production",
        clientId: "crm-onespan-client",
        authorizationServerId: server.id,
        grantTypes: ["client_credentials"],
        clientAuthMethod: "client_secret_basic",
        accessTokenTtlSeconds: 299,
        applicationIds: [app.id],
        ownerId: owner.id,
        backupOwnerId: backup.id,
        owningTeamId: team.id,
        sdkName: "OneSpan Sign Java SDK",
        tokenCache: "in_memory",
        grants: [{ apiId: api.id, scopeIds: [read?.id, write?.id], justification: "signs contracts" }],
      }),
    );

    expect(created.credential).toMatchObject({
      key: "onespan-sign-crm-signing-integration-production",
      kind: "oauth_client",
      status: "active",
      clientId: "crm-onespan-client",
      accessTokenTtlSeconds: 299,
      tokenCache: "in_memory",
      ownerId: owner.id,
    });
    const dto = credentialDetailDto.parse(JSON.parse(JSON.stringify(presentCredentialDetail(created))));
    expect(dto).toMatchObject({
      // Stored values stay unset; the effective ones show the defaults (server endpoint, the owner).
      tokenEndpoint: null,
      effectiveTokenEndpoint: "https://idp.example.test/token",
      owner: { id: owner.id, name: owner.name },
      rotationOwner: null,
      revocationOwner: null,
      effectiveRotationOwner: { id: owner.id, name: owner.name },
      effectiveRevocationOwner: { id: owner.id, name: owner.name },
      owningTeam: { id: team.id, name: team.name },
      authorizationServer: { id: server.id, name: server.name },
      effectivePolicy: { name: "Production — high or critical API" },
      applications: [{ id: app.id, name: app.name }],
      grants: [{ apiId: api.id, justification: "signs contracts", scopes: [{ name: "read" }, { name: "write" }] }],
      secrets: [],
      rotationDueAt: null,
      rotationBucket: "none",
    });

    expect(await grantRows(created.credential.id)).toEqual(
      [read?.id, write?.id].sort().map((scopeId) => ({ apiId: api.id, justification: "signs contracts", scopeId, lastUsedAt: null })),
    );
    expect(await applicationRows(created.credential.id)).toEqual([app.id]);

    const events = await auditEventsAfterExceptFindings(handle.db, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "credential.created",
      actorType: "user",
      actorId: ctx.actor?.userId,
      actorLabel: ctx.actor?.email,
      targetType: "credential",
      targetId: created.credential.id,
      requestId: ctx.requestId,
      ip: ctx.ip,
      payload: { name: "OneSpan Sign — CRM signing integration", key: "onespan-sign-crm-signing-integration-production", applicationIds: [app.id] },
    });
  });

  it("[INV] a scope of another API is INVALID_INPUT on grants.0.scopeIds and writes nothing", async () => {
    const [api, other] = [await fx.api(), await fx.api()];
    const foreign = other.scopes[0]?.id;
    const error = await rejectsWithoutWriting(() =>
      fx.credential({ grants: [{ apiId: api.id, scopeIds: [api.scopes[0]?.id, foreign] }] }),
    );
    expectAppError(error, "INVALID_INPUT", ["grants.0.scopeIds"]);
    expect((error as { details?: { fields?: Record<string, string[]> } }).details?.fields?.["grants.0.scopeIds"]?.join(" ")).toContain(String(foreign));
  });

  it("[INV] unknown references are INVALID_INPUT naming each field, and nothing is written", async () => {
    const api = await fx.api();
    const error = await rejectsWithoutWriting(() =>
      fx.credential({
        owningTeamId: crypto.randomUUID(),
        ownerId: crypto.randomUUID(),
        sdkOwnerId: crypto.randomUUID(),
        authorizationServerId: crypto.randomUUID(),
        rotationPolicyId: crypto.randomUUID(),
        applicationIds: [crypto.randomUUID()],
        grants: [{ apiId: api.id, scopeIds: [] }],
      }),
    );
    expectAppError(error, "INVALID_INPUT", ["owningTeamId", "ownerId", "sdkOwnerId", "authorizationServerId", "rotationPolicyId", "applicationIds"]);
    expectAppError(await rejectsWithoutWriting(() => fx.credential({ owningTeamId: crypto.randomUUID() })), "INVALID_INPUT", ["owningTeamId"]);
    expectAppError(
      await rejectsWithoutWriting(() => fx.credential({ grants: [{ apiId: crypto.randomUUID(), scopeIds: [] }] })),
      "INVALID_INPUT",
      ["grants.0.apiId"],
    );
  });

  it("[INV] a client id already used on the same authorization server is a CONFLICT on clientId; another server is fine", async () => {
    const [server, otherServer] = [await fx.server(), await fx.server()];
    const clientId = unique("client");
    await fx.credential({ clientId, authorizationServerId: server.id });
    expectAppError(await rejectsWithoutWriting(() => fx.credential({ clientId, authorizationServerId: server.id })), "CONFLICT", ["clientId"]);
    const elsewhere = await fx.credential({ clientId, authorizationServerId: otherServer.id });
    expect(elsewhere.credential.clientId).toBe(clientId);
    // Moving onto the taken pair by update is refused too.
    const third = await fx.credential({ clientId: unique("client"), authorizationServerId: server.id });
    expectAppError(await rejectsWithoutWriting(() => updateCredential(handle.db, fx.admin, third.credential.id, { clientId })), "CONFLICT", ["clientId"]);
    expectAppError(
      await rejectsWithoutWriting(() => updateCredential(handle.db, fx.admin, elsewhere.credential.id, { authorizationServerId: server.id })),
      "CONFLICT",
      ["clientId"],
    );
  });

  it("[INV] two concurrent creates with one client id leave one credential; the loser is a CONFLICT on clientId", async () => {
    const server = await fx.server();
    const clientId = unique("race");
    const results = await Promise.allSettled([
      fx.credential({ clientId, authorizationServerId: server.id }),
      fx.credential({ clientId, authorizationServerId: server.id }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const reason: unknown = results.find((r) => r.status === "rejected")?.reason;
    // Either the service saw the winner's row, or the unique index caught the race (the route maps it to the same 409).
    expectAppError(reason instanceof AppError ? reason : uniqueViolation(reason), "CONFLICT", ["clientId"]);
    const rows = await handle.db.select().from(credentials).where(eq(credentials.clientId, clientId));
    expect(rows).toHaveLength(1);
  });

  it("[INV] a duplicate key is a CONFLICT on key", async () => {
    const name = unique("Cred");
    await fx.credential({ name, environment: "test" });
    expectAppError(await rejectsWithoutWriting(() => fx.credential({ name, environment: "test" })), "CONFLICT", ["key"]);
    // The same name in another environment gets its own key.
    const prod = await fx.credential({ name, environment: "production" });
    expect(prod.credential.key).toBe(`${name.toLowerCase()}-production`);
  });

  it("[INV] updateCredential applies changes, grants and applications in one event; a repeat writes nothing", async () => {
    const [api, api2] = [await fx.api(), await fx.api()];
    const [app1, app2] = [await fx.application(), await fx.application()];
    const created = await fx.credential({ applicationIds: [app1.id], grants: [{ apiId: api.id, scopeIds: [api.scopes[0]?.id] }] });
    const id = created.credential.id;
    const ctx = contextAs("admin");
    const patch = updateCredentialInput.parse({
      description: "rotates monthly",
      accessTokenTtlSeconds: 600,
      applicationIds: [app2.id, app1.id],
      grants: [
        { apiId: api.id, scopeIds: [api.scopes[0]?.id, api.scopes[1]?.id], justification: "needs write" },
        { apiId: api2.id, scopeIds: [api2.scopes[0]?.id] },
      ],
    });
    const before = await lastAuditSeq(handle.db);
    const updated = await updateCredential(handle.db, ctx, id, patch);
    expect(updated.credential).toMatchObject({ description: "rotates monthly", accessTokenTtlSeconds: 600 });
    expect(updated.applications.map((a) => a.id).sort()).toEqual([app1.id, app2.id].sort());
    expect(await applicationRows(id)).toEqual([app1.id, app2.id].sort());
    const grants = await grantRows(id);
    expect(grants).toHaveLength(3);
    expect(grants.filter((g) => g.apiId === api.id).map((g) => g.justification)).toEqual(["needs write", "needs write"]);

    const events = await auditEventsAfterExceptFindings(handle.db, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "credential.updated", actorId: ctx.actor?.userId, targetType: "credential", targetId: id });
    const changes = (events[0]?.payload as { changes: Record<string, unknown> }).changes;
    expect(Object.keys(changes).sort()).toEqual(["accessTokenTtlSeconds", "applicationIds", "description", "grants"]);
    expect(changes.accessTokenTtlSeconds).toEqual({ from: null, to: 600 });

    // Sending the same values again (as an edit form does) changes nothing and writes nothing.
    const again = await lastAuditSeq(handle.db);
    await updateCredential(handle.db, ctx, id, patch);
    expect(await auditEventsAfter(handle.db, again)).toEqual([]);
    expect(await grantRows(id)).toEqual(grants);
  });

  it("[INV] re-sending unchanged grants keeps per-scope usage (last used) and only the changed grant is touched", async () => {
    const api = await fx.api();
    const [read, write] = api.scopes;
    const created = await fx.credential({ grants: [{ apiId: api.id, scopeIds: [read?.id, write?.id] }] });
    const id = created.credential.id;
    const usedAt = new Date("2026-03-01T10:00:00Z");
    // Usage ingest (later) records last-used times per scope.
    await handle.db.execute(
      sql`update credential_grant_scopes set last_used_at = ${usedAt.toISOString()}::timestamptz where grant_id in (select id from credential_grants where credential_id = ${id})`,
    );
    await updateCredential(handle.db, fx.admin, id, updateCredentialInput.parse({ name: unique("Renamed"), grants: [{ apiId: api.id, scopeIds: [write?.id, read?.id] }] }));
    const kept = await grantRows(id);
    expect(kept.map((g) => g.lastUsedAt?.toISOString())).toEqual([usedAt.toISOString(), usedAt.toISOString()]);

    // Dropping one scope keeps the other's usage.
    const before = await lastAuditSeq(handle.db);
    await updateCredential(handle.db, fx.admin, id, updateCredentialInput.parse({ grants: [{ apiId: api.id, scopeIds: [read?.id] }] }));
    const after = await grantRows(id);
    expect(after).toEqual([{ apiId: api.id, justification: null, scopeId: read?.id, lastUsedAt: usedAt }]);
    const events = await auditEventsAfter(handle.db, before);
    expect(events).toHaveLength(1);
    expect((events[0]?.payload as { changes: Record<string, unknown> }).changes).toHaveProperty("grants");

    // Removing every grant removes the grant rows.
    await updateCredential(handle.db, fx.admin, id, updateCredentialInput.parse({ grants: [] }));
    expect(await grantRows(id)).toEqual([]);
  });

  it("[INV] an invalid update changes nothing: not the fields, not the grants, no event", async () => {
    const [api, other] = [await fx.api(), await fx.api()];
    const created = await fx.credential({ grants: [{ apiId: api.id, scopeIds: [api.scopes[0]?.id] }] });
    const id = created.credential.id;
    const error = await rejectsWithoutWriting(() =>
      updateCredential(handle.db, fx.admin, id, updateCredentialInput.parse({ name: unique("Nope"), grants: [{ apiId: api.id, scopeIds: [other.scopes[0]?.id] }] })),
    );
    expectAppError(error, "INVALID_INPUT", ["grants.0.scopeIds"]);
    const [row] = await handle.db.select().from(credentials).where(eq(credentials.id, id));
    expect(row?.name).toBe(created.credential.name);
    expect((await grantRows(id)).map((g) => g.scopeId)).toEqual([api.scopes[0]?.id]);
  });

  it("[INV] owner and backup owner must be two people: create and edit refuse one person in both, naming the field, writing nothing", async () => {
    const [alice, bob] = [await fx.person(), await fx.person()];
    // The service holds the rule too, not only the request schema.
    const onCreate = await rejectsWithoutWriting(() => createCredential(handle.db, fx.admin, { ...credentialInput.parse({ name: unique("Cred"), environment: "production" }), ownerId: alice.id, backupOwnerId: alice.id }));
    expectAppError(onCreate, "INVALID_INPUT", ["backupOwnerId"]);

    const created = await fx.credential({ ownerId: alice.id, backupOwnerId: bob.id });
    const id = created.credential.id;
    // A PATCH giving one side only is checked against the stored other side.
    expectAppError(await rejectsWithoutWriting(() => updateCredential(handle.db, fx.admin, id, updateCredentialInput.parse({ backupOwnerId: alice.id }))), "INVALID_INPUT", ["backupOwnerId"]);
    expectAppError(await rejectsWithoutWriting(() => updateCredential(handle.db, fx.admin, id, updateCredentialInput.parse({ ownerId: bob.id }))), "INVALID_INPUT", ["ownerId"]);
    const [row] = await handle.db.select({ ownerId: credentials.ownerId, backupOwnerId: credentials.backupOwnerId }).from(credentials).where(eq(credentials.id, id));
    expect(row).toEqual({ ownerId: alice.id, backupOwnerId: bob.id });

    // Swapping the two in one edit is fine.
    const swapped = await updateCredential(handle.db, fx.admin, id, updateCredentialInput.parse({ ownerId: bob.id, backupOwnerId: alice.id }));
    expect(swapped.credential).toMatchObject({ ownerId: bob.id, backupOwnerId: alice.id });
  });

  it("[INV] updating an unknown credential is NOT_FOUND", async () => {
    expectAppError(await rejectionOf(updateCredential(handle.db, fx.admin, crypto.randomUUID(), { name: "X" })), "NOT_FOUND");
  });

  it("[INV] a decommissioned credential is read-only: edits, new secrets and reactivation are refused (409)", async () => {
    const created = await fx.credential();
    const id = created.credential.id;
    // Decommissioning is its own lifecycle step, never a status edit.
    expectAppError(await rejectsWithoutWriting(() => updateCredential(handle.db, fx.admin, id, { status: "decommissioned" })), "INVALID_INPUT", ["status"]);
    await fx.decommission(id);
    expectAppError(await rejectsWithoutWriting(() => updateCredential(handle.db, fx.admin, id, { name: unique("X") })), "CONFLICT");
    expectAppError(await rejectsWithoutWriting(() => fx.secret(id)), "CONFLICT");
    expectAppError(await rejectsWithoutWriting(() => updateCredential(handle.db, fx.admin, id, { status: "active" })), "CONFLICT");
  });

  // --- Secrets ---------------------------------------------------------------------------

  it("[INV] addSecret and updateSecret store metadata and write one event each (never the value)", async () => {
    const created = await fx.credential({ environment: "staging" });
    const id = created.credential.id;
    const ctx = contextAs("security");
    const before = await lastAuditSeq(handle.db);
    const { id: secretId } = await addSecret(
      handle.db,
      ctx,
      id,
      secretInput.parse({ kind: "client_secret", storage: "vault", storageRef: "vault://kv/crm/onespan", issuedAt: "2026-02-01", fingerprintOf: "plain-value-1" }),
    );
    const [row] = await handle.db.select().from(secrets).where(eq(secrets.id, secretId));
    expect(row).toMatchObject({ credentialId: id, kind: "client_secret", storage: "vault", storageRef: "vault://kv/crm/onespan", status: "active" });
    expect(row?.issuedAt.toISOString()).toBe("2026-02-01T00:00:00.000Z");
    expect(row?.fingerprint).toMatch(/^[0-9a-f]{64}$/);

    await updateSecret(handle.db, ctx, id, secretId, updateSecretInput.parse({ status: "superseded" }));
    await updateSecret(handle.db, ctx, id, secretId, updateSecretInput.parse({ clearFingerprint: true }));
    const [after] = await handle.db.select().from(secrets).where(eq(secrets.id, secretId));
    expect(after).toMatchObject({ status: "superseded", fingerprint: null });

    const events = await auditEventsAfterExceptFindings(handle.db, before);
    expect(events.map((e) => [e.action, e.targetType, e.targetId, e.actorId])).toEqual([
      ["secret.created", "credential", id, ctx.actor?.userId],
      ["secret.updated", "credential", id, ctx.actor?.userId],
      ["secret.updated", "credential", id, ctx.actor?.userId],
    ]);
    expect(events[0]?.payload).toMatchObject({ secretId, kind: "client_secret", storageRef: "vault://kv/crm/onespan", fingerprintSet: true });
    expect(events[0]?.payload).not.toHaveProperty("fingerprintOf");
    expect(events[0]?.payload).not.toHaveProperty("fingerprint");
    expect(events[1]?.payload).toEqual({ secretId, changes: { status: { from: "active", to: "superseded" } } });
    expect(events[2]?.payload).toEqual({ secretId, changes: { fingerprint: "cleared" } });

    // Nothing to change: nothing written.
    const again = await lastAuditSeq(handle.db);
    await updateSecret(handle.db, ctx, id, secretId, updateSecretInput.parse({ status: "superseded", clearFingerprint: true }));
    expect(await auditEventsAfter(handle.db, again)).toEqual([]);
  });

  it("[INV] a secret is addressed through its own credential only", async () => {
    const [a, b] = [await fx.credential(), await fx.credential()];
    const { id: secretId } = await fx.secret(a.credential.id);
    expectAppError(await rejectsWithoutWriting(() => updateSecret(handle.db, fx.admin, b.credential.id, secretId, { status: "revoked" })), "NOT_FOUND");
    expectAppError(await rejectsWithoutWriting(() => updateSecret(handle.db, fx.admin, a.credential.id, crypto.randomUUID(), { status: "revoked" })), "NOT_FOUND");
    expectAppError(await rejectsWithoutWriting(() => fx.secret(crypto.randomUUID())), "NOT_FOUND");
    const [row] = await handle.db.select().from(secrets).where(and(eq(secrets.id, secretId)));
    expect(row?.status).toBe("active");
  });

  it("[INV] the detail lists secrets newest first with hasFingerprint and never the fingerprint", async () => {
    const c = await fx.credential();
    await fx.secret(c.credential.id, { issuedAt: "2026-01-01", fingerprintOf: "x-value" });
    await fx.secret(c.credential.id, { issuedAt: "2026-04-01" });
    const detail = await getCredentialDetail(handle.db, c.credential.id);
    expect(detail?.secrets.map((s) => [s.issuedAt.toISOString().slice(0, 10), s.hasFingerprint])).toEqual([
      ["2026-04-01", false],
      ["2026-01-01", true],
    ]);
    for (const s of detail?.secrets ?? []) expect(s).not.toHaveProperty("fingerprint");
  });

  it("[INV] a PATCH that makes the record impossible is INVALID_INPUT naming the field, and writes nothing (issue 12)", async () => {
    const none = await fx.credential({ tokenCache: "none" });
    expectAppError(await rejectsWithoutWriting(() => updateCredential(handle.db, fx.admin, none.credential.id, updateCredentialInput.parse({ tokenPersistence: "/var/cache/tokens" }))), "INVALID_INPUT", ["tokenPersistence"]);
    const cached = await fx.credential({ tokenCache: "disk", tokenPersistence: "/var/cache/tokens" });
    expectAppError(await rejectsWithoutWriting(() => updateCredential(handle.db, fx.admin, cached.credential.id, updateCredentialInput.parse({ tokenCache: "none" }))), "INVALID_INPUT", ["tokenPersistence"]);
    // Both at once is consistent.
    expect((await updateCredential(handle.db, fx.admin, cached.credential.id, updateCredentialInput.parse({ tokenCache: "none", tokenPersistence: "" }))).credential.tokenCache).toBe("none");

    const { id: secretId } = await fx.secret(cached.credential.id, { issuedAt: "2026-01-01", expiresAt: "2026-06-01" });
    const patch = (body: Record<string, unknown>) => () => updateSecret(handle.db, fx.admin, cached.credential.id, secretId, updateSecretInput.parse(body));
    expectAppError(await rejectsWithoutWriting(patch({ expiresAt: "2025-12-01" })), "INVALID_INPUT", ["expiresAt"]);
    expectAppError(await rejectsWithoutWriting(patch({ issuedAt: "2026-07-01" })), "INVALID_INPUT", ["expiresAt"]);
    expectAppError(await rejectsWithoutWriting(patch({ lastRotatedAt: new Date(Date.now() + 86_400_000).toISOString() })), "INVALID_INPUT", ["lastRotatedAt"]);
    await patch({ lastRotatedAt: "2026-01-01" })();
  });

  // --- Record-level rules (DESIGN §2) ----------------------------------------------------

  describe("[AUTHZ] member rules", () => {
    it("a member creates credentials only for teams they belong to", async () => {
      const [mine, theirs] = [await fx.team(), await fx.team()];
      const { ctx, person } = await fx.actor("member", [mine.id]);
      const created = await fx.credential({ owningTeamId: mine.id, ownerId: person.id }, ctx);
      expect(created.credential.owningTeamId).toBe(mine.id);
      expectAppError(await rejectsWithoutWriting(() => fx.credential({ owningTeamId: theirs.id }, ctx)), "FORBIDDEN");
      // No team at all is not "a team they belong to" either.
      expectAppError(await rejectsWithoutWriting(() => fx.credential({ ownerId: person.id }, ctx)), "FORBIDDEN");
    });

    it("a member whose email matches no person creates nothing", async () => {
      const team = await fx.team();
      expectAppError(await rejectsWithoutWriting(() => fx.credential({ owningTeamId: team.id }, contextAs("member", { email: "nobody@example.test" }))), "FORBIDDEN");
    });

    it("a member edits records their team owns, or that they own, back up or SDK-own — nothing else", async () => {
      const [mine, theirs] = [await fx.team(), await fx.team()];
      const { ctx, person } = await fx.actor("member", [mine.id]);
      const teamOwned = await fx.credential({ owningTeamId: mine.id });
      const owned = await fx.credential({ owningTeamId: theirs.id, ownerId: person.id });
      const backedUp = await fx.credential({ owningTeamId: theirs.id, backupOwnerId: person.id });
      const sdkOwned = await fx.credential({ owningTeamId: theirs.id, sdkOwnerId: person.id });
      const foreign = await fx.credential({ owningTeamId: theirs.id, rotationOwnerId: person.id, revocationOwnerId: person.id });

      for (const c of [teamOwned, owned, backedUp, sdkOwned]) {
        const updated = await updateCredential(handle.db, ctx, c.credential.id, { description: "edited by member" });
        expect(updated.credential.description).toBe("edited by member");
        // Secrets follow the credential's rules.
        expect((await fx.secret(c.credential.id, {}, ctx)).id).toBeDefined();
      }
      // Being rotation or revocation owner does not make a record editable (DESIGN §2 names owner, backup, SDK owner).
      expectAppError(await rejectsWithoutWriting(() => updateCredential(handle.db, ctx, foreign.credential.id, { description: "x" })), "FORBIDDEN");
      expectAppError(await rejectsWithoutWriting(() => fx.secret(foreign.credential.id, {}, ctx)), "FORBIDDEN");
    });

    it("a member cannot move a credential to a team they are not in (nor to no team)", async () => {
      const [mine, second, theirs] = [await fx.team(), await fx.team(), await fx.team()];
      const { ctx, person } = await fx.actor("member", [mine.id, second.id]);
      const teamOwned = await fx.credential({ owningTeamId: mine.id });
      const owned = await fx.credential({ owningTeamId: theirs.id, ownerId: person.id });

      expectAppError(await rejectsWithoutWriting(() => updateCredential(handle.db, ctx, teamOwned.credential.id, { owningTeamId: theirs.id })), "FORBIDDEN");
      expectAppError(await rejectsWithoutWriting(() => updateCredential(handle.db, ctx, teamOwned.credential.id, { owningTeamId: null })), "FORBIDDEN");
      // Between their own teams is fine; an owner may bring a record into one of their teams.
      expect((await updateCredential(handle.db, ctx, teamOwned.credential.id, { owningTeamId: second.id })).credential.owningTeamId).toBe(second.id);
      expect((await updateCredential(handle.db, ctx, owned.credential.id, { owningTeamId: mine.id })).credential.owningTeamId).toBe(mine.id);
    });

    it("security and admin edit any credential and move it anywhere; an auditor changes nothing", async () => {
      const [a, b] = [await fx.team(), await fx.team()];
      const c = await fx.credential({ owningTeamId: a.id });
      expect((await updateCredential(handle.db, contextAs("security"), c.credential.id, { owningTeamId: b.id })).credential.owningTeamId).toBe(b.id);
      expect((await updateCredential(handle.db, contextAs("admin"), c.credential.id, { owningTeamId: null })).credential.owningTeamId).toBeNull();
      expect((await fx.secret(c.credential.id, {}, contextAs("security"))).id).toBeDefined();

      const { ctx: auditor } = await fx.actor("auditor", [a.id]);
      const own = await fx.credential({ owningTeamId: a.id });
      expectAppError(await rejectsWithoutWriting(() => fx.credential({ owningTeamId: a.id }, auditor)), "FORBIDDEN");
      expectAppError(await rejectsWithoutWriting(() => updateCredential(handle.db, auditor, own.credential.id, { description: "x" })), "FORBIDDEN");
      expectAppError(await rejectsWithoutWriting(() => fx.secret(own.credential.id, {}, auditor)), "FORBIDDEN");
    });

    it("governance overrides (issue 12): members set none; admin only at least as strict; security may weaken, and a finding says so", async () => {
      const team = await fx.team();
      const { ctx: member, person } = await fx.actor("member", [team.id]);
      const critical = await fx.api({ sensitivity: "critical" });
      const grants = [{ apiId: critical.id, scopeIds: [] }];
      const policyId = async (name: string) => (await handle.db.select({ id: rotationPolicies.id }).from(rotationPolicies).where(eq(rotationPolicies.name, name)))[0]?.id ?? "";
      const [nonProduction, sensitive] = [await policyId("Non-production"), await policyId("Production — high or critical API")];
      const own = await fx.credential({ owningTeamId: team.id, ownerId: person.id, grants }, member);
      const id = own.credential.id;

      // A member may edit their credential, re-sending the (unchanged) governance fields, but not change them.
      await updateCredential(handle.db, member, id, updateCredentialInput.parse({ description: "mine", rotationPolicyId: null, reviewCadenceDays: null }));
      expectAppError(await rejectsWithoutWriting(() => updateCredential(handle.db, member, id, updateCredentialInput.parse({ reviewCadenceDays: 3650 }))), "FORBIDDEN");
      expectAppError(await rejectsWithoutWriting(() => updateCredential(handle.db, member, id, updateCredentialInput.parse({ rotationPolicyId: nonProduction }))), "FORBIDDEN");
      expectAppError(await rejectsWithoutWriting(() => fx.credential({ owningTeamId: team.id, reviewCadenceDays: 30 }, member)), "FORBIDDEN");

      // An admin may tighten, not loosen: the field is named.
      expectAppError(await rejectsWithoutWriting(() => updateCredential(handle.db, contextAs("admin"), id, updateCredentialInput.parse({ rotationPolicyId: nonProduction }))), "INVALID_INPUT", ["rotationPolicyId"]);
      expectAppError(await rejectsWithoutWriting(() => updateCredential(handle.db, contextAs("admin"), id, updateCredentialInput.parse({ reviewCadenceDays: 91 }))), "INVALID_INPUT", ["reviewCadenceDays"]);
      expect((await updateCredential(handle.db, contextAs("admin"), id, updateCredentialInput.parse({ reviewCadenceDays: 30, rotationPolicyId: sensitive }))).credential.reviewCadenceDays).toBe(30);

      // Security may weaken; the posture rule keeps it visible.
      const openWeaker = async () => (await handle.db.select({ id: findings.id }).from(findings).where(and(eq(findings.credentialId, id), eq(findings.ruleId, "policy-weaker"), eq(findings.status, "open")))).length;
      expect(await openWeaker()).toBe(0);
      await updateCredential(handle.db, contextAs("security"), id, updateCredentialInput.parse({ rotationPolicyId: nonProduction, reviewCadenceDays: null }));
      expect(await openWeaker()).toBe(1);
      await updateCredential(handle.db, contextAs("security"), id, updateCredentialInput.parse({ rotationPolicyId: null }));
      expect(await openWeaker()).toBe(0);
    });

    it("a grant removal that changes the matched policy is audited with the policy before and after (issue 12)", async () => {
      const team = await fx.team();
      const { ctx: member, person } = await fx.actor("member", [team.id]);
      const [critical, low] = [await fx.api({ sensitivity: "critical" }), await fx.api({ sensitivity: "low" })];
      const own = await fx.credential({ owningTeamId: team.id, ownerId: person.id, grants: [{ apiId: critical.id, scopeIds: [] }, { apiId: low.id, scopeIds: [] }] }, member);
      const before = await lastAuditSeq(handle.db);
      await updateCredential(handle.db, member, own.credential.id, updateCredentialInput.parse({ grants: [{ apiId: low.id, scopeIds: [] }] }));
      const [event] = (await auditEventsAfterExceptFindings(handle.db, before)).filter((e) => e.action === "credential.updated");
      expect(event?.payload).toMatchObject({
        changes: {
          grants: { removed: [critical.id] },
          matchedPolicy: { from: { name: "Production — high or critical API" }, to: { name: "Production" } },
          policy: { from: { name: "Production — high or critical API" }, to: { name: "Production" } },
        },
      });
    });

    it("an unauthenticated context is refused before anything is read or written", async () => {
      const team = await fx.team();
      expectAppError(await rejectsWithoutWriting(() => fx.credential({ owningTeamId: team.id }, contextAs(null))), "UNAUTHENTICATED");
    });
  });
});
