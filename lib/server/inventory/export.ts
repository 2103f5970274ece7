import "server-only";
import { createHmac } from "node:crypto";
import { asc, eq, gt, inArray, type AnyColumn, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
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
import { copyFields, credentialPlainFields, type FullOf, type SecretFull } from "@/lib/inventory-file/full";
import type { RecordType } from "@/lib/inventory-file/model";
import { recordTypes, sectionOf } from "@/lib/inventory-file/model";
import type { InventoryFormat } from "@/lib/inventory-file/read";
import { csvHeader, csvRow, jsonFooter, jsonHeader, jsonRecord, jsonSectionEnd, jsonSectionStart, toFileJson } from "@/lib/inventory-file/write";
import { party, selectCredentialsWithParties } from "@/db/queries/credential-parties";
import { instanceSecrets } from "../instance-secrets";

/**
 * Export of the inventory file (DESIGN §8.2), and the loaders that turn stored rows into "full"
 * file records (keys and emails instead of ids). The import compares a file with the same
 * loaders' output, so what export writes is exactly what import understands.
 */

/** Names the pepper without revealing it: fingerprints are only comparable under the same pepper. */
export function fingerprintKeyId(pepper: string = instanceSecrets().fingerprintPepper): string {
  return createHmac("sha256", pepper).update("steward-fingerprint-key-id", "utf8").digest("hex").slice(0, 16);
}

export type Loaded<T extends RecordType> = { id: string; full: FullOf[T] };
export type LoadedCredential = Loaded<"credential"> & { secretIds: string[] };

/** Which records to load: by natural keys, or a keyset page after a key. */
export type Selection = { keys: readonly string[] } | { after: string | null; limit: number };

const CHUNK = 1000;

async function byChunks<T>(keys: readonly string[], load: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  const unique = [...new Set(keys)];
  for (let i = 0; i < unique.length; i += CHUNK) out.push(...(await load(unique.slice(i, i + CHUNK))));
  return out;
}

function groupBy<T, V>(rows: readonly T[], keyOf: (row: T) => string, valueOf: (row: T) => V): Map<string, V[]> {
  const map = new Map<string, V[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = map.get(key);
    if (list) list.push(valueOf(row));
    else map.set(key, [valueOf(row)]);
  }
  return map;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Runs `query` for a selection: chunked `key IN (…)`, or one ordered page. */
async function select<T>(sel: Selection, keyColumn: AnyColumn, query: (where: SQL | undefined, limit: number | undefined) => Promise<T[]>): Promise<T[]> {
  if ("keys" in sel) return byChunks(sel.keys, (chunk) => query(inArray(keyColumn, chunk), undefined));
  return query(sel.after === null ? undefined : gt(keyColumn, sel.after), sel.limit);
}

export async function loadPeople(q: Queryable, sel: Selection): Promise<Loaded<"person">[]> {
  const rows = await select(sel, people.email, (where, limit) => {
    const base = q.select({ id: people.id, email: people.email, name: people.name, isActive: people.isActive }).from(people).where(where).orderBy(asc(people.email));
    return limit === undefined ? base : base.limit(limit);
  });
  return rows.map((r) => ({ id: r.id, full: { email: r.email, name: r.name, active: r.isActive } }));
}

export async function loadTeams(q: Queryable, sel: Selection): Promise<Loaded<"team">[]> {
  const rows = await select(sel, teams.key, (where, limit) => {
    const base = q.select({ id: teams.id, key: teams.key, name: teams.name, kind: teams.kind }).from(teams).where(where).orderBy(asc(teams.key));
    return limit === undefined ? base : base.limit(limit);
  });
  const members = rows.length
    ? await byChunks(
        rows.map((r) => r.id),
        (ids) =>
          q
            .select({ teamId: teamMembers.teamId, email: people.email })
            .from(teamMembers)
            .innerJoin(people, eq(people.id, teamMembers.personId))
            .where(inArray(teamMembers.teamId, ids))
            .orderBy(asc(people.email)),
      )
    : [];
  const byTeam = groupBy(members, (m) => m.teamId, (m) => m.email);
  return rows.map((r) => ({ id: r.id, full: { key: r.key, name: r.name, kind: r.kind, members: (byTeam.get(r.id) ?? []).sort() } }));
}

export async function loadServers(q: Queryable, sel: Selection): Promise<Loaded<"authorizationServer">[]> {
  const rows = await select(sel, authorizationServers.key, (where, limit) => {
    const base = q.select().from(authorizationServers).where(where).orderBy(asc(authorizationServers.key));
    return limit === undefined ? base : base.limit(limit);
  });
  return rows.map((r) => ({
    id: r.id,
    full: {
      key: r.key,
      name: r.name,
      issuerUrl: r.issuerUrl,
      tokenEndpoint: r.tokenEndpoint,
      jwksUri: r.jwksUri,
      discoveryUrl: r.discoveryUrl,
      trustDomain: r.trustDomain,
      vendor: r.vendor,
      supportedAuthMethods: r.supportedAuthMethods,
      supportedGrantTypes: r.supportedGrantTypes,
    },
  }));
}

export async function loadApis(q: Queryable, sel: Selection): Promise<Loaded<"api">[]> {
  const rows = await select(sel, apis.key, (where, limit) => {
    const base = q
      .select({ id: apis.id, key: apis.key, name: apis.name, audience: apis.audience, trustZone: apis.trustZone, sensitivity: apis.sensitivity, owningTeam: teams.key })
      .from(apis)
      .leftJoin(teams, eq(teams.id, apis.owningTeamId))
      .where(where)
      .orderBy(asc(apis.key));
    return limit === undefined ? base : base.limit(limit);
  });
  const scopes = rows.length
    ? await byChunks(
        rows.map((r) => r.id),
        (ids) =>
          q
            .select({ apiId: apiScopes.apiId, name: apiScopes.name, description: apiScopes.description, privilege: apiScopes.privilege })
            .from(apiScopes)
            .where(inArray(apiScopes.apiId, ids))
            .orderBy(asc(apiScopes.name)),
      )
    : [];
  const byApi = groupBy(scopes, (s) => s.apiId, (s) => ({ name: s.name, description: s.description, privilege: s.privilege }));
  return rows.map(({ id, ...r }) => ({ id, full: { ...r, scopes: (byApi.get(id) ?? []).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) } }));
}

export async function loadApplications(q: Queryable, sel: Selection): Promise<Loaded<"application">[]> {
  const rows = await select(sel, applications.key, (where, limit) => {
    const base = q
      .select({
        id: applications.id,
        key: applications.key,
        name: applications.name,
        owningTeam: teams.key,
        environment: applications.environment,
        trustZone: applications.trustZone,
        thirdParty: applications.thirdParty,
        autonomous: applications.autonomous,
        status: applications.status,
      })
      .from(applications)
      .leftJoin(teams, eq(teams.id, applications.owningTeamId))
      .where(where)
      .orderBy(asc(applications.key));
    return limit === undefined ? base : base.limit(limit);
  });
  return rows.map(({ id, ...full }) => ({ id, full }));
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export async function loadCredentials(q: Queryable, sel: Selection): Promise<LoadedCredential[]> {
  const rows = await select(sel, credentials.key, (where, limit) => {
    const base = selectCredentialsWithParties(q, {
      c: credentials,
      server: authorizationServers.key,
      policy: rotationPolicies.key,
      owner: party.owner.email,
      backupOwner: party.backupOwner.email,
      rotationOwner: party.rotationOwner.email,
      revocationOwner: party.revocationOwner.email,
      sdkOwner: party.sdkOwner.email,
      owningTeam: party.owningTeam.key,
      identityGovernanceTeam: party.identityGovernanceTeam.key,
      platformTeam: party.platformTeam.key,
    })
      .leftJoin(authorizationServers, eq(authorizationServers.id, credentials.authorizationServerId))
      .leftJoin(rotationPolicies, eq(rotationPolicies.id, credentials.rotationPolicyId))
      .where(where)
      .orderBy(asc(credentials.key));
    return limit === undefined ? base : base.limit(limit);
  });
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.c.id);
  const [appRows, grantRows, scopeRows, secretRows] = await Promise.all([
    byChunks(ids, (chunk) =>
      q
        .select({ credentialId: credentialApplications.credentialId, key: applications.key })
        .from(credentialApplications)
        .innerJoin(applications, eq(applications.id, credentialApplications.applicationId))
        .where(inArray(credentialApplications.credentialId, chunk)),
    ),
    byChunks(ids, (chunk) =>
      q
        .select({ id: credentialGrants.id, credentialId: credentialGrants.credentialId, api: apis.key, justification: credentialGrants.justification, grantedSince: credentialGrants.createdAt })
        .from(credentialGrants)
        .innerJoin(apis, eq(apis.id, credentialGrants.apiId))
        .where(inArray(credentialGrants.credentialId, chunk)),
    ),
    byChunks(ids, (chunk) =>
      q
        .select({ grantId: credentialGrantScopes.grantId, name: apiScopes.name })
        .from(credentialGrantScopes)
        .innerJoin(credentialGrants, eq(credentialGrants.id, credentialGrantScopes.grantId))
        .innerJoin(apiScopes, eq(apiScopes.id, credentialGrantScopes.scopeId))
        .where(inArray(credentialGrants.credentialId, chunk)),
    ),
    byChunks(ids, (chunk) => q.select().from(secrets).where(inArray(secrets.credentialId, chunk))),
  ]);
  const appsBy = groupBy(appRows, (r) => r.credentialId, (r) => r.key);
  const scopesBy = groupBy(scopeRows, (r) => r.grantId, (r) => r.name);
  const grantsBy = groupBy(grantRows, (r) => r.credentialId, (r) => ({ api: r.api, scopes: (scopesBy.get(r.id) ?? []).sort(byString), justification: r.justification, grantedSince: r.grantedSince.toISOString() }));
  // Oldest first, then by id: the order an import matches file secrets against (DESIGN §8.2; secretMatchKey).
  secretRows.sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime() || byString(a.kind, b.kind) || byString(a.id, b.id));
  const secretsBy = groupBy(secretRows, (s) => s.credentialId, (s) => s);
  return rows.map((r) => {
    const c = r.c;
    const stored = secretsBy.get(c.id) ?? [];
    const secretList: SecretFull[] = stored.map((s) => ({
      kind: s.kind,
      issuedAt: s.issuedAt.toISOString(),
      storage: s.storage,
      storageRef: s.storageRef,
      expiresAt: iso(s.expiresAt),
      lastRotatedAt: iso(s.lastRotatedAt),
      status: s.status,
      fingerprint: s.fingerprint,
      leakedAt: iso(s.leakedAt),
      leakSource: s.leakSource,
      remediatedAt: iso(s.remediatedAt),
    }));
    return {
      id: c.id,
      secretIds: stored.map((s) => s.id),
      full: {
        ...copyFields(c, credentialPlainFields),
        authorizationServer: r.server,
        applications: (appsBy.get(c.id) ?? []).sort(byString),
        owner: r.owner,
        backupOwner: r.backupOwner,
        owningTeam: r.owningTeam,
        identityGovernanceTeam: r.identityGovernanceTeam,
        platformTeam: r.platformTeam,
        rotationOwner: r.rotationOwner,
        revocationOwner: r.revocationOwner,
        sdkOwner: r.sdkOwner,
        lastReviewedAt: iso(c.lastReviewedAt),
        rotationPolicy: r.policy,
        grants: (grantsBy.get(c.id) ?? []).sort((a, b) => byString(a.api, b.api)),
        secrets: secretList,
      },
    };
  });
}

