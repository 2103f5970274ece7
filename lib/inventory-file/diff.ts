import { type CredentialFull, type FullOf, type GrantFull, type ScopeFull, type SecretFull } from "./full";
import { secretMatchKey, type ApiRecord, type CredentialRecord, type FileRecord, type GrantRecord, type SecretRecord } from "./records";

/**
 * What a file record would change in the stored record (pure). Only properties present in the
 * file are compared; lists of names compare as sets (order carries no meaning), so importing the
 * same file twice finds nothing to change the second time.
 */
const setFields = new Set(["members", "applications", "grantTypes", "supportedAuthMethods", "supportedGrantTypes"]);
const naturalKeys = new Set(["key", "email"]);

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((x) => set.has(x));
}

function sameScopes(file: NonNullable<ApiRecord["scopes"]>, current: readonly ScopeFull[]): boolean {
  if (file.length !== current.length) return false;
  const byName = new Map(current.map((s) => [s.name, s]));
  return file.every((s) => {
    const c = byName.get(s.name);
    return c !== undefined && c.privilege === s.privilege && c.description === s.description;
  });
}

function sameGrants(file: readonly GrantRecord[], current: readonly GrantFull[]): boolean {
  if (file.length !== current.length) return false;
  const byApi = new Map(current.map((g) => [g.api, g]));
  return file.every((g) => {
    const c = byApi.get(g.api);
    return c !== undefined && sameSet(g.scopes, c.scopes) && (g.justification === undefined || g.justification === c.justification);
  });
}

export type SecretChange =
  | { action: "create"; secret: SecretRecord }
  | { action: "update"; currentIndex: number; secret: SecretRecord; fields: (keyof SecretFull)[] };

/**
 * File secrets against stored ones, matched by (kind, issuedAt). Stored secrets the file does not
 * mention are left alone: secrets are evidence and an import never deletes them.
 */
export function diffSecrets(file: readonly SecretRecord[], current: readonly SecretFull[]): SecretChange[] {
  const byMatch = new Map<string, number>();
  current.forEach((s, i) => {
    const key = secretMatchKey(s);
    if (!byMatch.has(key)) byMatch.set(key, i);
  });
  const changes: SecretChange[] = [];
  for (const secret of file) {
    const index = byMatch.get(secretMatchKey(secret));
    const stored = index === undefined ? undefined : current[index];
    if (index === undefined || !stored) {
      changes.push({ action: "create", secret });
      continue;
    }
    const fields = (Object.keys(secret) as (keyof SecretRecord)[]).filter((f) => secret[f] !== undefined && secret[f] !== stored[f]);
    if (fields.length > 0) changes.push({ action: "update", currentIndex: index, secret, fields });
  }
  return changes;
}

export function changedFields<T extends FileRecord>(file: T, current: FullOf[T["type"]]): string[] {
  const record = file.record as Record<string, unknown>;
  const stored = current as Record<string, unknown>;
  const changed: string[] = [];
  for (const [field, value] of Object.entries(record)) {
    if (value === undefined || naturalKeys.has(field)) continue;
    const now = stored[field];
    let same: boolean;
    if (setFields.has(field)) same = sameSet(value as string[], now as string[]);
    else if (field === "scopes") same = sameScopes(value as NonNullable<ApiRecord["scopes"]>, now as ScopeFull[]);
    else if (field === "grants") same = sameGrants(value as GrantRecord[], now as GrantFull[]);
    else if (field === "secrets") same = diffSecrets(value as SecretRecord[], now as SecretFull[]).length === 0;
    else same = value === now;
    if (!same) changed.push(field);
  }
  return changed;
}

/** A credential record with every absent property filled from the stored one (or defaults for a new one). */
export function effectiveCredential(record: CredentialRecord, current: CredentialFull | undefined): Pick<CredentialFull, "authorizationServer" | "clientId" | "status" | "owner" | "backupOwner"> {
  return {
    owner: record.owner !== undefined ? record.owner : (current?.owner ?? null),
    backupOwner: record.backupOwner !== undefined ? record.backupOwner : (current?.backupOwner ?? null),
    authorizationServer: record.authorizationServer !== undefined ? record.authorizationServer : (current?.authorizationServer ?? null),
    clientId: record.clientId !== undefined ? record.clientId : (current?.clientId ?? null),
    status: record.status ?? current?.status ?? "active",
  };
}
