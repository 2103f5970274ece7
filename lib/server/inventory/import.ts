import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db, Queryable, Tx } from "@/db/client";
import {
  apiScopes,
  apis,
  applications,
  authorizationServers,
  credentialApplications,
  credentialGrants,
  credentialGrantScopes,
  credentials,
  people,
  rotationPolicies,
  secrets,
  teamMembers,
  teams,
} from "@/db/schema";
import { appendAuditEvents, type AuditEntry } from "@/db/queries/audit";
import { AppError } from "@/lib/errors";
import { changedFields, diffSecrets } from "@/lib/inventory-file/diff";
import {
  auditTargetType,
  credentialPersonFields,
  credentialTeamFields,
  recordTypes,
  type ApiRecord,
  type ApplicationRecord,
  type CredentialRecord,
  type FileRecord,
  type GrantRecord,
  type PersonRecord,
  type RecordType,
  type SecretRecord,
  type ServerRecord,
  type TeamRecord,
} from "@/lib/inventory-file/model";
import { emptyWorld, planImport, type Plan, type PlannedRecord, type World } from "@/lib/inventory-file/plan";
import { readInventoryFile, type InventoryFormat, type ReadResult } from "@/lib/inventory-file/read";
import { totalsOf, type ApplyResult, type DryRunRecord, type DryRunResult, type ImportEvent } from "@/lib/inventory-file/results";
import { auditContext, type RequestContext } from "../context";
import type { LinkedRecord } from "@/lib/domain/posture/inputs";
import { collectingAudit } from "../audited";
import { syncOrphanedFindings } from "../lifecycle/departures";
import { openImportedLeaks } from "../lifecycle/incidents";
import { refreshLinked } from "../posture/linked";
import { refreshCredentials } from "../posture/refresh";
import { fingerprintKeyId, loadApis, loadApplications, loadCredentials, loadPeople, loadServers, loadTeams, type LoadedCredential } from "./export";

/**
 * Import of the inventory file (DESIGN §8.2): read → plan (the dry run: nothing is written) →
 * apply in batches. Each batch is one transaction holding its writes, one `inventory.imported`
 * audit event per changed record, and the due-date recompute of every credential it touched.
 * Unchanged records are not written and leave no event, so importing a file twice changes
 * nothing the second time. Only admin and security may import, so record-level ownership rules
 * (DESIGN §2) never narrow what an import may change.
 */

export type PreparedImport = { format: InventoryFormat; read: ReadResult; plan: Plan };

const CHUNK = 1000;

async function chunked<T>(values: Iterable<string>, load: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const all = [...new Set(values)];
  const out: T[] = [];
  for (let i = 0; i < all.length; i += CHUNK) out.push(...(await load(all.slice(i, i + CHUNK))));
  return out;
}

function emptyPlan(): Plan {
  return { records: [], summary: Object.fromEntries(recordTypes.map((t) => [t, { create: 0, update: 0, unchanged: 0, invalid: 0 }])) as Plan["summary"] };
}

/** Everything the plan needs from the database: the records the file names or refers to. */
async function loadWorld(q: Queryable, read: ReadResult): Promise<World> {
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

/** Reads and plans a file: the dry run. Writes nothing. */
export async function prepareImport(q: Queryable, text: string, format: InventoryFormat, options: { pepper?: string } = {}): Promise<PreparedImport> {
  const read = readInventoryFile(text, format, { fingerprintKeyId: fingerprintKeyId(options.pepper) });
  if (read.fileErrors.length > 0) return { format, read, plan: emptyPlan() };
  const world = await loadWorld(q, read);
  return { format, read, plan: planImport(read.entries, world) };
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
    truncated,
  };
}

// --- Apply -------------------------------------------------------------------------------

type Batch = (PlannedRecord & { file: FileRecord })[];
type Applied = { created: number; updated: number };
type BatchContext = {
  tx: Tx;
  events: AuditEntry[];
  /** Credentials whose own inputs changed. */
  recompute: Set<string>;
  /** Changed applications, APIs and people, for the shared refresh of the credentials linked to them. */
  linked: { [R in LinkedRecord]: Map<string, string[]> };
  format: InventoryFormat;
};

/** One `inventory.imported` event per changed record: what changed, never values. */
function record(ctx: BatchContext, planned: PlannedRecord, id: string, change: "created" | "updated", fields: string[]) {
  ctx.events.push({
    action: "inventory.imported",
    targetType: auditTargetType[planned.type],
    targetId: id,
    payload: { recordType: planned.type, key: planned.key, change, ...(change === "updated" ? { fields } : {}), source: { format: ctx.format, line: planned.line } },
  });
}

