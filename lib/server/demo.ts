import "server-only";
import { randomBytes } from "node:crypto";
import { count, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { apis, apiScopes, applications, authorizationServers, credentials, people, teams } from "@/db/schema";
import type { AuditContext } from "@/db/queries/audit";
import { demoCounts, generateDemoOrganisation, type DemoOptions } from "@/lib/demo/generate";
import type { DemoOrganisation } from "@/lib/demo/types";
import { countSnapshotRows, writeSnapshotDay } from "@/db/queries/dashboard";
import { demoHistory } from "@/lib/demo/history";
import { utcDay } from "./dashboard/snapshot";
import { AppError } from "@/lib/errors";
import { copyFields, credentialPlainFields } from "@/lib/inventory-file/full";
import { audited } from "./audited";
import { collector, type Collect } from "./commands/collect";
import { createCredentials } from "./commands/credentials";
import { addTeamMembers, createPeople, createTeams } from "./commands/org";
import { createApis, createApplications, createServers } from "./commands/registry";
import { auditContext, type RequestContext } from "./context";
import { fingerprintOf } from "./fingerprint";
import { recomputeDue } from "./inventory/due";
import { recomputePosture } from "./posture/recompute";
import { stageDemoLifecycle, type DemoLifecycleCounts } from "./demo-lifecycle";

// Two loads started at once (two setup tabs, a CLI and a browser) must not both pass the "empty" check.
const DEMO_LOCK_KEY = 7_246_010;

export type DemoLoadResult = ReturnType<typeof demoCounts> & {
  /** Records that already existed under the same natural key and were reused, not changed. */
  reused: { teams: number; people: number; authorizationServers: number; apis: number; applications: number };
  /** Leak incidents, rotation requests and orphaned findings staged around the inventory. */
  lifecycle: DemoLifecycleCounts;
};

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
 * Loads the demo organisation (issue 7) in one audited transaction: the commands' batch forms
 * (lib/server/commands; no per-record events: the one `demo.loaded` event with the counts covers
 * them), derived due dates for every credential, lifecycle staged on those dates, then posture.
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
    const collect = collector(record);
    const reused = await writeRegistries(tx, collect, org);
    const created = await writeCredentials(tx, collect, org, fingerprints, reused.ids);
    // Not refreshCollected: the lifecycle is staged on the due dates, and posture then reads both.
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
async function writeRegistries(tx: Tx, collect: Collect, org: DemoOrganisation): Promise<{ ids: Ids; counts: DemoLoadResult["reused"] }> {
  const reuse = { skipExisting: true };
  const teamsReused = org.teams.length - (await createTeams(tx, collect, org.teams.map((t) => ({ values: { key: t.key, name: t.name, kind: t.kind } })), reuse)).length;
  const teamIds = idsByKey(await tx.select({ id: teams.id, key: teams.key }).from(teams).where(inArray(teams.key, org.teams.map((t) => t.key))));

  const peopleReused = org.people.length - (await createPeople(tx, collect, org.people.map((values) => ({ values })), reuse)).length;
  const personRows = await tx.select({ id: people.id, key: people.email }).from(people).where(inArray(people.email, org.people.map((p) => p.email)));
  const personIds = idsByKey(personRows);

  const memberships = org.teams.flatMap((t) => t.memberEmails.map((email) => ({ teamId: need(teamIds, t.key, "team"), personId: need(personIds, email, "person") })));
  await addTeamMembers(tx, memberships);

  const serversReused = org.servers.length - (await createServers(tx, collect, org.servers.map((values) => ({ values })), reuse)).length;
  const serverIds = idsByKey(await tx.select({ id: authorizationServers.id, key: authorizationServers.key }).from(authorizationServers).where(inArray(authorizationServers.key, org.servers.map((s) => s.key))));

  const apisReused =
    org.apis.length -
    (
      await createApis(
        tx,
        collect,
        org.apis.map((a) => ({
          values: { key: a.key, name: a.name, audience: a.audience, trustZone: a.trustZone, sensitivity: a.sensitivity, owningTeamId: opt(teamIds, a.owningTeamKey, "team") },
          scopes: a.scopes,
        })),
        reuse,
      )
    ).length;
  const apiIds = idsByKey(await tx.select({ id: apis.id, key: apis.key }).from(apis).where(inArray(apis.key, org.apis.map((a) => a.key))));
  const apiKeyById = new Map([...apiIds].map(([k, id]) => [id, k]));
  const scopeIds = new Map(
    (await tx.select({ id: apiScopes.id, apiId: apiScopes.apiId, name: apiScopes.name }).from(apiScopes).where(inArray(apiScopes.apiId, [...apiIds.values()]))).map((s) => [
      `${apiKeyById.get(s.apiId) ?? ""}|${s.name}`,
      s.id,
    ]),
  );

  const applicationsReused =
    org.applications.length -
    (await createApplications(tx, collect, org.applications.map(({ owningTeamKey, ...a }) => ({ values: { ...a, owningTeamId: opt(teamIds, owningTeamKey, "team") } })), reuse)).length;
  const applicationIds = idsByKey(await tx.select({ id: applications.id, key: applications.key }).from(applications).where(inArray(applications.key, org.applications.map((a) => a.key))));

  return {
    ids: { teams: teamIds, people: personIds, servers: serverIds, apis: apiIds, scopes: scopeIds, applications: applicationIds },
    counts: { teams: teamsReused, people: peopleReused, authorizationServers: serversReused, apis: apisReused, applications: applicationsReused },
  };
}

/** Credentials with their application links, grants (and scopes) and secret metadata, in one batch command. */
async function writeCredentials(tx: Tx, collect: Collect, org: DemoOrganisation, fingerprints: Map<string, string>, ids: Ids): Promise<string[]> {
  return createCredentials(
    tx,
    collect,
    org.credentials.map((c) => {
      const updatedAt = c.lastReviewedAt ?? c.createdAt;
      const decommissioned = c.status === "decommissioned";
      return {
        values: {
          ...copyFields(c, credentialPlainFields),
          authorizationServerId: opt(ids.servers, c.serverKey, "authorization server"),
          ownerId: opt(ids.people, c.ownerEmail, "person"),
          backupOwnerId: opt(ids.people, c.backupOwnerEmail, "person"),
          owningTeamId: opt(ids.teams, c.owningTeamKey, "team"),
          identityGovernanceTeamId: opt(ids.teams, c.identityGovernanceTeamKey, "team"),
          platformTeamId: opt(ids.teams, c.platformTeamKey, "team"),
          rotationOwnerId: opt(ids.people, c.rotationOwnerEmail, "person"),
          revocationOwnerId: opt(ids.people, c.revocationOwnerEmail, "person"),
          sdkOwnerId: opt(ids.people, c.sdkOwnerEmail, "person"),
          lastReviewedAt: c.lastReviewedAt,
          // Decommissioned records carry their decommission (reason, date, confirmation) like real ones.
          ...(decommissioned ? { decommissionedAt: updatedAt, decommissionReason: "no_longer_needed" as const, disabledAtServerConfirmed: true } : {}),
          createdAt: c.createdAt,
          updatedAt,
        },
        applicationIds: c.applicationKeys.map((key) => need(ids.applications, key, "application")),
        grants: c.grants.map((g) => ({ apiId: need(ids.apis, g.apiKey, "API"), justification: g.justification, scopeIds: g.scopes.map((scope) => need(ids.scopes, `${g.apiKey}|${scope}`, "scope")) })),
        secrets: c.secrets.map((s) => ({
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
        })),
      };
    }),
  );
}
