import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { apiScopes, apis, applications, authorizationServers } from "@/db/schema";
import { getApi, getApplication, listApis, listApplications, listPolicies, listServers } from "@/db/queries/registry";
import { encodeCursor } from "@/lib/validation/common";
import { apiDto, apiPageDto, applicationDto, applicationPageDto, policyDto, serverDto, serverPageDto } from "@/lib/validation/inventory-dto";
import { createApi, createApplication, createServer, updateApi, updateApplication, updateServer } from "@/lib/server/inventory/registry";
import { apiInput, applicationInput, authorizationServerInput, updateApiInput } from "@/lib/validation/inventory";
import { contextAs } from "../support/context";
import { drivers } from "../support/db";
import { auditEventsAfter, lastAuditSeq, rejectionOf } from "../support/audit";
import { expectAppError, inventoryCounts, unique, suiteDatabase } from "../support/inventory";

describe.each(drivers)("[INV] registry services on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: true });

  /** Runs a call that must fail and proves it wrote nothing: no row in any inventory table, no audit event. */
  async function rejectsWithoutWriting(call: () => Promise<unknown>) {
    const before = await inventoryCounts(handle.db);
    const error = await rejectionOf(call());
    expect(await inventoryCounts(handle.db)).toEqual(before);
    return error;
  }

  // --- Authorization servers -------------------------------------------------------------

  it("[INV] createServer stores the server and writes one server.created event with actor and target", async () => {
    const ctx = contextAs("security");
    const before = await lastAuditSeq(handle.db);
    const input = authorizationServerInput.parse({
      name: "Corp IdP",
      issuerUrl: "https://idp.corp.example.test",
      tokenEndpoint: "https://idp.corp.example.test/oauth2/token",
      vendor: "Okta",
      supportedGrantTypes: ["client_credentials"],
    });
    const created = await createServer(handle.db, ctx, input);
    expect(created).toMatchObject({ key: "corp-idp", name: "Corp IdP", vendor: "Okta", jwksUri: null, supportedGrantTypes: ["client_credentials"] });
    const [row] = await handle.db.select().from(authorizationServers).where(eq(authorizationServers.id, created.id));
    expect(row).toMatchObject({ key: "corp-idp", issuerUrl: "https://idp.corp.example.test", tokenEndpoint: "https://idp.corp.example.test/oauth2/token" });
    const events = await auditEventsAfter(handle.db, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "server.created",
      actorType: "user",
      actorId: ctx.actor?.userId,
      actorLabel: ctx.actor?.email,
      targetType: "authorization_server",
      targetId: created.id,
      requestId: ctx.requestId,
      payload: { name: "Corp IdP", key: "corp-idp", issuerUrl: "https://idp.corp.example.test" },
    });
  });

  it("[INV] a duplicate issuer or key is a CONFLICT naming the field and writes nothing", async () => {
    const existing = await fx.server();
    expectAppError(
      await rejectsWithoutWriting(() => createServer(handle.db, fx.admin, authorizationServerInput.parse({ name: unique("Other"), issuerUrl: existing.issuerUrl }))),
      "CONFLICT",
      ["issuerUrl"],
    );
    expectAppError(
      await rejectsWithoutWriting(() =>
        createServer(handle.db, fx.admin, authorizationServerInput.parse({ name: unique("Other"), key: existing.key, issuerUrl: "https://elsewhere.example.test" })),
      ),
      "CONFLICT",
      ["key"],
    );
  });

  it("[INV] updateServer records only what changed; an update that changes nothing writes nothing", async () => {
    const server = await fx.server();
    const ctx = contextAs("admin");
    const before = await lastAuditSeq(handle.db);
    const updated = await updateServer(handle.db, ctx, server.id, { vendor: "Keycloak", name: server.name });
    expect(updated.vendor).toBe("Keycloak");
    const events = await auditEventsAfter(handle.db, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "server.updated",
      actorId: ctx.actor?.userId,
      targetType: "authorization_server",
      targetId: server.id,
      payload: { changes: { vendor: { from: null, to: "Keycloak" } } },
    });
    const again = await lastAuditSeq(handle.db);
    await updateServer(handle.db, ctx, server.id, { vendor: "Keycloak" });
    expect(await auditEventsAfter(handle.db, again)).toEqual([]);
  });

  it("[INV] updateServer to another server's issuer is a CONFLICT on issuerUrl; unknown id is NOT_FOUND", async () => {
    const [a, b] = [await fx.server(), await fx.server()];
    expectAppError(await rejectsWithoutWriting(() => updateServer(handle.db, fx.admin, a.id, { issuerUrl: b.issuerUrl })), "CONFLICT", ["issuerUrl"]);
    expectAppError(await rejectionOf(updateServer(handle.db, fx.admin, crypto.randomUUID(), { vendor: "X" })), "NOT_FOUND");
  });

  // --- APIs and scopes -------------------------------------------------------------------

  it("[INV] createApi stores the API and its scopes and writes one api.created event", async () => {
    const team = await fx.team();
    const ctx = contextAs("security");
    const before = await lastAuditSeq(handle.db);
    const created = await createApi(
      handle.db,
      ctx,
      apiInput.parse({
        name: "Payments API",
        audience: "https://payments.example.test",
        trustZone: "internal",
        sensitivity: "critical",
        owningTeamId: team.id,
        scopes: [
          { name: "payments:read", privilege: "read", description: "Read payments" },
          { name: "payments:write", privilege: "write" },
        ],
      }),
    );
    expect(created).toMatchObject({ key: "payments-api", sensitivity: "critical", owningTeamId: team.id, owningTeamName: team.name });
    expect(created.scopes.map((s) => [s.name, s.privilege, s.description])).toEqual([
      ["payments:read", "read", "Read payments"],
      ["payments:write", "write", null],
    ]);
    const scopeRows = await handle.db.select().from(apiScopes).where(eq(apiScopes.apiId, created.id)).orderBy(asc(apiScopes.name));
    expect(scopeRows.map((s) => s.name)).toEqual(["payments:read", "payments:write"]);
    const events = await auditEventsAfter(handle.db, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "api.created",
      actorId: ctx.actor?.userId,
      actorLabel: ctx.actor?.email,
      targetType: "api",
      targetId: created.id,
      payload: { name: "Payments API", audience: "https://payments.example.test", key: "payments-api" },
    });
  });

  it("[INV] a duplicate audience is a CONFLICT on audience and writes nothing", async () => {
    const existing = await fx.api();
    const error = await rejectsWithoutWriting(() =>
      createApi(handle.db, fx.admin, apiInput.parse({ name: unique("Api"), audience: existing.audience, trustZone: "internal", sensitivity: "low", scopes: [{ name: "x", privilege: "read" }] })),
    );
    expectAppError(error, "CONFLICT", ["audience"]);
    const other = await fx.api();
    expectAppError(await rejectsWithoutWriting(() => updateApi(handle.db, fx.admin, other.id, { audience: existing.audience })), "CONFLICT", ["audience"]);
  });

  it("[INV] an unknown owning team is INVALID_INPUT on owningTeamId and writes nothing", async () => {
    const missing = crypto.randomUUID();
    const error = await rejectsWithoutWriting(() =>
      createApi(handle.db, fx.admin, apiInput.parse({ name: unique("Api"), audience: `urn:${unique("aud")}`, trustZone: "internal", sensitivity: "low", owningTeamId: missing })),
    );
    expectAppError(error, "INVALID_INPUT", ["owningTeamId"]);
    const api = await fx.api();
    expectAppError(await rejectsWithoutWriting(() => updateApi(handle.db, fx.admin, api.id, { owningTeamId: missing })), "INVALID_INPUT", ["owningTeamId"]);
    expectAppError(
      await rejectsWithoutWriting(() => createApplication(handle.db, fx.admin, applicationInput.parse({ name: unique("App"), environment: "test", trustZone: "dmz", owningTeamId: missing }))),
      "INVALID_INPUT",
      ["owningTeamId"],
    );
  });

  it("[INV] updateApi syncs scopes by name: adds, updates and removes in one audited change", async () => {
    const api = await fx.api({
      scopes: [
        { name: "keep", privilege: "read" },
        { name: "change", privilege: "read" },
        { name: "drop", privilege: "admin" },
      ],
    });
    const keepId = api.scopes.find((s) => s.name === "keep")?.id;
    const ctx = contextAs("admin");
    const before = await lastAuditSeq(handle.db);
    const updated = await updateApi(
      handle.db,
      ctx,
      api.id,
      updateApiInput.parse({
        scopes: [
          { name: "keep", privilege: "read" },
          { name: "change", privilege: "write", description: "now writes" },
          { name: "new", privilege: "read" },
        ],
      }),
    );
    expect(updated.scopes.map((s) => [s.name, s.privilege, s.description])).toEqual([
      ["change", "write", "now writes"],
      ["keep", "read", null],
      ["new", "read", null],
    ]);
    // A kept scope keeps its id (grants point at it).
    expect(updated.scopes.find((s) => s.name === "keep")?.id).toBe(keepId);
    const rows = await handle.db.select().from(apiScopes).where(eq(apiScopes.apiId, api.id));
    expect(rows.map((r) => r.name).sort()).toEqual(["change", "keep", "new"]);
    const events = await auditEventsAfter(handle.db, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "api.updated",
      actorId: ctx.actor?.userId,
      targetType: "api",
      targetId: api.id,
      payload: { changes: { scopes: { added: ["new"], removed: ["drop"], updated: ["change"] } } },
    });
  });

  it("[INV] changing only a scope's privilege is saved and audited", async () => {
    const api = await fx.api({ scopes: [{ name: "only", privilege: "read" }] });
    const before = await lastAuditSeq(handle.db);
    const updated = await updateApi(handle.db, fx.admin, api.id, updateApiInput.parse({ scopes: [{ name: "only", privilege: "admin" }] }));
    expect(updated.scopes.map((s) => s.privilege)).toEqual(["admin"]);
    const events = await auditEventsAfter(handle.db, before);
    expect(events).toHaveLength(1);
    expect(events[0]?.payload).toEqual({ changes: { scopes: { added: [], removed: [], updated: ["only"] } } });
    // The same scopes again: nothing changes, nothing is written.
    const again = await lastAuditSeq(handle.db);
    await updateApi(handle.db, fx.admin, api.id, updateApiInput.parse({ scopes: [{ name: "only", privilege: "admin" }] }));
    expect(await auditEventsAfter(handle.db, again)).toEqual([]);
  });

  it("[INV] removing a scope that is granted is a CONFLICT naming scopes, and nothing of the update is applied", async () => {
    const api = await fx.api({ scopes: [{ name: "granted", privilege: "write" }, { name: "free", privilege: "read" }] });
    const granted = api.scopes.find((s) => s.name === "granted");
    await fx.credential({ environment: "staging", grants: [{ apiId: api.id, scopeIds: [granted?.id] }] });
    const newName = unique("Renamed");
    const error = await rejectsWithoutWriting(() =>
      updateApi(handle.db, fx.admin, api.id, updateApiInput.parse({ name: newName, scopes: [{ name: "free", privilege: "read" }] })),
    );
    expectAppError(error, "CONFLICT", ["scopes"]);
    expect((error as Error).message).toContain("granted");
    const [row] = await handle.db.select().from(apis).where(eq(apis.id, api.id));
    expect(row?.name).toBe(api.name);
    const scopes = await handle.db.select().from(apiScopes).where(eq(apiScopes.apiId, api.id));
    expect(scopes.map((s) => s.name).sort()).toEqual(["free", "granted"]);
    // Removing the scope nobody holds is fine.
    const updated = await updateApi(handle.db, fx.admin, api.id, updateApiInput.parse({ scopes: [{ name: "granted", privilege: "write" }] }));
    expect(updated.scopes.map((s) => s.name)).toEqual(["granted"]);
  });

  it("[INV] updateApi of an unknown id is NOT_FOUND", async () => {
    expectAppError(await rejectionOf(updateApi(handle.db, fx.admin, crypto.randomUUID(), { name: "X" })), "NOT_FOUND");
  });

  // --- Applications ----------------------------------------------------------------------

  it("[INV] createApplication and updateApplication write one event each with actor, target and changes", async () => {
    const team = await fx.team();
    const ctx = contextAs("security");
    const before = await lastAuditSeq(handle.db);
    const app = await createApplication(
      handle.db,
      ctx,
      applicationInput.parse({ name: "CRM Signing", environment: "production", trustZone: "dmz", owningTeamId: team.id, thirdParty: true }),
    );
    expect(app).toMatchObject({ key: "crm-signing", thirdParty: true, autonomous: false, status: "active", owningTeamName: team.name });
    const updated = await updateApplication(handle.db, ctx, app.id, { status: "retired", autonomous: true });
    expect(updated).toMatchObject({ status: "retired", autonomous: true });
    const [row] = await handle.db.select().from(applications).where(eq(applications.id, app.id));
    expect(row).toMatchObject({ status: "retired", autonomous: true, thirdParty: true });
    const events = await auditEventsAfter(handle.db, before);
    expect(events.map((e) => [e.action, e.targetType, e.targetId, e.actorId])).toEqual([
      ["application.created", "application", app.id, ctx.actor?.userId],
      ["application.updated", "application", app.id, ctx.actor?.userId],
    ]);
    expect(events[1]?.payload).toEqual({ changes: { status: { from: "active", to: "retired" }, autonomous: { from: false, to: true } } });
    // A key another application holds is a CONFLICT on key.
    const other = await fx.application();
    expectAppError(await rejectsWithoutWriting(() => updateApplication(handle.db, fx.admin, other.id, { key: "crm-signing" })), "CONFLICT", ["key"]);
  });

  it("[API] what the registry routes return passes their declared response schemas (or the route would answer 500)", async () => {
    const team = await fx.team();
    const server = await fx.server({ supportedAuthMethods: ["private_key_jwt"], jwksUri: "https://idp.example.test/jwks" });
    const api = await fx.api({ owningTeamId: team.id });
    const app = await fx.application({ owningTeamId: team.id });
    const wire = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
    const pageOf = (page: { items: unknown[]; next: { name: string; id: string } | null }) => wire({ items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null });
    expect(serverDto.parse(wire(server))).toMatchObject({ id: server.id, supportedAuthMethods: ["private_key_jwt"] });
    expect(apiDto.parse(wire(await getApi(handle.db, api.id))).scopes).toHaveLength(2);
    expect(applicationDto.parse(wire(await getApplication(handle.db, app.id))).owningTeamName).toBe(team.name);
    expect(serverPageDto.parse(pageOf(await listServers(handle.db, { limit: 200 }))).items.length).toBeGreaterThan(0);
    const apisPage = apiPageDto.parse(pageOf(await listApis(handle.db, { limit: 200, teamId: team.id })));
    expect(apisPage.items.map((a) => [a.id, a.scopeCount])).toEqual([[api.id, 2]]);
    expect(applicationPageDto.parse(pageOf(await listApplications(handle.db, { limit: 200, teamId: team.id }))).items.map((a) => a.id)).toEqual([app.id]);
    const policies = z.object({ items: z.array(policyDto) }).parse(wire({ items: await listPolicies(handle.db) }));
    expect(policies.items.map((p) => p.name)).toEqual(expect.arrayContaining(["Production", "Non-production", "Production — high or critical API"]));
  });

  it("[INV] registry lists page by name with a keyset cursor and filter by team and text", async () => {
    const team = await fx.team();
    const created = [];
    for (let i = 0; i < 5; i++) created.push(await fx.application({ owningTeamId: team.id, name: `Pager${i}${unique("x")}` }));
    const seen: string[] = [];
    let cursor: { name: string; id: string } | undefined;
    for (;;) {
      const page = await listApplications(handle.db, { teamId: team.id, limit: 2, cursor });
      seen.push(...page.items.map((a) => a.id));
      if (!page.next) break;
      cursor = page.next;
    }
    expect(seen).toEqual(created.map((a) => a.id));
    expect((await listApplications(handle.db, { q: created[3]?.name.slice(0, 12), limit: 200 })).items.map((a) => a.id)).toEqual([created[3]?.id]);
    const api = await fx.api();
    expect((await listApis(handle.db, { q: api.audience.toUpperCase(), limit: 200 })).items.map((a) => a.id)).toEqual([api.id]);
  });

  // --- Record-level rules (DESIGN §2) ----------------------------------------------------

  it("[AUTHZ] a member creates APIs and applications only for teams they belong to", async () => {
    const [mine, theirs] = [await fx.team(), await fx.team()];
    const { ctx } = await fx.actor("member", [mine.id]);
    const apiFor = (owningTeamId: string | null) =>
      apiInput.parse({ name: unique("Api"), audience: `urn:${unique("aud")}`, trustZone: "internal", sensitivity: "low", owningTeamId });
    const appFor = (owningTeamId: string | null) => applicationInput.parse({ name: unique("App"), environment: "test", trustZone: "internal", owningTeamId });

    const api = await createApi(handle.db, ctx, apiFor(mine.id));
    expect(api.owningTeamId).toBe(mine.id);
    const app = await createApplication(handle.db, ctx, appFor(mine.id));
    expect(app.owningTeamId).toBe(mine.id);

    for (const team of [theirs.id, null]) {
      expectAppError(await rejectsWithoutWriting(() => createApi(handle.db, ctx, apiFor(team))), "FORBIDDEN");
      expectAppError(await rejectsWithoutWriting(() => createApplication(handle.db, ctx, appFor(team))), "FORBIDDEN");
    }
  });

  it("[AUTHZ] a member edits only their teams' APIs and applications and cannot hand them to another team", async () => {
    const [mine, theirs] = [await fx.team(), await fx.team()];
    const { ctx } = await fx.actor("member", [mine.id]);
    const ownApi = await fx.api({ owningTeamId: mine.id });
    const otherApi = await fx.api({ owningTeamId: theirs.id });
    const ownApp = await fx.application({ owningTeamId: mine.id });
    const otherApp = await fx.application({ owningTeamId: theirs.id });

    expect((await updateApi(handle.db, ctx, ownApi.id, { sensitivity: "high" })).sensitivity).toBe("high");
    expect((await updateApplication(handle.db, ctx, ownApp.id, { trustZone: "dmz" })).trustZone).toBe("dmz");

    expectAppError(await rejectsWithoutWriting(() => updateApi(handle.db, ctx, otherApi.id, { sensitivity: "low" })), "FORBIDDEN");
    expectAppError(await rejectsWithoutWriting(() => updateApplication(handle.db, ctx, otherApp.id, { trustZone: "x" })), "FORBIDDEN");
    expectAppError(await rejectsWithoutWriting(() => updateApi(handle.db, ctx, ownApi.id, { owningTeamId: theirs.id })), "FORBIDDEN");
    expectAppError(await rejectsWithoutWriting(() => updateApplication(handle.db, ctx, ownApp.id, { owningTeamId: null })), "FORBIDDEN");

    // Security and admin edit anything, including moving it between teams.
    const security = contextAs("security");
    expect((await updateApi(handle.db, security, otherApi.id, { owningTeamId: mine.id })).owningTeamId).toBe(mine.id);
    expect((await updateApplication(handle.db, fx.admin, otherApp.id, { owningTeamId: null })).owningTeamId).toBeNull();
  });

  it("[AUTHZ] an auditor creates and edits nothing, whatever teams they are in", async () => {
    const team = await fx.team();
    const { ctx } = await fx.actor("auditor", [team.id]);
    const api = await fx.api({ owningTeamId: team.id });
    expectAppError(
      await rejectsWithoutWriting(() =>
        createApi(handle.db, ctx, apiInput.parse({ name: unique("Api"), audience: `urn:${unique("aud")}`, trustZone: "internal", sensitivity: "low", owningTeamId: team.id })),
      ),
      "FORBIDDEN",
    );
    expectAppError(await rejectsWithoutWriting(() => updateApi(handle.db, ctx, api.id, { name: unique("X") })), "FORBIDDEN");
  });
});