async function idsOf(tx: Tx, table: typeof teams | typeof authorizationServers | typeof apis | typeof applications | typeof rotationPolicies, keys: Iterable<string>) {
  const rows = await chunked(keys, (c) => tx.select({ id: table.id, key: table.key }).from(table).where(inArray(table.key, c)));
  return new Map(rows.map((r) => [r.key, r.id]));
}

async function personIdsOf(tx: Tx, emails: Iterable<string>) {
  const rows = await chunked(emails, (c) => tx.select({ id: people.id, email: people.email }).from(people).where(inArray(people.email, c)));
  return new Map(rows.map((r) => [r.email, r.id]));
}

/** A reference that the plan checked: it must resolve now (a concurrent delete is an error, not a silent null). */
function resolve(map: Map<string, string>, key: string | null | undefined, what: string): string | null | undefined {
  if (key === undefined || key === null) return key;
  const id = map.get(key);
  if (!id) throw new AppError("CONFLICT", `The ${what} "${key}" no longer exists; run the dry run again`);
  return id;
}

const date = (v: string | null | undefined) => (v === undefined ? undefined : v === null ? null : new Date(v));

/** Only the listed fields of a record (all present ones when `fields` is null). */
function pick<T extends Record<string, unknown>>(r: T, fields: Set<string> | null, skip: readonly string[]): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) {
    if (v === undefined || skip.includes(k) || (fields && !fields.has(k))) continue;
    out[k] = v;
  }
  return out as Partial<T>;
}

/** Splits a batch into records to create (not stored now) and to update (with their stored version). */
function split<T extends { id: string }>(batch: Batch, current: Map<string, T>) {
  const creates: Batch = [];
  const updates: (Batch[number] & { current: T })[] = [];
  for (const planned of batch) {
    const cur = current.get(planned.key ?? "");
    if (cur) updates.push({ ...planned, current: cur });
    else creates.push(planned);
  }
  return { creates, updates };
}

/** Inserts rows in one statement per `size` rows, returning what `returning` selects, in order. */
async function insertMany<R>(rows: readonly unknown[], insert: (chunk: unknown[]) => Promise<R[]>, size = 200): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += size) out.push(...(await insert(rows.slice(i, i + size))));
  return out;
}

/** Ids of inserted rows by natural key (RETURNING order is not relied upon). */
function byKey(rows: readonly { id: string; key: string }[]): (key: string | null) => string {
  const map = new Map(rows.map((r) => [r.key, r.id]));
  return (key) => {
    const id = map.get(key ?? "");
    if (!id) throw new Error(`no inserted row for "${key ?? ""}"`);
    return id;
  };
}

const need = <T>(value: T | null | undefined, message: string): T => {
  if (value === undefined || value === null) throw new AppError("INVALID_INPUT", message);
  return value;
};

async function applyPeople(ctx: BatchContext, batch: Batch): Promise<Applied> {
  const current = new Map((await loadPeople(ctx.tx, { keys: batch.map((b) => b.key ?? "") })).map((p) => [p.full.email, p]));
  const { creates, updates } = split(batch, current);
  const records = creates.map((p) => p.file.record as PersonRecord);
  const rows = await insertMany(records.map((r) => ({ email: r.email, name: need(r.name, `Person "${r.email}" needs a name`), isActive: r.active ?? true })), (chunk) =>
    ctx.tx.insert(people).values(chunk as (typeof people.$inferInsert)[]).returning({ id: people.id, key: people.email }),
  );
  const idOf = byKey(rows);
  creates.forEach((p) => record(ctx, p, idOf(p.key), "created", []));
  let updated = 0;
  for (const planned of updates) {
    const r = planned.file.record as PersonRecord;
    const fields = changedFields(planned.file, planned.current.full);
    if (fields.length === 0) continue;
    await ctx.tx
      .update(people)
      .set({ ...pick({ name: r.name, isActive: r.active }, null, []), updatedAt: new Date() })
      .where(eq(people.id, planned.current.id));
    ctx.linked.person.set(planned.current.id, fields.map((f) => (f === "active" ? "isActive" : f)));
    record(ctx, planned, planned.current.id, "updated", fields);
    updated++;
  }
  return { created: creates.length, updated };
}

