import "server-only";
import { inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { apiScopes, apis, applications, authorizationServers, credentials, rotationPolicies, secrets, teams } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { diffSecrets } from "@/lib/inventory-file/diff";
import { credentialPersonFields, credentialTeamFields } from "@/lib/inventory-file/model";
import { type CredentialRecord, type GrantRecord, type SecretRecord } from "@/lib/inventory-file/records";
import { loadCredentials, type LoadedCredential } from "../export";
import { chunked } from "./prepare";
import { createCredentials, createSecrets, updateCredentials, updateSecrets, type GrantWrite } from "../../commands/credentials";
import { type Batch, type Applied, type BatchContext, applyByKey, idsOf, personIdsOf, resolve, date, pick, need } from "./batch";

/** Import batches of credentials with their applications, grants and secrets, written by the credential commands. */
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

/** A file grant as the credential command writes it; a justification left out keeps the stored one. */
function grantWrite(refs: CredentialRefs, grant: GrantRecord): GrantWrite {
  const apiId = resolve(refs.apis, grant.api, "API") ?? "";
  return { apiId, scopeIds: scopeIdsOf(refs, apiId, grant), justification: grant.justification, grantedSince: grant.grantedSince ? new Date(grant.grantedSince) : null };
}

export function secretColumns(s: Partial<SecretRecord>): Partial<typeof secrets.$inferInsert> {
  const { issuedAt, expiresAt, lastRotatedAt, leakedAt, remediatedAt, ...plain } = s;
  const dates = { expiresAt: date(expiresAt), lastRotatedAt: date(lastRotatedAt), leakedAt: date(leakedAt), remediatedAt: date(remediatedAt) };
  return { ...pick(plain, null, []), ...pick(dates, null, []), ...(issuedAt !== undefined ? { issuedAt: new Date(issuedAt) } : {}) };
}

export function newSecretRow(s: SecretRecord): Omit<typeof secrets.$inferInsert, "credentialId"> {
  return { ...secretColumns(s), kind: s.kind, storage: need(s.storage, "A new secret needs its storage"), issuedAt: new Date(s.issuedAt) };
}

export async function applyCredentials(ctx: BatchContext, batch: Batch): Promise<Applied> {
  const refs = await credentialRefs(ctx.tx, batch.flatMap((b) => (b.file.type === "credential" ? [b.file.record] : [])));
  const applied = await applyByKey(ctx, batch, {
    load: loadCredentials,
    keyOf: (c) => c.full.key,
    createRow: (p) => {
      const r = p.file.record as CredentialRecord;
      return {
        values: {
          ...credentialColumns(r, null, refs),
          key: r.key,
          kind: r.kind ?? "oauth_client",
          name: need(r.name, `Credential "${r.key}" needs a name`),
          environment: need(r.environment, `Credential "${r.key}" needs an environment`),
        },
        applicationIds: (r.applications ?? []).map((key) => resolve(refs.applications, key, "application") ?? ""),
        grants: (r.grants ?? []).map((g) => ({ ...grantWrite(refs, g), justification: g.justification ?? null })),
        secrets: (r.secrets ?? []).map(newSecretRow),
      };
    },
    updateRow: (planned, fields) => {
      const r = planned.file.record as CredentialRecord;
      const only = new Set(fields);
      return {
        set: credentialColumns(r, only, refs),
        applicationIds: only.has("applications") && r.applications ? r.applications.map((key) => resolve(refs.applications, key, "application") ?? "") : undefined,
        grants: only.has("grants") && r.grants ? r.grants.map((g) => grantWrite(refs, g)) : undefined,
      };
    },
    create: createCredentials,
    update: updateCredentials,
  });
  const newSecrets: Parameters<typeof createSecrets>[2][number][] = [];
  const changedSecrets: Parameters<typeof updateSecrets>[2][number][] = [];
  for (const { planned, fields } of applied.changed) {
    const r = planned.file.record as CredentialRecord;
    const cur: LoadedCredential = planned.current;
    if (!fields.includes("secrets") || !r.secrets) continue;
    // Secrets matched by (kind, issuedAt): matches are updated, the rest created, none deleted; the record's event covers them.
    for (const change of diffSecrets(r.secrets, cur.full.secrets)) {
      if (change.action === "create") {
        newSecrets.push({ values: { ...newSecretRow(change.secret), credentialId: cur.id } });
        continue;
      }
      const secretId = cur.secretIds[change.currentIndex];
      if (!secretId) continue;
      const partial: Partial<SecretRecord> = {};
      for (const f of change.fields) Object.assign(partial, { [f]: change.secret[f] });
      changedSecrets.push({ id: secretId, set: secretColumns(partial) });
    }
  }
  await createSecrets(ctx.tx, ctx.collect, newSecrets);
  await updateSecrets(ctx.tx, ctx.collect, changedSecrets);
  return applied;
}
