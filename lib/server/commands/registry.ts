import "server-only";
import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { apiScopes, apis, applications, authorizationServers, credentialGrantScopes } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { Collect, ColumnChanges, EventOf } from "./collect";
import type { CreateOptions } from "./org";
import { inChunks, insertInto, insertRows, updateById } from "./rows";

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

export function createServers(tx: Tx, collect: Collect, rows: readonly Create<ServerValues>[], options: CreateOptions = {}): Promise<string[]> {
  return insertInto(tx, collect, authorizationServers, rows, options);
}

export function updateServers(tx: Tx, collect: Collect, rows: readonly Update<ServerValues>[]): Promise<number> {
  return updateById(tx, collect, authorizationServers, rows);
}

/** Creates APIs with their scopes; returns the ids inserted, in order. */
export async function createApis(tx: Tx, collect: Collect, rows: readonly (Create<ApiValues> & { scopes?: readonly ScopeWrite[] })[], options: CreateOptions = {}): Promise<string[]> {
  const withId = rows.map((r) => ({ ...r, values: { ...r.values, id: r.values.id ?? randomUUID() } }));
  const created = new Set(
    await insertRows(collect, withId, (chunk) => {
      const q = tx.insert(apis).values(chunk);
      return (options.skipExisting ? q.onConflictDoNothing() : q).returning({ id: apis.id });
    }),
  );
  const scopes = withId.flatMap((r) =>
    created.has(r.values.id) ? (r.scopes ?? []).map((s) => ({ apiId: r.values.id, name: s.name, description: s.description ?? null, privilege: s.privilege })) : [],
  );
  await inChunks(scopes, (chunk) => tx.insert(apiScopes).values(chunk), 1000);
  return withId.map((r) => r.values.id).filter((id) => created.has(id));
}

/**
 * What to do with a scope the new list drops while credentials still hold it: the REST edit
 * refuses (409 naming the scope); the import's plan has checked that only holders in the same
 * file hold it, and they lose it with their new grants.
 */
export type GrantedScopes = "refuse" | "drop-grants";

/** Updates APIs; `scopes` (when given) becomes the API's exact scope list, by name. */
export function updateApis(tx: Tx, collect: Collect, rows: readonly (Update<ApiValues, ApiChanges> & { scopes?: readonly ScopeWrite[] })[], granted: GrantedScopes = "refuse"): Promise<number> {
  const wanted = new Map(rows.flatMap((r) => (r.scopes ? [[r.id, r.scopes] as const] : [])));
  return updateById<ApiChanges>(tx, collect, apis, rows, async (id, changes) => {
    const list = wanted.get(id);
    const scopes = list ? await syncScopes(tx, id, list, granted) : null;
    // A privilege or description change is a change too: it must not be saved without its event.
    if (scopes && (scopes.added.length || scopes.removed.length || scopes.updated.length)) changes.scopes = scopes;
    if (Object.keys(changes).length) collect.linked.api.set(id, Object.keys(changes));
  });
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

export function createApplications(tx: Tx, collect: Collect, rows: readonly Create<ApplicationValues>[], options: CreateOptions = {}): Promise<string[]> {
  return insertInto(tx, collect, applications, rows, options);
}

/** Updates applications; a changed trust zone, status, third-party flag … refreshes the credentials linked to them. */
export function updateApplications(tx: Tx, collect: Collect, rows: readonly Update<ApplicationValues>[]): Promise<number> {
  return updateById(tx, collect, applications, rows, (id, changes) => {
    if (Object.keys(changes).length) collect.linked.application.set(id, Object.keys(changes));
  });
}
