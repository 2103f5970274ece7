import "server-only";
import { teams } from "@/db/schema";
import { changedFields } from "@/lib/inventory-file/diff";
import { type ApiRecord, type ApplicationRecord, type ServerRecord } from "@/lib/inventory-file/records";
import { createApis, createApplications, createServers, updateApis, updateApplications, updateServers } from "../../commands/registry";
import { loadApis, loadApplications, loadServers } from "../export";
import { type Batch, type Applied, type BatchContext, imported, idsOf, resolve, pick, split, need } from "./batch";

/** Import batches of authorization servers, APIs (with scopes) and applications, written by the registry commands. */
export async function applyServers(ctx: BatchContext, batch: Batch): Promise<Applied> {
  const current = new Map((await loadServers(ctx.tx, { keys: batch.map((b) => b.key ?? "") })).map((s) => [s.full.key, s]));
  const { creates, updates } = split(batch, current);
  await createServers(
    ctx.tx,
    ctx.collect,
    creates.map((p) => {
      const r = p.file.record as ServerRecord;
      return {
        values: {
          ...pick(r, null, []),
          key: r.key,
          name: need(r.name, `Authorization server "${r.key}" needs a name`),
          issuerUrl: need(r.issuerUrl, `Authorization server "${r.key}" needs an issuer URL`),
        },
        event: imported(ctx, p, "created"),
      };
    }),
  );
  const changed = updates.flatMap((planned) => {
    const fields = changedFields(planned.file, planned.current.full);
    const r = planned.file.record as ServerRecord;
    return fields.length ? [{ id: planned.current.id, set: pick(r, new Set(fields), ["key"]), event: imported(ctx, planned, "updated", fields) }] : [];
  });
  await updateServers(ctx.tx, ctx.collect, changed);
  return { created: creates.length, updated: changed.length };
}

export async function applyApis(ctx: BatchContext, batch: Batch): Promise<Applied> {
  const current = new Map((await loadApis(ctx.tx, { keys: batch.map((b) => b.key ?? "") })).map((a) => [a.full.key, a]));
  const teamIds = await idsOf(ctx.tx, teams, batch.flatMap((b) => (b.file.type === "api" && b.file.record.owningTeam ? [b.file.record.owningTeam] : [])));
  const { creates, updates } = split(batch, current);
  await createApis(
    ctx.tx,
    ctx.collect,
    creates.map((p) => {
      const r = p.file.record as ApiRecord;
      return {
        values: {
          key: r.key,
          name: need(r.name, `API "${r.key}" needs a name`),
          audience: need(r.audience, `API "${r.key}" needs an audience`),
          trustZone: need(r.trustZone, `API "${r.key}" needs a trust zone`),
          sensitivity: need(r.sensitivity, `API "${r.key}" needs a sensitivity`),
          owningTeamId: resolve(teamIds, r.owningTeam, "team") ?? null,
        },
        scopes: r.scopes ?? [],
        event: imported(ctx, p, "created"),
      };
    }),
  );
  const changed = updates.flatMap((planned) => {
    const { owningTeam, scopes, ...r } = planned.file.record as ApiRecord;
    const fields = changedFields(planned.file, planned.current.full);
    if (fields.length === 0) return [];
    const only = new Set(fields);
    const set = { ...pick(r, only, ["key"]), ...(only.has("owningTeam") ? { owningTeamId: resolve(teamIds, owningTeam, "team") ?? null } : {}) };
    return [{ id: planned.current.id, set, scopes: only.has("scopes") ? scopes : undefined, event: imported(ctx, planned, "updated", fields) }];
  });
  // The plan refused dropping a scope still held outside this file; holders in the file lose it with their new grants.
  await updateApis(ctx.tx, ctx.collect, changed, "drop-grants");
  return { created: creates.length, updated: changed.length };
}

export async function applyApplications(ctx: BatchContext, batch: Batch): Promise<Applied> {
  const current = new Map((await loadApplications(ctx.tx, { keys: batch.map((b) => b.key ?? "") })).map((a) => [a.full.key, a]));
  const teamIds = await idsOf(ctx.tx, teams, batch.flatMap((b) => (b.file.type === "application" && b.file.record.owningTeam ? [b.file.record.owningTeam] : [])));
  const { creates, updates } = split(batch, current);
  await createApplications(
    ctx.tx,
    ctx.collect,
    creates.map((p) => {
      const { owningTeam, ...r } = p.file.record as ApplicationRecord;
      return {
        values: {
          ...pick(r, null, []),
          key: r.key,
          name: need(r.name, `Application "${r.key}" needs a name`),
          environment: need(r.environment, `Application "${r.key}" needs an environment`),
          trustZone: need(r.trustZone, `Application "${r.key}" needs a trust zone`),
          owningTeamId: resolve(teamIds, owningTeam, "team") ?? null,
        },
        event: imported(ctx, p, "created"),
      };
    }),
  );
  const changed = updates.flatMap((planned) => {
    const { owningTeam, ...r } = planned.file.record as ApplicationRecord;
    const fields = changedFields(planned.file, planned.current.full);
    if (fields.length === 0) return [];
    const only = new Set(fields);
    const set = { ...pick(r, only, ["key"]), ...(only.has("owningTeam") ? { owningTeamId: resolve(teamIds, owningTeam, "team") ?? null } : {}) };
    return [{ id: planned.current.id, set, event: imported(ctx, planned, "updated", fields) }];
  });
  await updateApplications(ctx.tx, ctx.collect, changed);
  return { created: creates.length, updated: changed.length };
}
