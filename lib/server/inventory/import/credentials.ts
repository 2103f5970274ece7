import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { apiScopes, apis, applications, authorizationServers, credentialApplications, credentialGrants, credentialGrantScopes, credentials, rotationPolicies, secrets, teams } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { changedFields, diffSecrets } from "@/lib/inventory-file/diff";
import { credentialPersonFields, credentialTeamFields } from "@/lib/inventory-file/model";
import { type CredentialRecord, type GrantRecord, type SecretRecord } from "@/lib/inventory-file/records";
import { loadCredentials, type LoadedCredential } from "../export";
import { chunked } from "./prepare";
import { type Batch, type Applied, type BatchContext, record, idsOf, personIdsOf, resolve, date, pick, split, insertMany, byKey, need } from "./batch";

/** Import batches of credentials with their applications, grants and secrets. */
export type CredentialRefs = {
  people: Map<string, string>;
  teams: Map<string, string>;
  servers: Map<string, string>;
  policies: Map<string, string>;
  applications: Map<string, string>;
  apis: Map<string, string>;
  /** `${apiId}\n${scopeName}` → scope id */
  scopes: Map<string, string>;
};

export async function credentialRefs(tx: Tx, records: readonly CredentialRecord[]): Promise<CredentialRefs> {
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

export const refColumn = {
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

/** Not credential columns, or not the file's to set: `lastReviewedAt` is server-owned (only a recorded review sets it; issue 12). */
export const notColumns = ["key", "applications", "grants", "secrets", "lastReviewedAt"] as const;

/** The credential columns for a record (every present field when creating, the changed ones when updating). */
export function credentialColumns(r: CredentialRecord, only: Set<string> | null, refs: CredentialRefs): Partial<typeof credentials.$inferInsert> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(pick(r, only, notColumns))) {
    if (field in refColumn) {
      const f = field as keyof typeof refColumn;
      const map =
        f === "authorizationServer" ? refs.servers : f === "rotationPolicy" ? refs.policies : (credentialTeamFields as readonly string[]).includes(f) ? refs.teams : refs.people;
      out[refColumn[f]] = resolve(map, value as string | null, f) ?? null;
    } else out[field] = value;
  }
  return out;
}

export function scopeIdsOf(refs: CredentialRefs, apiId: string, grant: GrantRecord): string[] {
  return grant.scopes.map((name) => {
    const id = refs.scopes.get(`${apiId}\n${name}`);
    if (!id) throw new AppError("CONFLICT", `The scope "${name}" of API "${grant.api}" no longer exists; run the dry run again`);
    return id;
  });
}

export async function insertGrants(tx: Tx, rows: readonly { credentialId: string; grant: GrantRecord }[], refs: CredentialRefs) {
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

export async function syncApplications(tx: Tx, credentialId: string, keys: readonly string[], refs: CredentialRefs) {
  const wanted = keys.map((k) => resolve(refs.applications, k, "application") ?? "");
  const current = (await tx.select({ id: credentialApplications.applicationId }).from(credentialApplications).where(eq(credentialApplications.credentialId, credentialId))).map((r) => r.id);
  const removed = current.filter((id) => !wanted.includes(id));
  const added = wanted.filter((id) => !current.includes(id));
  if (removed.length) await tx.delete(credentialApplications).where(and(eq(credentialApplications.credentialId, credentialId), inArray(credentialApplications.applicationId, removed)));
  if (added.length) await tx.insert(credentialApplications).values(added.map((applicationId) => ({ credentialId, applicationId })));
}

/** Grants by API: kept grants keep their scopes' last-used times; a justification left out is kept. */
export async function syncGrants(tx: Tx, credentialId: string, wanted: readonly GrantRecord[], refs: CredentialRefs) {
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

export function secretColumns(s: Partial<SecretRecord>): Partial<typeof secrets.$inferInsert> {
  const { issuedAt, expiresAt, lastRotatedAt, leakedAt, remediatedAt, ...plain } = s;
  const dates = { expiresAt: date(expiresAt), lastRotatedAt: date(lastRotatedAt), leakedAt: date(leakedAt), remediatedAt: date(remediatedAt) };
  return { ...pick(plain, null, []), ...pick(dates, null, []), ...(issuedAt !== undefined ? { issuedAt: new Date(issuedAt) } : {}) };
}

export function newSecretRow(credentialId: string, s: SecretRecord): typeof secrets.$inferInsert {
  return { ...secretColumns(s), credentialId, kind: s.kind, storage: need(s.storage, "A new secret needs its storage"), issuedAt: new Date(s.issuedAt) };
}

export async function applyCredentials(ctx: BatchContext, batch: Batch): Promise<Applied> {
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
