import "server-only";
import { eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { apiScopes, apis, applications, authorizationServers, credentialGrantScopes } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { emit, type Collect, type ColumnChanges, type EventOf } from "./collect";
import type { CreateOptions } from "./org";
import { changedSet, changesOf, inChunks, returningChunks, withIds } from "./rows";

/**
 * The one writer of authorization servers, APIs (with their scopes) and applications (issue 19 §1).
 * A changed API or application registers its changed columns: the credentials linked to it are
 * refreshed by `refreshCollected` when the posture rules' declared inputs say they read them.
 */

type ServerValues = typeof authorizationServers.$inferInsert;
type ApiValues = typeof apis.$inferInsert;
type ApplicationValues = typeof applications.$inferInsert;
export type ScopeWrite = { name: string; description?: string | null; privilege: (typeof apiScopes.$inferInsert)["privilege"] };
export type ScopeChanges = { added: string[]; removed: string[]; updated: string[] };
export type ApiChanges = ColumnChanges & { scopes?: ScopeChanges };

type Create<V> = { values: V; event?: EventOf<null> };
type Update<V, C = ColumnChanges> = { id: string; set: Partial<V>; event?: EventOf<C> };

async function emitCreated(collect: Collect, rows: readonly { event?: EventOf<null> }[], ids: readonly string[], created: ReadonlySet<string>) {
  for (const [i, id] of ids.entries()) if (created.has(id)) await emit(collect, rows[i]?.event, id, null);
  return ids.filter((id) => created.has(id));
}

export async function createServers(tx: Tx, collect: Collect, rows: readonly Create<ServerValues>[], options: CreateOptions = {}): Promise<string[]> {
  const values = withIds(rows.map((r) => r.values));
  const inserted = await returningChunks(values, (chunk) => {
    const q = tx.insert(authorizationServers).values(chunk);
    return (options.skipExisting ? q.onConflictDoNothing() : q).returning({ id: authorizationServers.id });
  });
  return emitCreated(collect, rows, values.map((v) => v.id), new Set(inserted.map((r) => r.id)));
}

export async function updateServers(tx: Tx, collect: Collect, rows: readonly Update<ServerValues>[]): Promise<number> {
  if (rows.length === 0) return 0;
  const current = new Map((await tx.select().from(authorizationServers).where(inArray(authorizationServers.id, rows.map((r) => r.id)))).map((s) => [s.id, s]));
  let changed = 0;
  for (const row of rows) {
    const changes = changesOf(current.get(row.id), row.set);
    const set = changedSet(row.set, changes);
    if (set) await tx.update(authorizationServers).set(set).where(eq(authorizationServers.id, row.id));
    if ((await emit(collect, row.event, row.id, changes)) || set) changed++;
  }
  return changed;
}

/** Creates APIs with their scopes; returns the ids inserted, in order. */
export async function createApis(tx: Tx, collect: Collect, rows: readonly (Create<ApiValues> & { scopes?: readonly ScopeWrite[] })[], options: CreateOptions = {}): Promise<string[]> {
  const values = withIds(rows.map((r) => r.values));
  const inserted = await returningChunks(values, (chunk) => {
    const q = tx.insert(apis).values(chunk);
    return (options.skipExisting ? q.onConflictDoNothing() : q).returning({ id: apis.id });
  });
  const created = new Set(inserted.map((r) => r.id));
  const scopes = rows.flatMap((r, i) => {
    const apiId = values[i]?.id ?? "";
    return created.has(apiId) ? (r.scopes ?? []).map((s) => ({ apiId, name: s.name, description: s.description ?? null, privilege: s.privilege })) : [];
  });
  await inChunks(scopes, (chunk) => tx.insert(apiScopes).values(chunk), 1000);
  return emitCreated(collect, rows, values.map((v) => v.id), created);
}

/**
 * What to do with a scope the new list drops while credentials still hold it: the REST edit
 * refuses (409 naming the scope); the import's plan has checked that only holders in the same
 * file hold it, and they lose it with their new grants.
 */
export type GrantedScopes = "refuse" | "drop-grants";

/** Updates APIs; `scopes` (when given) becomes the API's exact scope list, by name. */
export async function updateApis(tx: Tx, collect: Collect, rows: readonly (Update<ApiValues, ApiChanges> & { scopes?: readonly ScopeWrite[] })[], granted: GrantedScopes = "refuse"): Promise<number> {
  if (rows.length === 0) return 0;
  const current = new Map((await tx.select().from(apis).where(inArray(apis.id, rows.map((r) => r.id)))).map((a) => [a.id, a]));
  let changed = 0;
  for (const row of rows) {
    const changes: ApiChanges = changesOf(current.get(row.id), row.set);
    const set = changedSet(row.set, changes);
    if (set) await tx.update(apis).set(set).where(eq(apis.id, row.id));
    if (row.scopes) {
      const scopes = await syncScopes(tx, row.id, row.scopes, granted);
      // A privilege or description change is a change too: it must not be saved without its event.
      if (scopes.added.length || scopes.removed.length || scopes.updated.length) changes.scopes = scopes;
    }
    if (Object.keys(changes).length) collect.linked.api.set(row.id, Object.keys(changes));
    if ((await emit(collect, row.event, row.id, changes)) || Object.keys(changes).length) changed++;
  }
  return changed;
}

/** Brings an API's scopes to `wanted` by name: new ones added, changed ones updated, missing ones removed. */
async function syncScopes(tx: Tx, apiId: string, wanted: readonly ScopeWrite[], granted: GrantedScopes): Promise<ScopeChanges> {
  const current = await tx.select().from(apiScopes).where(eq(apiScopes.apiId, apiId));
  const byName = new Map(current.map((s) => [s.name, s]));
  const wantedNames = new Set(wanted.map((s) => s.name));
  const removed = current.filter((s) => !wantedNames.has(s.name));
  if (removed.length > 0) {
    const removedIds = removed.map((s) => s.id);
    if (granted === "refuse") {
      const [held] = await tx.select({ scopeId: credentialGrantScopes.scopeId }).from(credentialGrantScopes).where(inArray(credentialGrantScopes.scopeId, removedIds)).limit(1);
      if (held) {
        const name = removed.find((s) => s.id === held.scopeId)?.name ?? "";
        throw new AppError("CONFLICT", `The scope "${name}" is granted to credentials; remove those grants first`, { fields: { scopes: [`"${name}" is still granted`] } });
      }
    } else {
      await tx.delete(credentialGrantScopes).where(inArray(credentialGrantScopes.scopeId, removedIds));
    }
    await tx.delete(apiScopes).where(inArray(apiScopes.id, removedIds));
  }
  const updated: string[] = [];
  const added: string[] = [];
  for (const scope of wanted) {
    const existing = byName.get(scope.name);
    const description = scope.description ?? null;
    if (!existing) {
      await tx.insert(apiScopes).values({ apiId, name: scope.name, description, privilege: scope.privilege });
      added.push(scope.name);
    } else if (existing.privilege !== scope.privilege || (existing.description ?? null) !== description) {
      await tx.update(apiScopes).set({ privilege: scope.privilege, description, updatedAt: new Date() }).where(eq(apiScopes.id, existing.id));
      updated.push(scope.name);
    }
  }
  return { added, removed: removed.map((s) => s.name), updated };
}

export async function createApplications(tx: Tx, collect: Collect, rows: readonly Create<ApplicationValues>[], options: CreateOptions = {}): Promise<string[]> {
  const values = withIds(rows.map((r) => r.values));
  const inserted = await returningChunks(values, (chunk) => {
    const q = tx.insert(applications).values(chunk);
    return (options.skipExisting ? q.onConflictDoNothing() : q).returning({ id: applications.id });
  });
  return emitCreated(collect, rows, values.map((v) => v.id), new Set(inserted.map((r) => r.id)));
}

/** Updates applications; a changed trust zone, status, third-party flag … refreshes the credentials linked to them. */
export async function updateApplications(tx: Tx, collect: Collect, rows: readonly Update<ApplicationValues>[]): Promise<number> {
  if (rows.length === 0) return 0;
  const current = new Map((await tx.select().from(applications).where(inArray(applications.id, rows.map((r) => r.id)))).map((a) => [a.id, a]));
  let changed = 0;
  for (const row of rows) {
    const changes = changesOf(current.get(row.id), row.set);
    const set = changedSet(row.set, changes);
    if (set) {
      await tx.update(applications).set(set).where(eq(applications.id, row.id));
      collect.linked.application.set(row.id, Object.keys(changes));
    }
    if ((await emit(collect, row.event, row.id, changes)) || set) changed++;
  }
  return changed;
}
