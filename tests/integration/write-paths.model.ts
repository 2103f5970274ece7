import { and, eq, inArray } from "drizzle-orm";
import fc from "fast-check";
import { propertyParameters } from "../support/property";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db, Queryable } from "@/db/client";
import { applications, apis, apiScopes, credentials, findings, people, rotationPolicies, teams } from "@/db/schema";
import { countSnapshotRows } from "@/db/queries/dashboard";
import { collectingAudit } from "@/lib/server/audited";
import { addSecret, createCredential, updateCredential } from "@/lib/server/inventory/credentials";
import { applyImport, prepareImport } from "@/lib/server/inventory/import";
import { createApi, createApplication, updateApi, updateApplication } from "@/lib/server/inventory/registry";
import { syncOrphanedFindings } from "@/lib/server/lifecycle/departures";
import { createPerson, createTeam, updatePerson } from "@/lib/server/org";
import { refreshCredentials } from "@/lib/server/posture/refresh";
import { apiInput, applicationInput, credentialInput, secretInput, updateApiInput, updateApplicationInput, updateCredentialInput } from "@/lib/validation/inventory";
import { contextAs } from "../support/context";
import { drivers, freshDatabase, type Driver, type TestDatabase } from "../support/db";

/**
 * One road for every write (issue 19 §1): a random sequence of inventory changes is applied once
 * through the services behind the REST API and once as inventory files through the import, and
 * both databases must hold the same findings, due dates and dashboard counts. After every step
 * the stored derived state must also equal a from-scratch recompute (run in a transaction that is
 * rolled back). Each run works under its own key prefix, so runs share two databases without
 * touching each other's records. Set MODEL_SEED / MODEL_RUNS to replay or widen a search.
 */

const zones = ["internal", "partner", "vendor-saas"] as const;
const sensitivities = ["low", "moderate", "high", "critical"] as const;
const PEOPLE = 3;

type Op =
  | { op: "createApp"; zone: number; thirdParty: boolean }
  | { op: "appZone"; app: number; zone: number }
  | { op: "appStatus"; app: number; retired: boolean }
  | { op: "appThirdParty"; app: number; thirdParty: boolean }
  | { op: "createApi"; zone: number; sensitivity: number }
  | { op: "apiZone"; api: number; zone: number }
  | { op: "apiSensitivity"; api: number; sensitivity: number }
  | { op: "createCredential"; apps: number[]; apis: number[]; owner: number | null; backup: number | null }
  | { op: "credentialApps"; credential: number; apps: number[] }
  | { op: "credentialGrants"; credential: number; apis: number[] }
  | { op: "credentialOwner"; credential: number; owner: number | null }
  | { op: "credentialStatus"; credential: number; suspended: boolean }
  | { op: "personActive"; person: number; active: boolean };

const small = fc.nat({ max: 7 });
const subset = fc.uniqueArray(small, { maxLength: 3 });
const personRef = fc.option(fc.nat({ max: PEOPLE - 1 }), { nil: null });

const allOps: fc.Arbitrary<Op>[] = [
  fc.record({ op: fc.constant("createApp" as const), zone: fc.nat({ max: 2 }), thirdParty: fc.boolean() }),
  fc.record({ op: fc.constant("appZone" as const), app: small, zone: fc.nat({ max: 2 }) }),
  fc.record({ op: fc.constant("appStatus" as const), app: small, retired: fc.boolean() }),
  fc.record({ op: fc.constant("appThirdParty" as const), app: small, thirdParty: fc.boolean() }),
  fc.record({ op: fc.constant("createApi" as const), zone: fc.nat({ max: 2 }), sensitivity: fc.nat({ max: 3 }) }),
  fc.record({ op: fc.constant("apiZone" as const), api: small, zone: fc.nat({ max: 2 }) }),
  fc.record({ op: fc.constant("apiSensitivity" as const), api: small, sensitivity: fc.nat({ max: 3 }) }),
  fc
    .record({ op: fc.constant("createCredential" as const), apps: subset, apis: subset, owner: personRef, backup: personRef })
    // One person as owner and backup is refused by both roads (422 / an invalid record): the model drives valid changes.
    .filter((c) => c.owner === null || c.owner !== c.backup),
  fc.record({ op: fc.constant("credentialApps" as const), credential: small, apps: subset }),
  fc.record({ op: fc.constant("credentialGrants" as const), credential: small, apis: subset }),
  fc.record({ op: fc.constant("credentialOwner" as const), credential: small, owner: personRef }),
  fc.record({ op: fc.constant("credentialStatus" as const), credential: small, suspended: fc.boolean() }),
  fc.record({ op: fc.constant("personActive" as const), person: fc.nat({ max: PEOPLE - 1 }), active: fc.boolean() }),
];
/** MODEL_OPS=createApp,appZone,… narrows the search to some kinds of change (creations always stay). */
const onlyOps = process.env.MODEL_OPS?.split(",");
const opArb: fc.Arbitrary<Op> = fc.oneof(...allOps.filter((a) => !onlyOps || onlyOps.some((o) => fc.sample(a, 1)[0]?.op === o || fc.sample(a, 1)[0]?.op.startsWith("create"))));

