import "server-only";
import { eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { apiScopes, apis, applications, authorizationServers, credentialGrantScopes, teams } from "@/db/schema";
import { getApi, getApplication, getServer } from "@/db/queries/registry";
import { canCreateForTeam, canEditTo } from "@/lib/authz/ownership";
import { diffFields } from "@/lib/domain/diff";
import { slugify } from "@/lib/domain/keys";
import { AppError, conflict, invalidInput, notFound } from "@/lib/errors";
import type {
  apiInput,
  applicationInput,
  authorizationServerInput,
  updateApiInput,
  updateApplicationInput,
  updateAuthorizationServerInput,
} from "@/lib/validation/inventory";
import { audited } from "../audited";
import { auditContext, type RequestContext } from "../context";
import { actorFacts, denyRecord } from "./facts";
import { refreshLinked } from "../posture/linked";

type ServerInput = z.output<typeof authorizationServerInput>;
type ApiInput = z.output<typeof apiInput>;
type ApplicationInput = z.output<typeof applicationInput>;

async function assertKeyFree(tx: Tx, table: typeof apis | typeof applications | typeof authorizationServers, key: string, exceptId?: string) {
  const [row] = await tx.select({ id: table.id }).from(table).where(eq(table.key, key));
  if (row && row.id !== exceptId) throw conflict(`The key "${key}" is already used`, "key");
}

export async function assertTeamExists(tx: Tx, teamId: string | null | undefined, field: string) {
  if (!teamId) return;
  const [row] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId));
  if (!row) throw invalidInput({ [field]: ["is not a known team"] });
}

// --- Authorization servers ---------------------------------------------------------------

export async function createServer(db: Db, ctx: RequestContext, input: ServerInput) {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const key = input.key ?? slugify(input.name);
    await assertKeyFree(tx, authorizationServers, key);
    const [dup] = await tx.select({ id: authorizationServers.id }).from(authorizationServers).where(eq(authorizationServers.issuerUrl, input.issuerUrl));
    if (dup) throw conflict("An authorization server with this issuer already exists", "issuerUrl");
    const [row] = await tx.insert(authorizationServers).values({ ...input, key }).returning({ id: authorizationServers.id });
    if (!row) throw new Error("insert returned no row");
    await audit({ action: "server.created", targetType: "authorization_server", targetId: row.id, payload: { ...input, key } });
    return (await getServer(tx, row.id)) ?? Promise.reject(notFound("Authorization server"));
  });
}

export async function updateServer(db: Db, ctx: RequestContext, id: string, input: z.output<typeof updateAuthorizationServerInput>) {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const before = await getServer(tx, id);
    if (!before) throw notFound("Authorization server");
    if (input.key && input.key !== before.key) await assertKeyFree(tx, authorizationServers, input.key, id);
    if (input.issuerUrl && input.issuerUrl !== before.issuerUrl) {
      const [dup] = await tx.select({ id: authorizationServers.id }).from(authorizationServers).where(eq(authorizationServers.issuerUrl, input.issuerUrl));
      if (dup) throw conflict("An authorization server with this issuer already exists", "issuerUrl");
    }
    const changes = diffFields(before, input);
    if (Object.keys(changes).length === 0) return before;
    await tx.update(authorizationServers).set({ ...input, updatedAt: new Date() }).where(eq(authorizationServers.id, id));
    await audit({ action: "server.updated", targetType: "authorization_server", targetId: id, payload: { changes } });
    return (await getServer(tx, id)) ?? before;
  });
}

// --- APIs and scopes -----------------------------------------------------------------------

/** Replaces an API's scopes by name: new ones added, changed ones updated, missing ones removed unless granted. */
async function syncScopes(tx: Tx, apiId: string, wanted: ApiInput["scopes"]) {
  const current = await tx.select().from(apiScopes).where(eq(apiScopes.apiId, apiId));
  const byName = new Map(current.map((s) => [s.name, s]));
  const wantedNames = new Set(wanted.map((s) => s.name));
  const removed = current.filter((s) => !wantedNames.has(s.name));
  if (removed.length > 0) {
    const granted = await tx
      .select({ scopeId: credentialGrantScopes.scopeId })
      .from(credentialGrantScopes)
      .where(inArray(credentialGrantScopes.scopeId, removed.map((s) => s.id)))
      .limit(1);
    if (granted.length > 0) {
      const name = removed.find((s) => s.id === granted[0]?.scopeId)?.name ?? "";
      throw new AppError("CONFLICT", `The scope "${name}" is granted to credentials; remove those grants first`, { fields: { scopes: [`"${name}" is still granted`] } });
    }
    await tx.delete(apiScopes).where(inArray(apiScopes.id, removed.map((s) => s.id)));
  }
  const updated: string[] = [];
  for (const scope of wanted) {
    const existing = byName.get(scope.name);
    if (!existing) {
      await tx.insert(apiScopes).values({ apiId, name: scope.name, description: scope.description ?? null, privilege: scope.privilege });
    } else if (existing.privilege !== scope.privilege || (existing.description ?? null) !== (scope.description ?? null)) {
      await tx.update(apiScopes).set({ privilege: scope.privilege, description: scope.description ?? null, updatedAt: new Date() }).where(eq(apiScopes.id, existing.id));
      updated.push(scope.name);
    }
  }
  return { added: wanted.filter((s) => !byName.has(s.name)).map((s) => s.name), removed: removed.map((s) => s.name), updated };
}

