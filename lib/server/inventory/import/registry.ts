import "server-only";
import { teams } from "@/db/schema";
import { type ApiRecord, type ApplicationRecord, type ServerRecord } from "@/lib/inventory-file/records";
import { createApis, createApplications, createServers, updateApis, updateApplications, updateServers } from "../../commands/registry";
import { loadApis, loadApplications, loadServers } from "../export";
import { type Batch, type Applied, type BatchContext, applyByKey, idsOf, resolve, pick, need } from "./batch";

/** Import batches of authorization servers, APIs (with scopes) and applications, written by the registry commands. */
export function applyServers(ctx: BatchContext, batch: Batch): Promise<Applied> {
  return applyByKey(ctx, batch, {
    load: loadServers,
    keyOf: (s) => s.full.key,
    createRow: (p) => {
      const r = p.file.record as ServerRecord;
      return {
        values: {
          ...pick(r, null, []),
          key: r.key,
          name: need(r.name, `Authorization server "${r.key}" needs a name`),
          issuerUrl: need(r.issuerUrl, `Authorization server "${r.key}" needs an issuer URL`),
        },
      };
    },
    updateRow: (planned, fields) => ({ set: pick(planned.file.record as ServerRecord, new Set(fields), ["key"]) }),
    create: createServers,
    update: updateServers,
  });
}

/** The owning teams a batch of APIs or applications names, by key. */
function owningTeamIds(ctx: BatchContext, batch: Batch, type: "api" | "application") {
  return idsOf(ctx.tx, teams, batch.flatMap((b) => (b.file.type === type && b.file.record.owningTeam ? [b.file.record.owningTeam] : [])));
}

/** The changed columns of an API or application, its owning team as an id. */
function ownedSet<R extends Record<string, unknown>>(record: R & { owningTeam?: string | null }, only: Set<string>, teamIds: Map<string, string>) {
  const { owningTeam, ...r } = record;
  return { ...pick(r, only, ["key"]), ...(only.has("owningTeam") ? { owningTeamId: resolve(teamIds, owningTeam, "team") ?? null } : {}) };
}

export async function applyApis(ctx: BatchContext, batch: Batch): Promise<Applied> {
  const teamIds = await owningTeamIds(ctx, batch, "api");
  return applyByKey(ctx, batch, {
    load: loadApis,
    keyOf: (a) => a.full.key,
    createRow: (p) => {
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
      };
    },
    updateRow: (planned, fields) => {
      const { scopes, ...r } = planned.file.record as ApiRecord;
      const only = new Set(fields);
      return { set: ownedSet(r, only, teamIds), scopes: only.has("scopes") ? scopes : undefined };
    },
    create: createApis,
    // The plan refused dropping a scope still held outside this file; holders in the file lose it with their new grants.
    update: (tx, collect, rows) => updateApis(tx, collect, rows, "drop-grants"),
  });
}

export async function applyApplications(ctx: BatchContext, batch: Batch): Promise<Applied> {
  const teamIds = await owningTeamIds(ctx, batch, "application");
  return applyByKey(ctx, batch, {
    load: loadApplications,
    keyOf: (a) => a.full.key,
    createRow: (p) => {
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
      };
    },
    updateRow: (planned, fields) => ({ set: ownedSet(planned.file.record as ApplicationRecord, new Set(fields), teamIds) }),
    create: createApplications,
    update: updateApplications,
  });
}