/** What exists in a run (both sides hold the same keys). */
type Model = {
  prefix: string;
  apps: string[];
  apis: string[];
  credentials: string[];
  /** Each credential's owner and backup owner (indexes into people), to know which changes both roads must refuse. */
  holders: { owner: number | null; backup: number | null }[];
  people: string[];
  team: string;
};

const pick = <T>(list: readonly T[], i: number): T | undefined => (list.length === 0 ? undefined : list[i % list.length]);
const picks = <T>(list: readonly T[], is: readonly number[]): T[] => [...new Set(is.flatMap((i) => (list.length ? [list[i % list.length] as T] : [])))];

const admin = contextAs("admin");
const SECRET = { kind: "client_secret", storage: "vault", issuedAt: "2026-01-01T00:00:00.000Z", expiresAt: "2027-01-01T00:00:00.000Z" } as const;

// --- The REST side: the services the route handlers call, by id ---------------------------------

async function idOf(db: Db, table: typeof applications | typeof apis | typeof credentials | typeof teams, key: string): Promise<string> {
  const [row] = await db.select({ id: table.id }).from(table).where(eq(table.key, key));
  if (!row) throw new Error(`no row for ${key}`);
  return row.id;
}

async function personId(db: Db, email: string | undefined): Promise<string | null> {
  if (!email) return null;
  const [row] = await db.select({ id: people.id }).from(people).where(eq(people.email, email));
  return row?.id ?? null;
}

async function grantsOf(db: Db, apiKeys: readonly string[]) {
  const out: { apiId: string; scopeIds: string[] }[] = [];
  for (const key of apiKeys) {
    const apiId = await idOf(db, apis, key);
    const scopes = await db.select({ id: apiScopes.id }).from(apiScopes).where(and(eq(apiScopes.apiId, apiId), eq(apiScopes.name, "read")));
    out.push({ apiId, scopeIds: scopes.map((s) => s.id) });
  }
  return out;
}

