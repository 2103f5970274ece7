import "server-only";
import { grantRequestNotes } from "@/lib/inventory-file/grant-requests";
import { eq, inArray } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { apiScopes, apis, authorizationServers, credentialGrants, credentialGrantScopes, credentials, rotationPolicies, teams } from "@/db/schema";
import { credentialPersonFields, credentialTeamFields, recordTypes, type RecordType } from "@/lib/inventory-file/model";
import { type ApiRecord } from "@/lib/inventory-file/records";
import { emptyWorld, planImport, summaryOf, type Plan, type World } from "@/lib/inventory-file/plan";
import { applyWriteRules } from "@/lib/inventory-file/write-rules";
import { listPolicies, toDomainPolicy } from "@/db/queries/registry";
import type { Role } from "@/lib/authz/permissions";
import { readInventoryFile, type InventoryFormat, type Issue, type ReadResult } from "@/lib/inventory-file/read";
import { totalsOf, type DryRunRecord, type DryRunResult } from "@/lib/inventory-file/results";
import { fingerprintKeyId, loadApis, loadApplications, loadCredentials, loadPeople, loadServers, loadTeams } from "../export";

/** Import, step one (DESIGN §8.2): read and plan a file against what is stored — the dry run; writes nothing. */
export type PreparedImport = {
  format: InventoryFormat;
  read: ReadResult;
  plan: Plan;
  /** Fields of the file Steward does not take from it (they differ from what is stored), with lines. */
  ignored: Issue[];
  /** New grants to APIs other teams own: imported as requests those teams approve (DESIGN §4.5). */
  grantRequests: Issue[];
};

export const CHUNK = 1000;

export async function chunked<T>(values: Iterable<string>, load: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const all = [...new Set(values)];
  const out: T[] = [];
  for (let i = 0; i < all.length; i += CHUNK) out.push(...(await load(all.slice(i, i + CHUNK))));
  return out;
}

export function emptyPlan(): Plan {
  return { records: [], summary: summaryOf([]) };
}

/** Everything the plan needs from the database: the records the file names or refers to. */
export async function loadWorld(q: Queryable, read: ReadResult): Promise<World> {
  const keys = Object.fromEntries(recordTypes.map((t) => [t, new Set<string>()])) as Record<RecordType, Set<string>>;
  const teamNames = new Set<string>();
  const issuers = new Set<string>();
  const audiences = new Set<string>();
  const clientIds = new Set<string>();
  const replacedScopes: ApiRecord[] = [];
  for (const e of read.entries) {
    if (e.key) keys[e.type].add(e.key);
    const f = e.file;
    if (!f) continue;
    switch (f.type) {
      case "team":
        for (const m of f.record.members ?? []) keys.person.add(m);
        if (f.record.name) teamNames.add(f.record.name);
        break;
      case "authorizationServer":
        if (f.record.issuerUrl) issuers.add(f.record.issuerUrl);
        break;
      case "api":
        if (f.record.owningTeam) keys.team.add(f.record.owningTeam);
        if (f.record.audience) audiences.add(f.record.audience);
        if (f.record.scopes) replacedScopes.push(f.record);
        break;
      case "application":
        if (f.record.owningTeam) keys.team.add(f.record.owningTeam);
        break;
      case "credential": {
        const r = f.record;
        for (const field of credentialPersonFields) if (r[field]) keys.person.add(r[field]);
        for (const field of credentialTeamFields) if (r[field]) keys.team.add(r[field]);
        if (r.authorizationServer) keys.authorizationServer.add(r.authorizationServer);
        for (const a of r.applications ?? []) keys.application.add(a);
        for (const g of r.grants ?? []) keys.api.add(g.api);
        if (r.clientId) clientIds.add(r.clientId);
        break;
      }
      default:
        break;
    }
  }
  const world = emptyWorld();
  for (const p of await loadPeople(q, { keys: [...keys.person] })) world.people.set(p.full.email, p.full);
  for (const t of await loadTeams(q, { keys: [...keys.team] })) world.teams.set(t.full.key, t.full);
  for (const s of await loadServers(q, { keys: [...keys.authorizationServer] })) world.servers.set(s.full.key, s.full);
  for (const a of await loadApis(q, { keys: [...keys.api] })) world.apis.set(a.full.key, a.full);
  for (const a of await loadApplications(q, { keys: [...keys.application] })) world.applications.set(a.full.key, a.full);
  for (const c of await loadCredentials(q, { keys: [...keys.credential] })) {
    world.credentials.set(c.full.key, c.full);
    if (c.full.clientId) clientIds.add(c.full.clientId);
  }
  for (const p of await q.select({ key: rotationPolicies.key }).from(rotationPolicies)) world.policies.add(p.key);
  for (const t of await chunked(teamNames, (c) => q.select({ key: teams.key, name: teams.name }).from(teams).where(inArray(teams.name, c)))) world.teamKeyByName.set(t.name, t.key);
  for (const s of await chunked(issuers, (c) => q.select({ key: authorizationServers.key, issuer: authorizationServers.issuerUrl }).from(authorizationServers).where(inArray(authorizationServers.issuerUrl, c)))) {
    world.serverKeyByIssuer.set(s.issuer, s.key);
  }
  for (const a of await chunked(audiences, (c) => q.select({ key: apis.key, audience: apis.audience }).from(apis).where(inArray(apis.audience, c)))) world.apiKeyByAudience.set(a.audience, a.key);
  const holders = await chunked(clientIds, (c) =>
    q
      .select({ key: credentials.key, clientId: credentials.clientId, server: authorizationServers.key })
      .from(credentials)
      .innerJoin(authorizationServers, eq(authorizationServers.id, credentials.authorizationServerId))
      .where(inArray(credentials.clientId, c)),
  );
  for (const h of holders) if (h.clientId) world.credentialKeyByClient.set(`${h.server}\n${h.clientId}`, h.key);
  // Scopes a file API leaves out, and who holds them.
  const removed = new Map<string, Set<string>>();
  for (const api of replacedScopes) {
    const stored = world.apis.get(api.key);
    const kept = new Set((api.scopes ?? []).map((s) => s.name));
    const gone = (stored?.scopes ?? []).filter((s) => !kept.has(s.name)).map((s) => s.name);
    if (gone.length > 0) removed.set(api.key, new Set(gone));
  }
  if (removed.size > 0) {
    const rows = await chunked(removed.keys(), (c) =>
      q
        .select({ api: apis.key, scope: apiScopes.name, credential: credentials.key })
        .from(credentialGrantScopes)
        .innerJoin(apiScopes, eq(apiScopes.id, credentialGrantScopes.scopeId))
        .innerJoin(apis, eq(apis.id, apiScopes.apiId))
        .innerJoin(credentialGrants, eq(credentialGrants.id, credentialGrantScopes.grantId))
        .innerJoin(credentials, eq(credentials.id, credentialGrants.credentialId))
        .where(inArray(apis.key, c)),
    );
    for (const r of rows) {
      if (!removed.get(r.api)?.has(r.scope)) continue;
      let byScope = world.scopeGrants.get(r.api);
      if (!byScope) world.scopeGrants.set(r.api, (byScope = new Map<string, string[]>()));
      byScope.set(r.scope, [...(byScope.get(r.scope) ?? []), r.credential]);
    }
  }
  return world;
}