export async function createApi(db: Db, ctx: RequestContext, input: ApiInput) {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    if (!canCreateForTeam(await actorFacts(tx, ctx), input.owningTeamId ?? null)) throw denyRecord("Members can create APIs only for teams they belong to");
    await assertTeamExists(tx, input.owningTeamId, "owningTeamId");
    const key = input.key ?? slugify(input.name);
    await assertKeyFree(tx, apis, key);
    const [dup] = await tx.select({ id: apis.id }).from(apis).where(eq(apis.audience, input.audience));
    if (dup) throw conflict("An API with this audience already exists", "audience");
    const { scopes, ...fields } = input;
    const [row] = await tx.insert(apis).values({ ...fields, key }).returning({ id: apis.id });
    if (!row) throw new Error("insert returned no row");
    await syncScopes(tx, row.id, scopes);
    await audit({ action: "api.created", targetType: "api", targetId: row.id, payload: { ...input, key } });
    return (await getApi(tx, row.id)) ?? Promise.reject(notFound("API"));
  });
}

export async function updateApi(db: Db, ctx: RequestContext, id: string, input: z.output<typeof updateApiInput>) {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const before = await getApi(tx, id);
    if (!before) throw notFound("API");
    const after = { owningTeamId: input.owningTeamId === undefined ? before.owningTeamId : input.owningTeamId };
    if (!canEditTo(await actorFacts(tx, ctx), before, after)) throw denyRecord("You can edit only APIs of your teams");
    await assertTeamExists(tx, input.owningTeamId, "owningTeamId");
    if (input.key && input.key !== before.key) await assertKeyFree(tx, apis, input.key, id);
    if (input.audience && input.audience !== before.audience) {
      const [dup] = await tx.select({ id: apis.id }).from(apis).where(eq(apis.audience, input.audience));
      if (dup) throw conflict("An API with this audience already exists", "audience");
    }
    const { scopes, ...fields } = input;
    const changes: Record<string, unknown> = diffFields(before, fields);
    if (Object.keys(changes).length > 0) await tx.update(apis).set({ ...fields, updatedAt: new Date() }).where(eq(apis.id, id));
    if (scopes) {
      const scopeChanges = await syncScopes(tx, id, scopes);
      // A privilege or description change is a change too: it must not be saved without its event.
      if (scopeChanges.added.length || scopeChanges.removed.length || scopeChanges.updated.length) changes.scopes = scopeChanges;
    }
    if (Object.keys(changes).length === 0) return before;
    await audit({ action: "api.updated", targetType: "api", targetId: id, payload: { changes } });
    await refreshLinked(tx, audit, { api: new Map([[id, Object.keys(changes)]]) });
    return (await getApi(tx, id)) ?? before;
  });
}

// --- Applications --------------------------------------------------------------------------

export async function createApplication(db: Db, ctx: RequestContext, input: ApplicationInput) {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    if (!canCreateForTeam(await actorFacts(tx, ctx), input.owningTeamId ?? null)) throw denyRecord("Members can create applications only for teams they belong to");
    await assertTeamExists(tx, input.owningTeamId, "owningTeamId");
    const key = input.key ?? slugify(input.name);
    await assertKeyFree(tx, applications, key);
    const [row] = await tx.insert(applications).values({ ...input, key }).returning({ id: applications.id });
    if (!row) throw new Error("insert returned no row");
    await audit({ action: "application.created", targetType: "application", targetId: row.id, payload: { ...input, key } });
    return (await getApplication(tx, row.id)) ?? Promise.reject(notFound("Application"));
  });
}

export async function updateApplication(db: Db, ctx: RequestContext, id: string, input: z.output<typeof updateApplicationInput>) {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const before = await getApplication(tx, id);
    if (!before) throw notFound("Application");
    const after = { owningTeamId: input.owningTeamId === undefined ? before.owningTeamId : input.owningTeamId };
    if (!canEditTo(await actorFacts(tx, ctx), before, after)) throw denyRecord("You can edit only applications of your teams");
    await assertTeamExists(tx, input.owningTeamId, "owningTeamId");
    if (input.key && input.key !== before.key) await assertKeyFree(tx, applications, input.key, id);
    const changes = diffFields(before, input);
    if (Object.keys(changes).length === 0) return before;
    await tx.update(applications).set({ ...input, updatedAt: new Date() }).where(eq(applications.id, id));
    await audit({ action: "application.updated", targetType: "application", targetId: id, payload: { changes } });
    await refreshLinked(tx, audit, { application: new Map([[id, Object.keys(changes)]]) });
    return (await getApplication(tx, id)) ?? before;
  });
}