type Loader = (q: Queryable, sel: Selection) => Promise<{ id: string; full: FullOf[RecordType] }[]>;

export const loaders: Record<RecordType, Loader> = {
  person: loadPeople,
  team: loadTeams,
  authorizationServer: loadServers,
  api: loadApis,
  application: loadApplications,
  credential: loadCredentials,
};

/** The natural key of a full record. */
export function fullKeyOf(type: RecordType, full: FullOf[RecordType]): string {
  return type === "person" ? (full as FullOf["person"]).email : (full as { key: string }).key;
}

// --- Streaming ---------------------------------------------------------------------------

export type ExportOptions = { pageSize?: number; pepper?: string; now?: Date };

async function* jsonChunks(q: Queryable, options: ExportOptions): AsyncGenerator<string> {
  const pageSize = options.pageSize ?? 200;
  yield jsonHeader({ exportedAt: (options.now ?? new Date()).toISOString(), fingerprintKeyId: fingerprintKeyId(options.pepper) });
  for (const type of recordTypes) {
    yield jsonSectionStart(sectionOf[type]);
    let after: string | null = null;
    let first = true;
    for (;;) {
      const page = await loaders[type](q, { after, limit: pageSize });
      if (page.length === 0) break;
      let chunk = "";
      for (const record of page) {
        chunk += jsonRecord(toFileJson(type, record.full), first);
        first = false;
      }
      yield chunk;
      const last = page.at(-1);
      if (!last || page.length < pageSize) break;
      after = fullKeyOf(type, last.full);
    }
    yield jsonSectionEnd(first);
  }
  yield jsonFooter;
}

