import "server-only";
import type { Db } from "@/db/client";
import { getApi, getApplication, getPolicy, getServer, listApis, listApplications, listPolicies, listServers } from "@/db/queries/registry";
import { credentialsOfApi, credentialsOfApplication, type DependentCredentials, credentialsOfPolicy, credentialsOfServer, policyUsageCounts, teamOptions, trustZoneSuggestions } from "@/db/queries/registry-ui";
import { canEditRecord, type ActorFacts, type OwnedRecord } from "@/lib/authz/ownership";
import { can, type Permission } from "@/lib/authz/permissions";
import type { Actor, RequestContext } from "../context";
import { readerDb } from "../reads";
import { actorFacts } from "./facts";

/**
 * Reads behind the registry pages (authorization servers, APIs, applications, rotation policies):
 * each checks the viewer's role; a record page also answers whether the viewer may edit that record
 * (members: only their teams' records, DESIGN §2) and loads the form's options only then.
 */
type Viewer = RequestContext & { actor: Actor };
type ListArgs = Parameters<typeof listServers>[1];

export async function readServers(actor: Actor, filters: ListArgs) {
  return listServers(await readerDb(actor, "inventory:read"), filters);
}

/** A server and the active credentials using it; null when unknown. */
export async function readServer(actor: Actor, id: string) {
  const db = await readerDb(actor, "inventory:read");
  const server = await getServer(db, id);
  return server ? { server, used: await credentialsOfServer(db, id) } : null;
}

export async function readApis(actor: Actor, filters: ListArgs) {
  const db = await readerDb(actor, "inventory:read");
  const [page, teams] = await Promise.all([listApis(db, filters), teamOptions(db)]);
  return { page, teams };
}

export async function readApplications(actor: Actor, filters: ListArgs) {
  const db = await readerDb(actor, "inventory:read");
  const [page, teams] = await Promise.all([listApplications(db, filters), teamOptions(db)]);
  return { page, teams };
}

/** What a record form needs: team options, trust-zone suggestions and the viewer's own teams. */
async function formOptions(db: Db, facts: ActorFacts) {
  const [teams, trustZones] = await Promise.all([teamOptions(db), trustZoneSuggestions(db)]);
  return { teams, trustZones, myTeamIds: [...facts.teamIds] };
}

/** The new-API and new-application pages. */
export async function readRecordForm(viewer: Viewer, permission: Extract<Permission, "api:write" | "application:write">) {
  const db = await readerDb(viewer.actor, permission);
  return formOptions(db, await actorFacts(db, viewer));
}

/** A record with its dependent credentials and, when the viewer may edit it, the form's options. */
async function readRecord<R extends OwnedRecord>(db: Db, viewer: Viewer, write: Permission, record: R | undefined, used: () => Promise<DependentCredentials>) {
  if (!record) return null;
  const [dependents, facts] = await Promise.all([used(), actorFacts(db, viewer)]);
  const editable = can(viewer.actor.role, write) && canEditRecord(facts, record);
  return { record, used: dependents, editable, form: editable ? await formOptions(db, facts) : null };
}

export async function readApi(viewer: Viewer, id: string) {
  const db = await readerDb(viewer.actor, "inventory:read");
  return readRecord(db, viewer, "api:write", await getApi(db, id), () => credentialsOfApi(db, id));
}

export async function readApplication(viewer: Viewer, id: string) {
  const db = await readerDb(viewer.actor, "inventory:read");
  return readRecord(db, viewer, "application:write", await getApplication(db, id), () => credentialsOfApplication(db, id));
}

/** Every policy with how many credentials it governs. */
export async function readPolicies(actor: Actor) {
  const db = await readerDb(actor, "inventory:read");
  const [policies, usage] = await Promise.all([listPolicies(db), policyUsageCounts(db)]);
  return { policies, usage };
}

export async function readPolicy(actor: Actor, id: string) {
  const db = await readerDb(actor, "inventory:read");
  const policy = await getPolicy(db, id);
  return policy ? { policy, governed: await credentialsOfPolicy(db, id) } : null;
}