/** Sets each team's members to exactly `emails` (one query to read, one to delete, one to insert). */
async function syncMembers(tx: Tx, wanted: readonly { teamId: string; emails: readonly string[] }[]) {
  if (wanted.length === 0) return;
  const ids = await personIdsOf(tx, wanted.flatMap((w) => w.emails));
  const teamIds = wanted.map((w) => w.teamId);
  const current = await tx.select({ teamId: teamMembers.teamId, personId: teamMembers.personId }).from(teamMembers).where(inArray(teamMembers.teamId, teamIds));
  const has = new Set(current.map((m) => `${m.teamId}\n${m.personId}`));
  const want = new Set<string>();
  const added: { teamId: string; personId: string }[] = [];
  for (const w of wanted) {
    for (const email of w.emails) {
      const personId = resolve(ids, email, "person") ?? "";
      want.add(`${w.teamId}\n${personId}`);
      if (!has.has(`${w.teamId}\n${personId}`)) added.push({ teamId: w.teamId, personId });
    }
  }
  for (const m of current) {
    if (!want.has(`${m.teamId}\n${m.personId}`)) await tx.delete(teamMembers).where(and(eq(teamMembers.teamId, m.teamId), eq(teamMembers.personId, m.personId)));
  }
  await insertMany(added, (chunk) => tx.insert(teamMembers).values(chunk as (typeof teamMembers.$inferInsert)[]).returning({ teamId: teamMembers.teamId }), 1000);
}

async function applyTeams(ctx: BatchContext, batch: Batch): Promise<Applied> {
  const current = new Map((await loadTeams(ctx.tx, { keys: batch.map((b) => b.key ?? "") })).map((t) => [t.full.key, t]));
  const { creates, updates } = split(batch, current);
  const records = creates.map((p) => p.file.record as TeamRecord);
  const rows = await insertMany(
    records.map((r) => ({ key: r.key, name: need(r.name, `Team "${r.key}" needs a name`), kind: need(r.kind, `Team "${r.key}" needs a kind`) })),
    (chunk) => ctx.tx.insert(teams).values(chunk as (typeof teams.$inferInsert)[]).returning({ id: teams.id, key: teams.key }),
  );
  const idOf = byKey(rows);
  const members: { teamId: string; emails: readonly string[] }[] = [];
  creates.forEach((p, i) => {
    const id = idOf(p.key);
    const r = records[i];
    if (r?.members?.length) members.push({ teamId: id, emails: r.members });
    record(ctx, p, id, "created", []);
  });
  let updated = 0;
  for (const planned of updates) {
    const r = planned.file.record as TeamRecord;
    const fields = changedFields(planned.file, planned.current.full);
    if (fields.length === 0) continue;
    const set = pick({ name: r.name, kind: r.kind }, new Set(fields), []);
    if (Object.keys(set).length) await ctx.tx.update(teams).set({ ...set, updatedAt: new Date() }).where(eq(teams.id, planned.current.id));
    if (fields.includes("members") && r.members) members.push({ teamId: planned.current.id, emails: r.members });
    record(ctx, planned, planned.current.id, "updated", fields);
    updated++;
  }
  await syncMembers(ctx.tx, members);
  return { created: creates.length, updated };
}

async function applyServers(ctx: BatchContext, batch: Batch): Promise<Applied> {
  const current = new Map((await loadServers(ctx.tx, { keys: batch.map((b) => b.key ?? "") })).map((s) => [s.full.key, s]));
  const { creates, updates } = split(batch, current);
  const records = creates.map((p) => p.file.record as ServerRecord);
  const rows = await insertMany(
    records.map((r) => ({
      ...pick(r, null, []),
      key: r.key,
      name: need(r.name, `Authorization server "${r.key}" needs a name`),
      issuerUrl: need(r.issuerUrl, `Authorization server "${r.key}" needs an issuer URL`),
    })),
    (chunk) => ctx.tx.insert(authorizationServers).values(chunk as (typeof authorizationServers.$inferInsert)[]).returning({ id: authorizationServers.id, key: authorizationServers.key }),
  );
  const idOf = byKey(rows);
  creates.forEach((p) => record(ctx, p, idOf(p.key), "created", []));
  let updated = 0;
  for (const planned of updates) {
    const r = planned.file.record as ServerRecord;
    const fields = changedFields(planned.file, planned.current.full);
    if (fields.length === 0) continue;
    await ctx.tx
      .update(authorizationServers)
      .set({ ...pick(r, new Set(fields), ["key"]), updatedAt: new Date() })
      .where(eq(authorizationServers.id, planned.current.id));
    record(ctx, planned, planned.current.id, "updated", fields);
    updated++;
  }
  return { created: creates.length, updated };
}

