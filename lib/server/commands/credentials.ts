import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { credentialApplications, credentialGrants, credentialGrantScopes, credentials, secrets } from "@/db/schema";
import { backupOwnerClash } from "@/lib/domain/owners";
import { credentialFactProblems, secretDateProblems, type FactProblems } from "@/lib/domain/record-facts";
import { invalidInput, type FieldErrors } from "@/lib/errors";
import { emit, type Collect, type ColumnChanges, type EventOf } from "./collect";
import { changedSet, changesOf, inChunks, merged, withIds } from "./rows";

/**
 * The one writer of credentials with their application links, grants (and granted scopes) and
 * secret metadata (issue 19 §1). The write rules every writer obeys are checked here on the record
 * as it will be (owner ≠ backup owner, DESIGN §3.3; no token persistence without a cache); each
 * change registers its credential for the shared refresh (due dates, posture, orphaned finding).
 */

type CredentialValues = typeof credentials.$inferInsert;
type SecretValues = typeof secrets.$inferInsert;

/** A grant as written: the API, its scopes, and a justification (`undefined` keeps the stored one). */
/** `grantedSince`: a new grant's start when known from elsewhere (an imported history); an existing grant keeps its own. */
export type GrantWrite = { apiId: string; scopeIds: readonly string[]; justification?: string | null; grantedSince?: Date | null };
export type GrantChanges = { added: string[]; removed: string[]; changed: string[] };
export type CredentialChanges = ColumnChanges & { applicationIds?: { from: string[]; to: string[] }; grants?: GrantChanges };

/** Fields whose change can make a credential orphaned or not (DESIGN §4.4). */
const ORPHAN_INPUTS = ["ownerId", "backupOwnerId", "sdkOwnerId", "status"];

function refuse(fields: FieldErrors, problems: FactProblems): void {
  for (const [f, message] of Object.entries(problems)) fields[f] = [message];
  if (Object.keys(fields).length) throw invalidInput(fields);
}

function assertWriteRules(after: Partial<CredentialValues>, given: Partial<CredentialValues>): void {
  // Only what a write can set: a stored review date is the review service's (it is not re-judged on every edit).
  const problems = credentialFactProblems({ tokenCache: after.tokenCache, tokenPersistence: after.tokenPersistence, lastReviewedAt: given.lastReviewedAt }, new Date());
  refuse({ ...backupOwnerClash({ ownerId: after.ownerId, backupOwnerId: after.backupOwnerId }, given) }, problems);
}

/** Secret dates that cannot be (an expiry before issue, a rotation in the future), on the row as it will be. */
const assertSecretRules = (after: Partial<SecretValues>) => refuse({}, secretDateProblems(after, new Date()));

/** Creates credentials with their links, grants and secrets; returns their ids, in order. */
export async function createCredentials(
  tx: Tx,
  collect: Collect,
  rows: readonly { values: CredentialValues; applicationIds?: readonly string[]; grants?: readonly GrantWrite[]; secrets?: readonly Omit<SecretValues, "credentialId">[]; event?: EventOf<null> }[],
): Promise<string[]> {
  for (const r of rows) {
    assertWriteRules(r.values, r.values);
    for (const secret of r.secrets ?? []) assertSecretRules(secret);
  }
  const values = withIds(rows.map((r) => r.values));
  await inChunks(values, (chunk) => tx.insert(credentials).values(chunk), 100);
  const ids = values.map((v) => v.id);
  await inChunks(
    rows.flatMap((r, i) => (r.applicationIds ?? []).map((applicationId) => ({ credentialId: ids[i] ?? "", applicationId }))),
    (chunk) => tx.insert(credentialApplications).values(chunk),
    1000,
  );
  await insertGrants(tx, rows.flatMap((r, i) => (r.grants ?? []).map((grant) => ({ credentialId: ids[i] ?? "", grant }))));
  await inChunks(
    rows.flatMap((r, i) => (r.secrets ?? []).map((s) => ({ ...s, credentialId: ids[i] ?? "" }))),
    (chunk) => tx.insert(secrets).values(chunk),
    500,
  );
  for (const [i, id] of ids.entries()) {
    collect.credentials.add(id);
    collect.orphans.add(id);
    await emit(collect, rows[i]?.event, id, null);
  }
  return ids;
}