async function applyRest(db: Db, m: Model, op: Op): Promise<void> {
  switch (op.op) {
    case "createApp":
      await createApplication(db, admin, applicationInput.parse({ key: `${m.prefix}-app${m.apps.length}`, name: `${m.prefix} app ${m.apps.length}`, environment: "production", trustZone: zones[op.zone], thirdParty: op.thirdParty }));
      return;
    case "appZone":
    case "appStatus":
    case "appThirdParty": {
      const key = pick(m.apps, op.app);
      if (!key) return;
      const patch = op.op === "appZone" ? { trustZone: zones[op.zone] } : op.op === "appStatus" ? { status: op.retired ? "retired" : "active" } : { thirdParty: op.thirdParty };
      await updateApplication(db, admin, await idOf(db, applications, key), updateApplicationInput.parse(patch));
      return;
    }
    case "createApi": {
      const n = m.apis.length;
      await createApi(
        db,
        admin,
        apiInput.parse({ key: `${m.prefix}-api${n}`, name: `${m.prefix} api ${n}`, audience: `https://${m.prefix}-api${n}.example.test`, trustZone: zones[op.zone], sensitivity: sensitivities[op.sensitivity], scopes: [{ name: "read", privilege: "read" }] }),
      );
      return;
    }
    case "apiZone":
    case "apiSensitivity": {
      const key = pick(m.apis, op.api);
      if (!key) return;
      const patch = op.op === "apiZone" ? { trustZone: zones[op.zone] } : { sensitivity: sensitivities[op.sensitivity] };
      await updateApi(db, admin, await idOf(db, apis, key), updateApiInput.parse(patch));
      return;
    }
    case "createCredential": {
      const n = m.credentials.length;
      const created = await createCredential(
        db,
        admin,
        credentialInput.parse({
          key: `${m.prefix}-cred${n}`,
          name: `${m.prefix} cred ${n}`,
          environment: "production",
          owningTeamId: await idOf(db, teams, m.team),
          ownerId: op.owner === null ? null : await personId(db, m.people[op.owner]),
          backupOwnerId: op.backup === null ? null : await personId(db, m.people[op.backup]),
          applicationIds: await Promise.all(picks(m.apps, op.apps).map((k) => idOf(db, applications, k))),
          grants: await grantsOf(db, picks(m.apis, op.apis)),
        }),
      );
      await addSecret(db, admin, created.credential.id, secretInput.parse(SECRET));
      return;
    }
    case "credentialApps":
    case "credentialGrants":
    case "credentialOwner":
    case "credentialStatus": {
      const key = pick(m.credentials, op.credential);
      if (!key) return;
      const patch =
        op.op === "credentialApps"
          ? { applicationIds: await Promise.all(picks(m.apps, op.apps).map((k) => idOf(db, applications, k))) }
          : op.op === "credentialGrants"
            ? { grants: await grantsOf(db, picks(m.apis, op.apis)) }
            : op.op === "credentialOwner"
              ? { ownerId: op.owner === null ? null : await personId(db, m.people[op.owner]) }
              : { status: op.suspended ? "suspended" : "active" };
      await updateCredential(db, admin, await idOf(db, credentials, key), updateCredentialInput.parse(patch));
      return;
    }
    case "personActive": {
      const id = await personId(db, m.people[op.person]);
      if (id) await updatePerson(db, admin, id, { isActive: op.active });
      return;
    }
  }
}

// --- The import side: the same change as an inventory file, by key ------------------------------

type File = { people?: unknown[]; teams?: unknown[]; apis?: unknown[]; applications?: unknown[]; credentials?: unknown[] };

function fileOf(m: Model, op: Op): File | null {
  switch (op.op) {
    case "createApp":
      return { applications: [{ key: `${m.prefix}-app${m.apps.length}`, name: `${m.prefix} app ${m.apps.length}`, environment: "production", trustZone: zones[op.zone], thirdParty: op.thirdParty }] };
    case "appZone":
    case "appStatus":
    case "appThirdParty": {
      const key = pick(m.apps, op.app);
      if (!key) return null;
      const patch = op.op === "appZone" ? { trustZone: zones[op.zone] } : op.op === "appStatus" ? { status: op.retired ? "retired" : "active" } : { thirdParty: op.thirdParty };
      return { applications: [{ key, ...patch }] };
    }
    case "createApi": {
      const n = m.apis.length;
      return {
        apis: [
          { key: `${m.prefix}-api${n}`, name: `${m.prefix} api ${n}`, audience: `https://${m.prefix}-api${n}.example.test`, trustZone: zones[op.zone], sensitivity: sensitivities[op.sensitivity], scopes: [{ name: "read", privilege: "read" }] },
        ],
      };
    }
    case "apiZone":
    case "apiSensitivity": {
      const key = pick(m.apis, op.api);
      if (!key) return null;
      return { apis: [{ key, ...(op.op === "apiZone" ? { trustZone: zones[op.zone] } : { sensitivity: sensitivities[op.sensitivity] }) }] };
    }
    case "createCredential": {
      const n = m.credentials.length;
      return {
        credentials: [
          {
            key: `${m.prefix}-cred${n}`,
            name: `${m.prefix} cred ${n}`,
            environment: "production",
            owningTeam: m.team,
            owner: op.owner === null ? null : m.people[op.owner],
            backupOwner: op.backup === null ? null : m.people[op.backup],
            applications: picks(m.apps, op.apps),
            grants: picks(m.apis, op.apis).map((api) => ({ api, scopes: ["read"] })),
            secrets: [SECRET],
          },
        ],
      };
    }
    case "credentialApps":
    case "credentialGrants":
    case "credentialOwner":
    case "credentialStatus": {
      const key = pick(m.credentials, op.credential);
      if (!key) return null;
      const patch =
        op.op === "credentialApps"
          ? { applications: picks(m.apps, op.apps) }
          : op.op === "credentialGrants"
            ? { grants: picks(m.apis, op.apis).map((api) => ({ api, scopes: ["read"] })) }
            : op.op === "credentialOwner"
              ? { owner: op.owner === null ? null : m.people[op.owner] }
              : { status: op.suspended ? "suspended" : "active" };
      return { credentials: [{ key, ...patch }] };
    }
    case "personActive": {
      const email = m.people[op.person];
      return email ? { people: [{ email, active: op.active }] } : null;
    }
  }
}