/** Sets an API's scopes to the file's list, by name. */
async function syncScopes(tx: Tx, apiId: string, wanted: NonNullable<ApiRecord["scopes"]>) {
  const current = await tx.select().from(apiScopes).where(eq(apiScopes.apiId, apiId));
  const byName = new Map(current.map((s) => [s.name, s]));
  const names = new Set(wanted.map((s) => s.name));
  const removed = current.filter((s) => !names.has(s.name)).map((s) => s.id);
  // The plan refused dropping a scope still held outside this file; holders in the file lose it with their new grants.
  if (removed.length) {
    await tx.delete(credentialGrantScopes).where(inArray(credentialGrantScopes.scopeId, removed));
    await tx.delete(apiScopes).where(inArray(apiScopes.id, removed));
  }
  const added = wanted.filter((s) => !byName.has(s.name));
  if (added.length) await tx.insert(apiScopes).values(added.map((s) => ({ apiId, name: s.name, description: s.description, privilege: s.privilege })));
  for (const s of wanted) {
    const c = byName.get(s.name);
    if (c && (c.description !== s.description || c.privilege !== s.privilege)) {
      await tx.update(apiScopes).set({ description: s.description, privilege: s.privilege, updatedAt: new Date() }).where(eq(apiScopes.id, c.id));
    }
  }
}

async function applyApis(ctx: BatchContext, batch: Batch): Promise<Applied> {
  const current = new Map((await loadApis(ctx.tx, { keys: batch.map((b) => b.key ?? "") })).map((a) => [a.full.key, a]));
  const teamIds = await idsOf(ctx.tx, teams, batch.flatMap((b) => (b.file.type === "api" && b.file.record.owningTeam ? [b.file.record.owningTeam] : [])));
  const { creates, updates } = split(batch, current);
  const records = creates.map((p) => p.file.record as ApiRecord);
  const rows = await insertMany(
    records.map((r) => ({
      key: r.key,
      name: need(r.name, `API "${r.key}" needs a name`),
      audience: need(r.audience, `API "${r.key}" needs an audience`),
      trustZone: need(r.trustZone, `API "${r.key}" needs a trust zone`),
      sensitivity: need(r.sensitivity, `API "${r.key}" needs a sensitivity`),
      owningTeamId: resolve(teamIds, r.owningTeam, "team") ?? null,
    })),
    (chunk) => ctx.tx.insert(apis).values(chunk as (typeof apis.$inferInsert)[]).returning({ id: apis.id, key: apis.key }),
  );
  const idOf = byKey(rows);
  const scopeRows = records.flatMap((r) => (r.scopes ?? []).map((s) => ({ apiId: idOf(r.key), name: s.name, description: s.description, privilege: s.privilege })));
  await insertMany(scopeRows, (chunk) => ctx.tx.insert(apiScopes).values(chunk as (typeof apiScopes.$inferInsert)[]).returning({ id: apiScopes.id }), 1000);
  creates.forEach((p) => record(ctx, p, idOf(p.key), "created", []));
  let updated = 0;
  for (const planned of updates) {
    const r = planned.file.record as ApiRecord;
    const id = planned.current.id;
    const fields = changedFields(planned.file, planned.current.full);
    if (fields.length === 0) continue;
    const only = new Set(fields);
    const set = {
      ...pick({ name: r.name, audience: r.audience, trustZone: r.trustZone, sensitivity: r.sensitivity }, only, []),
      ...(only.has("owningTeam") ? { owningTeamId: resolve(teamIds, r.owningTeam, "team") ?? null } : {}),
    };
    if (Object.keys(set).length) await ctx.tx.update(apis).set({ ...set, updatedAt: new Date() }).where(eq(apis.id, id));
    if (only.has("scopes") && r.scopes) await syncScopes(ctx.tx, id, r.scopes);
    ctx.linked.api.set(id, fields);
    record(ctx, planned, id, "updated", fields);
    updated++;
  }
  return { created: creates.length, updated };
}