/**
 * Updates credentials: changed columns, and (when given) the exact application list and grants.
 * The event callback sees what changed and may return null (nothing to record); it runs after
 * the writes, in the transaction, so a check that reads the new state (governance overrides) can
 * still refuse the whole change.
 */
export async function updateCredentials(
  tx: Tx,
  collect: Collect,
  rows: readonly { id: string; set?: Partial<CredentialValues>; applicationIds?: readonly string[]; grants?: readonly GrantWrite[]; event?: EventOf<CredentialChanges> }[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const current = new Map((await tx.select().from(credentials).where(inArray(credentials.id, rows.map((r) => r.id)))).map((c) => [c.id, c]));
  let changed = 0;
  for (const row of rows) {
    const before = current.get(row.id);
    const given = row.set ?? {};
    assertWriteRules(merged(before, given), given);
    const changes: CredentialChanges = changesOf(before, given);
    const set = changedSet(given, changes);
    if (set) await tx.update(credentials).set(set).where(eq(credentials.id, row.id));
    if (row.applicationIds) {
      const links = await setApplications(tx, row.id, row.applicationIds);
      if (links) changes.applicationIds = links;
    }
    if (row.grants) {
      const grants = await syncGrants(tx, row.id, row.grants);
      if (grants.added.length || grants.removed.length || grants.changed.length) changes.grants = grants;
    }
    const recorded = await emit(collect, row.event, row.id, changes);
    if (!recorded && Object.keys(changes).length === 0) continue;
    collect.credentials.add(row.id);
    if (ORPHAN_INPUTS.some((f) => f in changes)) collect.orphans.add(row.id);
    changed++;
  }
  return changed;
}

/** Sets a credential's applications to exactly `wanted`; the change, or null when there is none. */
async function setApplications(tx: Tx, credentialId: string, wanted: readonly string[]): Promise<{ from: string[]; to: string[] } | null> {
  const from = (await tx.select({ id: credentialApplications.applicationId }).from(credentialApplications).where(eq(credentialApplications.credentialId, credentialId))).map((r) => r.id);
  const removed = from.filter((id) => !wanted.includes(id));
  const added = wanted.filter((id) => !from.includes(id));
  if (removed.length === 0 && added.length === 0) return null;
  if (removed.length) await tx.delete(credentialApplications).where(and(eq(credentialApplications.credentialId, credentialId), inArray(credentialApplications.applicationId, removed)));
  if (added.length) await tx.insert(credentialApplications).values(added.map((applicationId) => ({ credentialId, applicationId })));
  return { from: [...from].sort(), to: [...wanted] };
}

/** New grants and their scopes: grant ids are made here, so the scopes need no round trip. */
async function insertGrants(tx: Tx, rows: readonly { credentialId: string; grant: GrantWrite }[]): Promise<void> {
  const values = withIds(rows.map((r): typeof credentialGrants.$inferInsert => ({
      credentialId: r.credentialId,
      apiId: r.grant.apiId,
      justification: r.grant.justification ?? null,
      ...(r.grant.grantedSince ? { createdAt: r.grant.grantedSince } : {}),
    })));
  await inChunks(values, (chunk) => tx.insert(credentialGrants).values(chunk), 500);
  const scopes = rows.flatMap((r, i) => r.grant.scopeIds.map((scopeId) => ({ grantId: values[i]?.id ?? "", scopeId })));
  await inChunks(scopes, (chunk) => tx.insert(credentialGrantScopes).values(chunk), 1000);
}

/**
 * Brings a credential's grants to `wanted`, API by API: unchanged grants and scopes keep their rows
 * (and the per-scope last-used times recorded for them); only what differs is written.
 */
async function syncGrants(tx: Tx, credentialId: string, wanted: readonly GrantWrite[]): Promise<GrantChanges> {
  const current = await tx.select({ id: credentialGrants.id, apiId: credentialGrants.apiId, justification: credentialGrants.justification }).from(credentialGrants).where(eq(credentialGrants.credentialId, credentialId));
  const currentScopes = current.length
    ? await tx.select({ grantId: credentialGrantScopes.grantId, scopeId: credentialGrantScopes.scopeId }).from(credentialGrantScopes).where(inArray(credentialGrantScopes.grantId, current.map((g) => g.id)))
    : [];
  const byApi = new Map(current.map((g) => [g.apiId, g]));
  const wantedApis = new Set(wanted.map((g) => g.apiId));
  const gone = current.filter((g) => !wantedApis.has(g.apiId));
  // Grant rows cascade to their scopes.
  if (gone.length) await tx.delete(credentialGrants).where(inArray(credentialGrants.id, gone.map((g) => g.id)));
  const fresh: GrantWrite[] = [];
  const changed: string[] = [];
  for (const g of wanted) {
    const existing = byApi.get(g.apiId);
    if (!existing) {
      fresh.push(g);
      continue;
    }
    const have = new Set(currentScopes.filter((s) => s.grantId === existing.id).map((s) => s.scopeId));
    const want = new Set(g.scopeIds);
    const toAdd = g.scopeIds.filter((id) => !have.has(id));
    const toRemove = [...have].filter((id) => !want.has(id));
    if (toRemove.length) await tx.delete(credentialGrantScopes).where(and(eq(credentialGrantScopes.grantId, existing.id), inArray(credentialGrantScopes.scopeId, toRemove)));
    if (toAdd.length) await tx.insert(credentialGrantScopes).values(toAdd.map((scopeId) => ({ grantId: existing.id, scopeId })));
    const justificationChanged = g.justification !== undefined && (existing.justification ?? null) !== (g.justification ?? null);
    if (justificationChanged) await tx.update(credentialGrants).set({ justification: g.justification ?? null, updatedAt: new Date() }).where(eq(credentialGrants.id, existing.id));
    if (toAdd.length || toRemove.length || justificationChanged) changed.push(g.apiId);
  }
  await insertGrants(tx, fresh.map((grant) => ({ credentialId, grant })));
  return { added: fresh.map((g) => g.apiId), removed: gone.map((g) => g.apiId), changed };
}

// --- Secrets -----------------------------------------------------------------------------------

/** Adds secret metadata rows (never a secret value: the fingerprint is an HMAC made by the caller); returns their ids, in order. */
export async function createSecrets(tx: Tx, collect: Collect, rows: readonly { values: SecretValues; event?: EventOf<null> }[]): Promise<string[]> {
  for (const r of rows) assertSecretRules(r.values);
  const values = withIds(rows.map((r) => r.values));
  await inChunks(values, (chunk) => tx.insert(secrets).values(chunk), 500);
  for (const [i, v] of values.entries()) {
    collect.credentials.add(v.credentialId);
    await emit(collect, rows[i]?.event, v.id, null);
  }
  return values.map((v) => v.id);
}

/** Updates secret metadata; only changed columns are written. */
export async function updateSecrets(tx: Tx, collect: Collect, rows: readonly { id: string; set: Partial<SecretValues>; event?: EventOf<ColumnChanges> }[]): Promise<number> {
  if (rows.length === 0) return 0;
  const current = new Map((await tx.select().from(secrets).where(inArray(secrets.id, rows.map((r) => r.id)))).map((s) => [s.id, s]));
  let changed = 0;
  for (const row of rows) {
    const before = current.get(row.id);
    assertSecretRules(merged(before, row.set));
    const changes = changesOf(before, row.set);
    const set = changedSet(row.set, changes);
    if (set) await tx.update(secrets).set(set).where(eq(secrets.id, row.id));
    const recorded = await emit(collect, row.event, row.id, changes);
    if (!set && !recorded) continue;
    if (before) collect.credentials.add(before.credentialId);
    changed++;
  }
  return changed;
}