async function importFile(db: Db, file: File): Promise<void> {
  const prepared = await prepareImport(db, JSON.stringify({ format: "steward-inventory/v1", ...file }), "json");
  await applyImport(db, admin, prepared, { mode: "apply" });
}

/** The model after an op: which records now exist. */
function advance(m: Model, op: Op): void {
  if (op.op === "createApp") m.apps.push(`${m.prefix}-app${m.apps.length}`);
  if (op.op === "createApi") m.apis.push(`${m.prefix}-api${m.apis.length}`);
  if (op.op === "createCredential") {
    m.credentials.push(`${m.prefix}-cred${m.credentials.length}`);
    m.holders.push({ owner: op.owner, backup: op.backup });
  }
  if (op.op === "credentialOwner") {
    const holders = pick(m.holders, op.credential);
    if (holders) holders.owner = op.owner;
  }
}

/** A change both roads must refuse (and leave no trace of): one person as owner and backup owner. */
function isRefused(m: Model, op: Op): boolean {
  return op.op === "credentialOwner" && op.owner !== null && pick(m.holders, op.credential)?.backup === op.owner;
}

// --- What must agree ------------------------------------------------------------------------

const day = (d: Date | null) => d?.toISOString().slice(0, 10) ?? null;

/** Findings, due dates and effective policy of the run's credentials, by key (ids differ between databases). */
async function derivedState(q: Queryable, m: Model) {
  if (m.credentials.length === 0) return {};
  const rows = await q
    .select({ key: credentials.key, rotationDueAt: credentials.rotationDueAt, reviewDueAt: credentials.reviewDueAt, policy: rotationPolicies.key })
    .from(credentials)
    .leftJoin(rotationPolicies, eq(rotationPolicies.id, credentials.effectivePolicyId))
    .where(inArray(credentials.key, m.credentials));
  const open = await q
    .select({ key: credentials.key, ruleId: findings.ruleId, status: findings.status, severity: findings.severity })
    .from(findings)
    .innerJoin(credentials, eq(credentials.id, findings.credentialId))
    .where(and(inArray(credentials.key, m.credentials), inArray(findings.status, ["open", "excepted"])));
  const state: Record<string, { policy: string | null; rotationDue: string | null; reviewDue: string | null; findings: string[] }> = {};
  for (const r of rows) state[r.key] = { policy: r.policy, rotationDue: day(r.rotationDueAt), reviewDue: day(r.reviewDueAt), findings: [] };
  for (const f of open) state[f.key]?.findings.push(`${f.ruleId}:${f.status}:${f.severity}`);
  for (const s of Object.values(state)) s.findings.sort();
  return state;
}

/** The run's dashboard counts: the snapshot figures of its own team. */
async function dashboardCounts(db: Db, m: Model) {
  const teamId = await idOf(db, teams, m.team);
  return (await countSnapshotRows(db, new Date())).filter((r) => r.teamId === teamId).map(({ teamId: _id, ...counts }) => counts);
}