async function applyApplications(ctx: BatchContext, batch: Batch): Promise<Applied> {
  const current = new Map((await loadApplications(ctx.tx, { keys: batch.map((b) => b.key ?? "") })).map((a) => [a.full.key, a]));
  const teamIds = await idsOf(ctx.tx, teams, batch.flatMap((b) => (b.file.type === "application" && b.file.record.owningTeam ? [b.file.record.owningTeam] : [])));
  const { creates, updates } = split(batch, current);
  const records = creates.map((p) => p.file.record as ApplicationRecord);
  const rows = await insertMany(
    records.map(({ owningTeam, ...r }) => ({
      ...pick(r, null, []),
      key: r.key,
      name: need(r.name, `Application "${r.key}" needs a name`),
      environment: need(r.environment, `Application "${r.key}" needs an environment`),
      trustZone: need(r.trustZone, `Application "${r.key}" needs a trust zone`),
      owningTeamId: resolve(teamIds, owningTeam, "team") ?? null,
    })),
    (chunk) => ctx.tx.insert(applications).values(chunk as (typeof applications.$inferInsert)[]).returning({ id: applications.id, key: applications.key }),
  );
  const idOf = byKey(rows);
  creates.forEach((p) => record(ctx, p, idOf(p.key), "created", []));
  let updated = 0;
  for (const planned of updates) {
    const { owningTeam, ...r } = planned.file.record as ApplicationRecord;
    const id = planned.current.id;
    const fields = changedFields(planned.file, planned.current.full);
    if (fields.length === 0) continue;
    const only = new Set(fields);
    const set = { ...pick(r, only, ["key"]), ...(only.has("owningTeam") ? { owningTeamId: resolve(teamIds, owningTeam, "team") ?? null } : {}) };
    await ctx.tx.update(applications).set({ ...set, updatedAt: new Date() }).where(eq(applications.id, id));
    ctx.linked.application.set(id, fields);
    record(ctx, planned, id, "updated", fields);
    updated++;
  }
  return { created: creates.length, updated };
}

type CredentialRefs = {
  people: Map<string, string>;
  teams: Map<string, string>;
  servers: Map<string, string>;
  policies: Map<string, string>;
  applications: Map<string, string>;
  apis: Map<string, string>;
  /** `${apiId}\n${scopeName}` → scope id */
  scopes: Map<string, string>;
};

async function credentialRefs(tx: Tx, records: readonly CredentialRecord[]): Promise<CredentialRefs> {
  const emails = new Set<string>();
  const teamKeys = new Set<string>();
  const serverKeys = new Set<string>();
  const policyKeys = new Set<string>();
  const appKeys = new Set<string>();
  const apiKeys = new Set<string>();
  for (const r of records) {
    for (const f of credentialPersonFields) if (r[f]) emails.add(r[f]);
    for (const f of credentialTeamFields) if (r[f]) teamKeys.add(r[f]);
    if (r.authorizationServer) serverKeys.add(r.authorizationServer);
    if (r.rotationPolicy) policyKeys.add(r.rotationPolicy);
    for (const a of r.applications ?? []) appKeys.add(a);
    for (const g of r.grants ?? []) apiKeys.add(g.api);
  }
  const apiIds = await idsOf(tx, apis, apiKeys);
  const scopeRows = await chunked(apiIds.values(), (c) => tx.select({ id: apiScopes.id, apiId: apiScopes.apiId, name: apiScopes.name }).from(apiScopes).where(inArray(apiScopes.apiId, c)));
  return {
    people: await personIdsOf(tx, emails),
    teams: await idsOf(tx, teams, teamKeys),
    servers: await idsOf(tx, authorizationServers, serverKeys),
    policies: await idsOf(tx, rotationPolicies, policyKeys),
    applications: await idsOf(tx, applications, appKeys),
    apis: apiIds,
    scopes: new Map(scopeRows.map((s) => [`${s.apiId}\n${s.name}`, s.id])),
  };
}

const refColumn = {
  owner: "ownerId",
  backupOwner: "backupOwnerId",
  rotationOwner: "rotationOwnerId",
  revocationOwner: "revocationOwnerId",
  sdkOwner: "sdkOwnerId",
  owningTeam: "owningTeamId",
  identityGovernanceTeam: "identityGovernanceTeamId",
  platformTeam: "platformTeamId",
  authorizationServer: "authorizationServerId",
  rotationPolicy: "rotationPolicyId",
} as const;

const notColumns = ["key", "applications", "grants", "secrets"] as const;

/** The credential columns for a record (every present field when creating, the changed ones when updating). */
function credentialColumns(r: CredentialRecord, only: Set<string> | null, refs: CredentialRefs): Partial<typeof credentials.$inferInsert> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(pick(r, only, notColumns))) {
    if (field in refColumn) {
      const f = field as keyof typeof refColumn;
      const map =
        f === "authorizationServer" ? refs.servers : f === "rotationPolicy" ? refs.policies : (credentialTeamFields as readonly string[]).includes(f) ? refs.teams : refs.people;
      out[refColumn[f]] = resolve(map, value as string | null, f) ?? null;
    } else if (field === "lastReviewedAt") out[field] = date(value as string | null);
    else out[field] = value;
  }
  return out;
}

