import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { count, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import {
  apis,
  apiScopes,
  applications,
  authorizationServers,
  credentialApplications,
  credentialGrants,
  credentialGrantScopes,
  credentials,
  people,
  secrets,
  teamMembers,
  teams,
} from "@/db/schema";
import type { AuditContext } from "@/db/queries/audit";
import { demoCounts, generateDemoOrganisation, type DemoOptions } from "@/lib/demo/generate";
import type { DemoOrganisation } from "@/lib/demo/types";
import { countSnapshotRows, writeSnapshotDay } from "@/db/queries/dashboard";
import { demoHistory } from "@/lib/demo/history";
import { utcDay } from "./dashboard/snapshot";
import { AppError } from "@/lib/errors";
import { audited } from "./audited";
import { auditContext, type RequestContext } from "./context";
import { fingerprintOf } from "./fingerprint";
import { recomputeDue } from "./inventory/due";
import { recomputePosture } from "./posture/recompute";
import { stageDemoLifecycle, type DemoLifecycleCounts } from "./demo-lifecycle";

/** Rows per INSERT: large enough to be set-based, small enough to stay far below the 65 535-parameter limit. */
const BATCH = 250;
// Two loads started at once (two setup tabs, a CLI and a browser) must not both pass the "empty" check.
const DEMO_LOCK_KEY = 7_246_010;

export type DemoLoadResult = ReturnType<typeof demoCounts> & {
  /** Records that already existed under the same natural key and were reused, not changed. */
  reused: { teams: number; people: number; authorizationServers: number; apis: number; applications: number };
  /** Leak incidents, rotation requests and orphaned findings staged around the inventory. */
  lifecycle: DemoLifecycleCounts;
};

async function inBatches<T>(rows: readonly T[], write: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await write(rows.slice(i, i + BATCH));
}

/** Inserts in batches and says how many rows were new (conflicting rows are skipped). */
async function insertNew<T>(rows: readonly T[], write: (batch: T[]) => Promise<unknown[]>): Promise<number> {
  let created = 0;
  for (let i = 0; i < rows.length; i += BATCH) created += (await write(rows.slice(i, i + BATCH))).length;
  return created;
}

function idsByKey(rows: readonly { id: string; key: string }[]): Map<string, string> {
  return new Map(rows.map((r) => [r.key, r.id]));
}

function need(map: Map<string, string>, key: string, what: string): string {
  const id = map.get(key);
  // Only reachable when an existing record holds a unique value the demo wants (an issuer, an audience) under another key.
  if (id === undefined) throw new AppError("INVALID_STATE", `The demo ${what} "${key}" clashes with an existing record; load the demo into an empty Steward`);
  return id;
}

const opt = (map: Map<string, string>, key: string | null, what: string) => (key === null ? null : need(map, key, what));

/**
 * Fingerprints for the staged secrets: one random value per group, HMAC'd and dropped at once.
 * Secrets in the same group share the value, so reuse and leak-lookup findings have real fingerprints.
 */
function stageFingerprints(org: DemoOrganisation): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of org.credentials) {
    for (const s of c.secrets) {
      if (s.fingerprintGroup !== null && !out.has(s.fingerprintGroup)) {
        out.set(s.fingerprintGroup, fingerprintOf(randomBytes(32).toString("base64url")));
      }
    }
  }
  return out;
}

/**
 * Loads the demo organisation (issue 7) in one audited transaction: set-based batch inserts,
 * derived due dates for every credential, and one `demo.loaded` event with the counts.
 * Refuses when the inventory already has credentials: demo data never mixes with real records.
 */
