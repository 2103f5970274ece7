import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { apis, applications, authorizationServers, teams } from "@/db/schema";
import { getApi, getApplication, getServer } from "@/db/queries/registry";
import { canCreateForTeam, canEditTo } from "@/lib/authz/ownership";
import { diffFields } from "@/lib/domain/diff";
import { slugify } from "@/lib/domain/keys";
import { conflict, invalidInput, notFound } from "@/lib/errors";
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
import { collector } from "../commands/collect";
import { createApis, createApplications, createServers, updateApis, updateApplications, updateServers } from "../commands/registry";
import { refreshCollected } from "../commands/refresh";

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
    const [id = ""] = await createServers(tx, collector(audit), [
      { values: { ...input, key }, event: (id) => ({ action: "server.created", targetType: "authorization_server", targetId: id, payload: { ...input, key } }) },
    ]);
    return (await getServer(tx, id)) ?? Promise.reject(notFound("Authorization server"));
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
    await updateServers(tx, collector(audit), [{ id, set: input, event: () => ({ action: "server.updated", targetType: "authorization_server", targetId: id, payload: { changes } }) }]);
    return (await getServer(tx, id)) ?? before;
  });
}

// --- APIs and scopes -----------------------------------------------------------------------

export async function createApi(db: Db, ctx: RequestContext, input: ApiInput) {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    if (!canCreateForTeam(await actorFacts(tx, ctx), input.owningTeamId ?? null)) throw denyRecord("Members can create APIs only for teams they belong to");
    await assertTeamExists(tx, input.owningTeamId, "owningTeamId");
    const key = input.key ?? slugify(input.name);
    await assertKeyFree(tx, apis, key);
    const [dup] = await tx.select({ id: apis.id }).from(apis).where(eq(apis.audience, input.audience));
    if (dup) throw conflict("An API with this audience already exists", "audience");
    const { scopes, ...fields } = input;
    const [id = ""] = await createApis(tx, collector(audit), [
      { values: { ...fields, key }, scopes, event: (id) => ({ action: "api.created", targetType: "api", targetId: id, payload: { ...input, key } }) },
    ]);
    return (await getApi(tx, id)) ?? Promise.reject(notFound("API"));
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
    const collect = collector(audit);
    const changed = await updateApis(tx, collect, [
      { id, set: fields, scopes, event: (_id, changes) => (Object.keys(changes).length ? { action: "api.updated", targetType: "api", targetId: id, payload: { changes } } : null) },
    ]);
    if (changed === 0) return before;
    await refreshCollected(tx, collect);
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
    const [id = ""] = await createApplications(tx, collector(audit), [
      { values: { ...input, key }, event: (id) => ({ action: "application.created", targetType: "application", targetId: id, payload: { ...input, key } }) },
    ]);
    return (await getApplication(tx, id)) ?? Promise.reject(notFound("Application"));
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
    const collect = collector(audit);
    await updateApplications(tx, collect, [{ id, set: input, event: () => ({ action: "application.updated", targetType: "application", targetId: id, payload: { changes } }) }]);
    await refreshCollected(tx, collect);
    return (await getApplication(tx, id)) ?? before;
  });
}