function scopeIdsOf(refs: CredentialRefs, apiId: string, grant: GrantRecord): string[] {
  return grant.scopes.map((name) => {
    const id = refs.scopes.get(`${apiId}\n${name}`);
    if (!id) throw new AppError("CONFLICT", `The scope "${name}" of API "${grant.api}" no longer exists; run the dry run again`);
    return id;
  });
}

async function insertGrants(tx: Tx, rows: readonly { credentialId: string; grant: GrantRecord }[], refs: CredentialRefs) {
  const values = rows.map((r) => ({ credentialId: r.credentialId, apiId: resolve(refs.apis, r.grant.api, "API") ?? "", justification: r.grant.justification ?? null }));
  const inserted = await insertMany(
    values,
    (chunk) => tx.insert(credentialGrants).values(chunk as (typeof credentialGrants.$inferInsert)[]).returning({ id: credentialGrants.id, credentialId: credentialGrants.credentialId, apiId: credentialGrants.apiId }),
    500,
  );
  const grantIdOf = byKey(inserted.map((g) => ({ id: g.id, key: `${g.credentialId}\n${g.apiId}` })));
  const scopeRows = values.flatMap((v, i) => {
    const grant = rows[i]?.grant;
    return grant ? scopeIdsOf(refs, v.apiId, grant).map((scopeId) => ({ grantId: grantIdOf(`${v.credentialId}\n${v.apiId}`), scopeId })) : [];
  });
  await insertMany(scopeRows, (chunk) => tx.insert(credentialGrantScopes).values(chunk as (typeof credentialGrantScopes.$inferInsert)[]).returning({ grantId: credentialGrantScopes.grantId }), 1000);
}

async function syncApplications(tx: Tx, credentialId: string, keys: readonly string[], refs: CredentialRefs) {
  const wanted = keys.map((k) => resolve(refs.applications, k, "application") ?? "");
  const current = (await tx.select({ id: credentialApplications.applicationId }).from(credentialApplications).where(eq(credentialApplications.credentialId, credentialId))).map((r) => r.id);
  const removed = current.filter((id) => !wanted.includes(id));
  const added = wanted.filter((id) => !current.includes(id));
  if (removed.length) await tx.delete(credentialApplications).where(and(eq(credentialApplications.credentialId, credentialId), inArray(credentialApplications.applicationId, removed)));
  if (added.length) await tx.insert(credentialApplications).values(added.map((applicationId) => ({ credentialId, applicationId })));
}

/** Grants by API: kept grants keep their scopes' last-used times; a justification left out is kept. */
async function syncGrants(tx: Tx, credentialId: string, wanted: readonly GrantRecord[], refs: CredentialRefs) {
  const existing = await tx.select().from(credentialGrants).where(eq(credentialGrants.credentialId, credentialId));
  const existingScopes = existing.length
    ? await tx.select({ grantId: credentialGrantScopes.grantId, scopeId: credentialGrantScopes.scopeId }).from(credentialGrantScopes).where(inArray(credentialGrantScopes.grantId, existing.map((g) => g.id)))
    : [];
  const wantedApis = new Set<string>();
  const fresh: { credentialId: string; grant: GrantRecord }[] = [];
  for (const g of wanted) {
    const apiId = resolve(refs.apis, g.api, "API") ?? "";
    wantedApis.add(apiId);
    const grant = existing.find((x) => x.apiId === apiId);
    if (!grant) {
      fresh.push({ credentialId, grant: g });
      continue;
    }
    if (g.justification !== undefined && g.justification !== grant.justification) {
      await tx.update(credentialGrants).set({ justification: g.justification, updatedAt: new Date() }).where(eq(credentialGrants.id, grant.id));
    }
    const scopeIds = scopeIdsOf(refs, apiId, g);
    const have = existingScopes.filter((s) => s.grantId === grant.id).map((s) => s.scopeId);
    const drop = have.filter((id) => !scopeIds.includes(id));
    const addIds = scopeIds.filter((id) => !have.includes(id));
    if (drop.length) await tx.delete(credentialGrantScopes).where(and(eq(credentialGrantScopes.grantId, grant.id), inArray(credentialGrantScopes.scopeId, drop)));
    if (addIds.length) await tx.insert(credentialGrantScopes).values(addIds.map((scopeId) => ({ grantId: grant.id, scopeId })));
  }
  const gone = existing.filter((g) => !wantedApis.has(g.apiId)).map((g) => g.id);
  if (gone.length) await tx.delete(credentialGrants).where(inArray(credentialGrants.id, gone));
  await insertGrants(tx, fresh, refs);
}