export async function loadDemoData(db: Db, ctx: RequestContext | AuditContext, now: Date = new Date(), options: DemoOptions = {}): Promise<DemoLoadResult> {
  const org = generateDemoOrganisation(now, options);
  const fingerprints = stageFingerprints(org);
  const audit = "origin" in ctx ? auditContext(ctx) : ctx;
  return audited(db, audit, async (tx, record) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${DEMO_LOCK_KEY})`);
    const [existing] = await tx.select({ n: count() }).from(credentials);
    if ((existing?.n ?? 0) > 0) {
      throw new AppError("INVALID_STATE", "The inventory already has credentials; demo data can only be loaded into an empty inventory");
    }
    const reused = await writeRegistries(tx, org);
    const created = await writeCredentials(tx, org, fingerprints, reused.ids);
    await recomputeDue(tx, created, now);
    const lifecycle = await stageDemoLifecycle(tx, record, created, "origin" in ctx ? (ctx.actor?.userId ?? null) : null, now);
    // The posture rules over the whole demo inventory, so Findings and Controls have something to show.
    await recomputePosture(tx, record, created, now);
    // Today's dashboard snapshot from the real counts, and a made-up past (lib/demo/history) for the trend charts.
    const today = await countSnapshotRows(tx, now);
    await writeSnapshotDay(tx, utcDay(now), now, today);
    for (const { day, rows } of demoHistory(today, utcDay(now))) await writeSnapshotDay(tx, day, new Date(`${day}T23:59:00Z`), rows);
    const counts = demoCounts(org);
    const result: DemoLoadResult = { ...counts, reused: reused.counts, lifecycle };
    await record({ action: "demo.loaded", targetType: "inventory", payload: { organisation: org.name, seed: options.seed ?? null, ...result } });
    return result;
  });
}

type Ids = { teams: Map<string, string>; people: Map<string, string>; servers: Map<string, string>; apis: Map<string, string>; scopes: Map<string, string>; applications: Map<string, string> };

/** Teams, people, servers, APIs with scopes, applications: inserted unless their natural key exists already (then reused untouched). */
async function writeRegistries(tx: Tx, org: DemoOrganisation): Promise<{ ids: Ids; counts: DemoLoadResult["reused"] }> {
  const teamsReused =
    org.teams.length -
    (await insertNew(org.teams, (b) => tx.insert(teams).values(b.map((t) => ({ key: t.key, name: t.name, kind: t.kind }))).onConflictDoNothing().returning({ id: teams.id })));
  const teamIds = idsByKey(await tx.select({ id: teams.id, key: teams.key }).from(teams).where(inArray(teams.key, org.teams.map((t) => t.key))));

  const peopleReused = org.people.length - (await insertNew(org.people, (b) => tx.insert(people).values(b).onConflictDoNothing({ target: people.email }).returning({ id: people.id })));
  const personRows = await tx.select({ id: people.id, key: people.email }).from(people).where(inArray(people.email, org.people.map((p) => p.email)));
  const personIds = idsByKey(personRows);

  const memberships = org.teams.flatMap((t) => t.memberEmails.map((email) => ({ teamId: need(teamIds, t.key, "team"), personId: need(personIds, email, "person") })));
  await inBatches(memberships, (b) => tx.insert(teamMembers).values(b).onConflictDoNothing());

  const serversReused =
    org.servers.length - (await insertNew(org.servers, (b) => tx.insert(authorizationServers).values(b).onConflictDoNothing().returning({ id: authorizationServers.id })));
  const serverIds = idsByKey(await tx.select({ id: authorizationServers.id, key: authorizationServers.key }).from(authorizationServers).where(inArray(authorizationServers.key, org.servers.map((s) => s.key))));

  const apisReused =
    org.apis.length -
    (await insertNew(org.apis, (b) =>
      tx
        .insert(apis)
        .values(b.map((a) => ({ key: a.key, name: a.name, audience: a.audience, trustZone: a.trustZone, sensitivity: a.sensitivity, owningTeamId: opt(teamIds, a.owningTeamKey, "team") })))
        .onConflictDoNothing()
        .returning({ id: apis.id }),
    ));
  const apiIds = idsByKey(await tx.select({ id: apis.id, key: apis.key }).from(apis).where(inArray(apis.key, org.apis.map((a) => a.key))));
  const scopeRows = org.apis.flatMap((a) => a.scopes.map((s) => ({ apiId: need(apiIds, a.key, "API"), name: s.name, description: s.description, privilege: s.privilege })));
  await inBatches(scopeRows, (b) => tx.insert(apiScopes).values(b).onConflictDoNothing());
  const apiKeyById = new Map([...apiIds].map(([k, id]) => [id, k]));
  const scopeIds = new Map(
    (await tx.select({ id: apiScopes.id, apiId: apiScopes.apiId, name: apiScopes.name }).from(apiScopes).where(inArray(apiScopes.apiId, [...apiIds.values()]))).map((s) => [
      `${apiKeyById.get(s.apiId) ?? ""}|${s.name}`,
      s.id,
    ]),
  );

  const applicationsReused =
    org.applications.length -
    (await insertNew(org.applications, (b) =>
      tx
        .insert(applications)
        .values(b.map(({ owningTeamKey, ...a }) => ({ ...a, owningTeamId: opt(teamIds, owningTeamKey, "team") })))
        .onConflictDoNothing()
        .returning({ id: applications.id }),
    ));
  const applicationIds = idsByKey(await tx.select({ id: applications.id, key: applications.key }).from(applications).where(inArray(applications.key, org.applications.map((a) => a.key))));

  return {
    ids: { teams: teamIds, people: personIds, servers: serverIds, apis: apiIds, scopes: scopeIds, applications: applicationIds },
    counts: { teams: teamsReused, people: peopleReused, authorizationServers: serversReused, apis: apisReused, applications: applicationsReused },
  };
}

/** Credentials with their application links, grants (and scopes) and secret metadata. Ids are made here so children need no round trip. */
async function writeCredentials(tx: Tx, org: DemoOrganisation, fingerprints: Map<string, string>, ids: Ids): Promise<string[]> {
  const credentialRows: (typeof credentials.$inferInsert)[] = [];
  const linkRows: (typeof credentialApplications.$inferInsert)[] = [];
  const grantRows: (typeof credentialGrants.$inferInsert)[] = [];
  const grantScopeRows: (typeof credentialGrantScopes.$inferInsert)[] = [];
  const secretRows: (typeof secrets.$inferInsert)[] = [];
  const created: string[] = [];
  for (const c of org.credentials) {
    const id = randomUUID();
    created.push(id);
    credentialRows.push({
      id,
      key: c.key,
      kind: c.kind,
      name: c.name,
      description: c.description,
      environment: c.environment,
      status: c.status,
      clientId: c.clientId,
      authorizationServerId: opt(ids.servers, c.serverKey, "authorization server"),
      tokenEndpoint: c.tokenEndpoint,
      grantTypes: c.grantTypes,
      clientAuthMethod: c.clientAuthMethod,
      accessTokenTtlSeconds: c.accessTokenTtlSeconds,
      refreshTokenTtlSeconds: c.refreshTokenTtlSeconds,
      ownerId: opt(ids.people, c.ownerEmail, "person"),
      backupOwnerId: opt(ids.people, c.backupOwnerEmail, "person"),
      owningTeamId: opt(ids.teams, c.owningTeamKey, "team"),
      identityGovernanceTeamId: opt(ids.teams, c.identityGovernanceTeamKey, "team"),
      platformTeamId: opt(ids.teams, c.platformTeamKey, "team"),
      rotationOwnerId: opt(ids.people, c.rotationOwnerEmail, "person"),
      revocationOwnerId: opt(ids.people, c.revocationOwnerEmail, "person"),
      breakGlassProcedure: c.breakGlassProcedure,
      sdkName: c.sdkName,
      sdkVersion: c.sdkVersion,
      sdkOwnerId: opt(ids.people, c.sdkOwnerEmail, "person"),
      tokenCache: c.tokenCache,
      tokenPersistence: c.tokenPersistence,
      logsRedactTokens: c.logsRedactTokens,
      reviewCadenceDays: c.reviewCadenceDays,
      lastReviewedAt: c.lastReviewedAt,
      createdAt: c.createdAt,
      updatedAt: c.lastReviewedAt ?? c.createdAt,
    });
    for (const key of c.applicationKeys) linkRows.push({ credentialId: id, applicationId: need(ids.applications, key, "application") });
    for (const g of c.grants) {
      const grantId = randomUUID();
      grantRows.push({ id: grantId, credentialId: id, apiId: need(ids.apis, g.apiKey, "API"), justification: g.justification });
      for (const scope of g.scopes) grantScopeRows.push({ grantId, scopeId: need(ids.scopes, `${g.apiKey}|${scope}`, "scope") });
    }
    for (const s of c.secrets) {
      secretRows.push({
        credentialId: id,
        kind: s.kind,
        storage: s.storage,
        storageRef: s.storageRef,
        issuedAt: s.issuedAt,
        expiresAt: s.expiresAt,
        lastRotatedAt: s.lastRotatedAt,
        status: s.status,
        fingerprint: s.fingerprintGroup === null ? null : (fingerprints.get(s.fingerprintGroup) ?? null),
        leakedAt: s.leakedAt,
        leakSource: s.leakSource,
        remediatedAt: s.remediatedAt,
        createdAt: s.issuedAt,
        updatedAt: s.remediatedAt ?? s.issuedAt,
      });
    }
  }
  await inBatches(credentialRows, (b) => tx.insert(credentials).values(b));
  await inBatches(linkRows, (b) => tx.insert(credentialApplications).values(b));
  await inBatches(grantRows, (b) => tx.insert(credentialGrants).values(b));
  await inBatches(grantScopeRows, (b) => tx.insert(credentialGrantScopes).values(b));
  await inBatches(secretRows, (b) => tx.insert(secrets).values(b));
  return created;
}