async function* csvChunks(q: Queryable, options: ExportOptions): AsyncGenerator<string> {
  const pageSize = options.pageSize ?? 200;
  yield csvHeader();
  let after: string | null = null;
  for (;;) {
    const page = await loadCredentials(q, { after, limit: pageSize });
    if (page.length === 0) return;
    yield page.map((c) => csvRow(c.full)).join("");
    const last = page.at(-1);
    if (!last || page.length < pageSize) return;
    after = last.full.key;
  }
}

/** The export as chunks of text (tests read it whole; the route streams it). */
export function exportChunks(q: Queryable, format: InventoryFormat, options: ExportOptions = {}): AsyncGenerator<string> {
  return format === "json" ? jsonChunks(q, options) : csvChunks(q, options);
}

/**
 * A pull-based stream: the next page is read only when the client has taken the last one, so a
 * slow download holds one page in memory, not the inventory. Pages are read outside a
 * transaction (a long one would block the embedded database); each page is consistent.
 */
export function exportStream(q: Queryable, format: InventoryFormat, options: ExportOptions = {}): ReadableStream<Uint8Array> {
  const chunks = exportChunks(q, format, options);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

export async function exportText(q: Queryable, format: InventoryFormat, options: ExportOptions = {}): Promise<string> {
  let out = "";
  for await (const chunk of exportChunks(q, format, options)) out += chunk;
  return out;
}