/**
 * Reads and plans a file: the dry run. Writes nothing. The plan then passes the write rules every
 * writer obeys (lib/inventory-file/write-rules), for the importer's role: an importer who may not
 * weaken governance gets such records as invalid. Without a role, the stricter governor's (admin).
 */
export async function prepareImport(q: Queryable, text: string, format: InventoryFormat, options: { pepper?: string; role?: Role } = {}): Promise<PreparedImport> {
  const read = readInventoryFile(text, format, { fingerprintKeyId: fingerprintKeyId(options.pepper) });
  if (read.fileErrors.length > 0) return { format, read, plan: emptyPlan(), ignored: [], grantRequests: [] };
  const world = await loadWorld(q, read);
  // Before planning: the plan adds the file's records to the world it checks references against.
  const grantRequests = grantRequestNotes(read.entries, world);
  const policies = (await listPolicies(q)).map((row) => ({ ...toDomainPolicy(row), key: row.key }));
  const { plan, ignored } = applyWriteRules(planImport(read.entries, world), read.entries, world, policies, options.role ?? "admin");
  return { format, read, plan, ignored, grantRequests };
}

/**
 * The dry-run answer: invalid records first (up to `invalidCap`), then created and updated ones
 * (up to `changeCap`); unchanged ones and anything past a cap are only counted.
 */
export function dryRunResult(prepared: PreparedImport, changeCap = 2000, invalidCap = 5000): DryRunResult {
  const invalid: DryRunRecord[] = [];
  const changes: DryRunRecord[] = [];
  let truncated = false;
  for (const r of prepared.plan.records) {
    if (r.action === "unchanged") continue;
    const item: DryRunRecord = { type: r.type, key: r.key, line: r.line, action: r.action, fields: r.fields, issues: r.issues };
    const list = r.action === "invalid" ? invalid : changes;
    if (list.length < (r.action === "invalid" ? invalidCap : changeCap)) list.push(item);
    else truncated = true;
  }
  return {
    format: prepared.format,
    fileErrors: prepared.read.fileErrors,
    summary: prepared.plan.summary,
    totals: totalsOf(prepared.plan.summary),
    records: [...invalid, ...changes],
    ignored: prepared.ignored.slice(0, invalidCap),
    grantRequests: prepared.grantRequests.slice(0, invalidCap),
    truncated: truncated || prepared.ignored.length > invalidCap,
  };
}
