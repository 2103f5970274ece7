import "server-only";
import { eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { apiScopes, apis, applications, authorizationServers, credentialGrantScopes, teams } from "@/db/schema";
import { changedFields } from "@/lib/inventory-file/diff";
import { type ApiRecord, type ApplicationRecord, type ServerRecord } from "@/lib/inventory-file/records";
import { loadApis, loadApplications, loadServers } from "../export";
import { type Batch, type Applied, type BatchContext, record, idsOf, resolve, pick, split, insertMany, byKey, need } from "./batch";

/** Import batches of authorization servers, APIs (with scopes) and applications; changed ones feed the shared refresh. */
export async function applyServers(ctx: BatchContext, batch: Batch): Promise<Applied> {
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
export async function syncScopes(tx: Tx, apiId: string, wanted: NonNullable<ApiRecord["scopes"]>) {
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

export async function applyApis(ctx: BatchContext, batch: Batch): Promise<Applied> {
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

export async function applyApplications(ctx: BatchContext, batch: Batch): Promise<Applied> {
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