function secretColumns(s: Partial<SecretRecord>): Partial<typeof secrets.$inferInsert> {
  const { issuedAt, expiresAt, lastRotatedAt, leakedAt, remediatedAt, ...plain } = s;
  const dates = { expiresAt: date(expiresAt), lastRotatedAt: date(lastRotatedAt), leakedAt: date(leakedAt), remediatedAt: date(remediatedAt) };
  return { ...pick(plain, null, []), ...pick(dates, null, []), ...(issuedAt !== undefined ? { issuedAt: new Date(issuedAt) } : {}) };
}

function newSecretRow(credentialId: string, s: SecretRecord): typeof secrets.$inferInsert {
  return { ...secretColumns(s), credentialId, kind: s.kind, storage: need(s.storage, "A new secret needs its storage"), issuedAt: new Date(s.issuedAt) };
}

async function applyCredentials(ctx: BatchContext, batch: Batch): Promise<Applied> {
  const current = new Map((await loadCredentials(ctx.tx, { keys: batch.map((b) => b.key ?? "") })).map((c) => [c.full.key, c]));
  const refs = await credentialRefs(ctx.tx, batch.flatMap((b) => (b.file.type === "credential" ? [b.file.record] : [])));
  const { creates, updates } = split(batch, current);
  const records = creates.map((p) => p.file.record as CredentialRecord);
  const rows = await insertMany(
    records.map((r) => ({
      ...credentialColumns(r, null, refs),
      key: r.key,
      kind: r.kind ?? "oauth_client",
      name: need(r.name, `Credential "${r.key}" needs a name`),
      environment: need(r.environment, `Credential "${r.key}" needs an environment`),
    })),
    (chunk) => ctx.tx.insert(credentials).values(chunk as (typeof credentials.$inferInsert)[]).returning({ id: credentials.id, key: credentials.key }),
    100,
  );
  const idOf = byKey(rows);
  const ids = records.map((r) => idOf(r.key));
  const appRows = records.flatMap((r, i) => (r.applications ?? []).map((key) => ({ credentialId: ids[i] ?? "", applicationId: resolve(refs.applications, key, "application") ?? "" })));
  await insertMany(appRows, (chunk) => ctx.tx.insert(credentialApplications).values(chunk as (typeof credentialApplications.$inferInsert)[]).returning({ id: credentialApplications.credentialId }), 1000);
  await insertGrants(ctx.tx, records.flatMap((r, i) => (r.grants ?? []).map((grant) => ({ credentialId: ids[i] ?? "", grant }))), refs);
  const secretRows = records.flatMap((r, i) => (r.secrets ?? []).map((s) => newSecretRow(ids[i] ?? "", s)));
  await insertMany(secretRows, (chunk) => ctx.tx.insert(secrets).values(chunk as (typeof secrets.$inferInsert)[]).returning({ id: secrets.id }), 500);
  creates.forEach((p, i) => {
    ctx.recompute.add(ids[i] ?? "");
    record(ctx, p, ids[i] ?? "", "created", []);
  });
  let updated = 0;
  for (const planned of updates) {
    const r = planned.file.record as CredentialRecord;
    const cur: LoadedCredential = planned.current;
    const fields = changedFields(planned.file, cur.full);
    if (fields.length === 0) continue;
    const only = new Set(fields);
    const columns = credentialColumns(r, only, refs);
    if (Object.keys(columns).length) await ctx.tx.update(credentials).set({ ...columns, updatedAt: new Date() }).where(eq(credentials.id, cur.id));
    if (only.has("applications") && r.applications) await syncApplications(ctx.tx, cur.id, r.applications, refs);
    if (only.has("grants") && r.grants) await syncGrants(ctx.tx, cur.id, r.grants, refs);
    if (only.has("secrets") && r.secrets) {
      // Secrets matched by (kind, issuedAt): matches are updated, the rest created, none deleted.
      for (const change of diffSecrets(r.secrets, cur.full.secrets)) {
        if (change.action === "create") {
          await ctx.tx.insert(secrets).values(newSecretRow(cur.id, change.secret));
          continue;
        }
        const secretId = cur.secretIds[change.currentIndex];
        if (!secretId) continue;
        const partial: Partial<SecretRecord> = {};
        for (const f of change.fields) Object.assign(partial, { [f]: change.secret[f] });
        await ctx.tx.update(secrets).set({ ...secretColumns(partial), updatedAt: new Date() }).where(eq(secrets.id, secretId));
      }
    }
    ctx.recompute.add(cur.id);
    record(ctx, planned, cur.id, "updated", fields);
    updated++;
  }
  return { created: creates.length, updated };
}