class Rollback extends Error {}

/** Stored derived state equals a from-scratch recompute of every run credential (rolled back afterwards). */
async function expectMatchesRecompute(db: Db, m: Model, label: string) {
  if (m.credentials.length === 0) return;
  await db
    .transaction(async (tx) => {
      const stored = await derivedState(tx, m);
      const ids = (await tx.select({ id: credentials.id }).from(credentials).where(inArray(credentials.key, m.credentials))).map((r) => r.id);
      const audit = collectingAudit([]);
      await refreshCredentials(tx, audit, ids);
      await syncOrphanedFindings(tx, audit, ids);
      expect(stored, `${label}: stored findings and due dates differ from a from-scratch recompute`).toEqual(await derivedState(tx, m));
      throw new Rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
}

let runCounter = 0;

async function setUp(rest: Db, imp: Db): Promise<Model> {
  const prefix = `m${++runCounter}${Math.random().toString(36).slice(2, 6)}`;
  const m: Model = { prefix, apps: [], apis: [], credentials: [], holders: [], people: Array.from({ length: PEOPLE }, (_, i) => `${prefix}.p${i}@example.test`), team: `${prefix}-team` };
  const ids: string[] = [];
  for (const [i, email] of m.people.entries()) ids.push((await createPerson(rest, admin, { email, name: `${prefix} person ${i}`, isActive: true })).id);
  await createTeam(rest, admin, { key: m.team, name: `${prefix} team`, kind: "application", memberIds: ids });
  await importFile(imp, {
    people: m.people.map((email, i) => ({ email, name: `${prefix} person ${i}`, active: true })),
    teams: [{ key: m.team, name: `${prefix} team`, kind: "application", members: m.people }],
  });
  return m;
}

const seed = process.env.MODEL_SEED ? Number(process.env.MODEL_SEED) : Date.now() ^ (Math.random() * 0x7fffffff);
const numRuns = process.env.MODEL_RUNS ? Number(process.env.MODEL_RUNS) : 100;

/**
 * The model's suite on one driver. Each driver has its own test file (write-paths.model.*.test.ts),
 * so the two ~40-second searches run on both test workers at once instead of one after the other.
 */
export function describeWritePathsModel(driver: Driver): void {
  describe.runIf(drivers.includes(driver))(`[MODEL] REST and import write the same derived state on ${driver}`, () => {
    let rest: TestDatabase;
    let imp: TestDatabase;
    beforeAll(async () => {
      rest = await freshDatabase(driver);
      imp = await freshDatabase(driver);
    });
    afterAll(async () => {
      await rest.close();
      await imp.close();
    });

    it("[MODEL] a random sequence of changes gives the same findings, due dates and dashboard counts through REST and import", async () => {
      console.log(`[MODEL] ${driver}: seed=${seed} runs=${numRuns} (replay with MODEL_SEED=${seed})`);
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 14 }), async (ops) => {
          const m = await setUp(rest.db, imp.db);
          for (const [step, op] of ops.entries()) {
            const label = `step ${step} ${JSON.stringify(op)}`;
            const file = fileOf(m, op);
            if (isRefused(m, op)) {
              await expect(applyRest(rest.db, m, op), `REST ${label}`).rejects.toMatchObject({ code: "INVALID_INPUT" });
              if (file) await expect(importFile(imp.db, file), `import ${label}`).rejects.toMatchObject({ code: "INVALID_INPUT" });
            } else {
              await applyRest(rest.db, m, op);
              if (file) await importFile(imp.db, file);
              advance(m, op);
            }
            await expectMatchesRecompute(rest.db, m, `REST ${label}`);
            await expectMatchesRecompute(imp.db, m, `import ${label}`);
            expect(await derivedState(imp.db, m), `${label}: import and REST disagree`).toEqual(await derivedState(rest.db, m));
            expect(await dashboardCounts(imp.db, m), `${label}: dashboard counts disagree`).toEqual(await dashboardCounts(rest.db, m));
          }
        }),
        propertyParameters({ seed, numRuns, endOnFailure: true }),
      );
    }, 600_000);
  });
}