const appliers: Record<RecordType, (ctx: BatchContext, batch: Batch) => Promise<Applied>> = {
  person: applyPeople,
  team: applyTeams,
  authorizationServer: applyServers,
  api: applyApis,
  application: applyApplications,
  credential: applyCredentials,
};

export type ApplyOptions = {
  /** `apply` refuses a file with any invalid record; `apply-valid` imports the valid ones. */
  mode: "apply" | "apply-valid";
  batchSize?: number;
  onEvent?: (event: ImportEvent) => void | Promise<void>;
};

/** Refuses what must not be applied, before anything is written. */
export function assertApplicable(prepared: PreparedImport, mode: ApplyOptions["mode"]): void {
  const { fileErrors } = prepared.read;
  if (fileErrors.length > 0) {
    throw new AppError("INVALID_INPUT", `The file cannot be imported: ${fileErrors.map((e) => `line ${e.line}: ${e.field} ${e.message}`).join("; ")}`, { fileErrors });
  }
  const invalid = prepared.plan.records.filter((r) => r.action === "invalid");
  if (mode === "apply" && invalid.length > 0) {
    throw new AppError("INVALID_INPUT", `${invalid.length} record${invalid.length === 1 ? " is" : "s are"} invalid; nothing was written. Fix them, or choose to import the valid ones`, {
      invalid: invalid.slice(0, 200).map((r) => ({ type: r.type, key: r.key, line: r.line, issues: r.issues })),
    });
  }
}

/**
 * Applies a prepared plan in batches, dependencies first (people … credentials). Each batch
 * commits with its audit events and the due-date recompute of the credentials it touched.
 */
export async function applyImport(db: Db, ctx: RequestContext, prepared: PreparedImport, options: ApplyOptions): Promise<ApplyResult> {
  assertApplicable(prepared, options.mode);
  const batchSize = options.batchSize ?? 200;
  const toApply = prepared.plan.records.filter((r): r is PlannedRecord & { file: FileRecord } => (r.action === "create" || r.action === "update") && r.file !== undefined);
  const totals = totalsOf(prepared.plan.summary);
  await options.onEvent?.({ type: "plan", summary: prepared.plan.summary, totals, toApply: toApply.length });
  const result: ApplyResult = {
    created: 0,
    updated: 0,
    unchanged: totals.unchanged,
    skippedInvalid: totals.invalid,
    byType: Object.fromEntries(recordTypes.map((t) => [t, { created: 0, updated: 0 }])) as ApplyResult["byType"],
  };
  const actor = auditContext(ctx);
  let done = 0;
  for (const type of recordTypes) {
    const ofType = toApply.filter((r) => r.type === type);
    for (let i = 0; i < ofType.length; i += batchSize) {
      const batch = ofType.slice(i, i + batchSize);
      const applied = await db.transaction(async (tx) => {
        const batchCtx: BatchContext = { tx, events: [], recompute: new Set(), linked: { application: new Map(), api: new Map(), person: new Map() }, format: prepared.format };
        const counts = await appliers[type](batchCtx, batch);
        // The same derived-state refresh as the services': credentials changed here, then those linked to changed records.
        const collect = collectingAudit(batchCtx.events);
        await refreshCredentials(tx, collect, [...batchCtx.recompute]);
        await syncOrphanedFindings(tx, collect, batchCtx.recompute);
        await refreshLinked(tx, collect, batchCtx.linked);
        // A secret imported as leaked is a leak report (DESIGN §4.4): its incident and emergency rotation.
        await openImportedLeaks(tx, collect, ctx, [...batchCtx.recompute]);
        // No change without its event (DESIGN §7): the events commit or roll back with the batch.
        await appendAuditEvents(tx, actor, batchCtx.events);
        return counts;
      });
      result.created += applied.created;
      result.updated += applied.updated;
      result.byType[type].created += applied.created;
      result.byType[type].updated += applied.updated;
      // Records that turned out unchanged at apply time (a concurrent edit) are counted as such.
      result.unchanged += batch.length - applied.created - applied.updated;
      done += batch.length;
      await options.onEvent?.({ type: "progress", recordType: type, done, total: toApply.length });
    }
  }
  await options.onEvent?.({ type: "done", result });
  return result;
}
