import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect } from "vitest";
import type { Db } from "@/db/client";
import { AppError, type ErrorCode } from "@/lib/errors";
import { createPerson, createTeam } from "@/lib/server/org";
import { addSecret, createCredential } from "@/lib/server/inventory/credentials";
import { createApi, createApplication, createServer } from "@/lib/server/inventory/registry";
import {
  apiInput,
  applicationInput,
  authorizationServerInput,
  credentialInput,
  secretInput,
} from "@/lib/validation/inventory";
import { credentials, users } from "@/db/schema";
import { verifyAuditChain } from "@/db/queries/audit";
import { audited } from "@/lib/server/audited";
import { auditContext } from "@/lib/server/context";
import { refreshCredentials } from "@/lib/server/posture/refresh";
import { decommissionCredential } from "@/lib/server/lifecycle/decommission";
import { decommissionInput, type DecommissionInput } from "@/lib/validation/review";
import type { Role } from "@/lib/authz/permissions";
import type { Actor, RequestContext } from "@/lib/server/context";
import { contextAs } from "./context";
import { freshDatabase, rowsOf, type Driver, type TestDatabase } from "./db";

let counter = 0;
/** A name no other test in the run uses (letters and digits only, so it sorts alike under every collation). */
export const unique = (prefix: string) => `${prefix}${String(++counter).padStart(4, "0")}${Math.random().toString(36).slice(2, 8)}`;

export const DAY = 86_400_000;
export const daysAfter = (instant: Date, days: number) => new Date(instant.getTime() + days * DAY);

/** An AppError with this code; when `fields` is given, exactly those fields are named. */
export function expectAppError(error: unknown, code: ErrorCode, fields?: string[]) {
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect(appError.code, appError.message).toBe(code);
  if (fields) expect(Object.keys(appError.details?.fields ?? {}).sort()).toEqual([...fields].sort());
}

export async function countRows(db: Db, table: string): Promise<number> {
  const [row] = rowsOf<{ n: string | number }>(await db.execute(sql.raw(`select count(*) as n from "${table}"`)));
  return Number(row?.n ?? 0);
}

/** Row counts of every inventory table: compare before and after a rejected call to prove nothing was written. */
export async function inventoryCounts(db: Db): Promise<Record<string, number>> {
  const tables = [
    "authorization_servers",
    "apis",
    "api_scopes",
    "applications",
    "credentials",
    "credential_applications",
    "credential_grants",
    "credential_grant_scopes",
    "secrets",
    "rotation_policies",
    "audit_events",
  ];
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = await countRows(db, t);
  return counts;
}

/** Builders that go through the real services (as admin unless told) and the real input schemas (defaults included). */
export function inventoryFixtures(db: Db) {
  const admin = contextAs("admin");

  const person = (name = unique("Person")) => createPerson(db, admin, { email: `${name.toLowerCase()}@example.test`, name, isActive: true });

  const team = (memberIds: string[] = [], name = unique("Team")) => createTeam(db, admin, { name, kind: "application", memberIds });

  /** A person who signs in as `role` (linked by email) and belongs to `teamIds`. */
  async function actor(role: Role, teamIds: string[] = []) {
    const p = await person();
    for (const teamId of teamIds) {
      await db.execute(sql`insert into team_members (team_id, person_id) values (${teamId}, ${p.id})`);
    }
    return { person: p, ctx: contextAs(role, { email: p.email }) };
  }

  const server = (overrides: Record<string, unknown> = {}) => {
    const name = unique("Server");
    return createServer(db, admin, authorizationServerInput.parse({ name, issuerUrl: `https://${name.toLowerCase()}.example.test`, ...overrides }));
  };

  const api = (overrides: Record<string, unknown> = {}) => {
    const name = unique("Api");
    return createApi(
      db,
      admin,
      apiInput.parse({
        name,
        audience: `https://${name.toLowerCase()}.example.test`,
        trustZone: "internal",
        sensitivity: "moderate",
        scopes: [
          { name: "read", privilege: "read" },
          { name: "write", privilege: "write" },
        ],
        ...overrides,
      }),
    );
  };

  const application = (overrides: Record<string, unknown> = {}) =>
    createApplication(db, admin, applicationInput.parse({ name: unique("App"), environment: "production", trustZone: "internal", ...overrides }));

  const credential = (overrides: Record<string, unknown> = {}, ctx = admin) =>
    createCredential(db, ctx, credentialInput.parse({ name: unique("Cred"), environment: "production", ...overrides }));

  const secret = (credentialId: string, overrides: Record<string, unknown> = {}, ctx = admin) =>
    addSecret(db, ctx, credentialId, secretInput.parse({ kind: "client_secret", storage: "vault", issuedAt: "2026-01-01T00:00:00Z", ...overrides }));

  /**
   * Sets "last reviewed at" as a recorded review does (the edit API refuses the field: it is
   * server-owned), then recomputes what derives from it, for tests about due dates at given instants.
   */
  const reviewedAt = (credentialId: string, at: Date) =>
    audited(db, auditContext(admin), async (tx, audit) => {
      await tx.update(credentials).set({ lastReviewedAt: at }).where(eq(credentials.id, credentialId));
      await refreshCredentials(tx, audit, [credentialId]);
    });

  /** Records that name their user (requests, approvals, reviews, decommissions) need the acting user to exist. */
  async function asUser<C extends RequestContext>(ctx: C): Promise<C> {
    const a = ctx.actor;
    if (a) await db.insert(users).values({ id: a.userId, email: a.email, name: a.name, role: a.role }).onConflictDoNothing();
    return ctx;
  }

  /** A person who is also a signed-in user of `role` (linked by email), in `teamIds`. */
  async function account(role: Role, teamIds: string[] = []) {
    const made = await actor(role, teamIds);
    const ctx = (await asUser(made.ctx)) as RequestContext & { actor: Actor };
    return { person: made.person, personId: made.person.id, userId: ctx.actor.userId, ctx };
  }

  /** Decommissions through the real lifecycle service (DESIGN §4.4), as an admin user that exists. */
  async function decommission(credentialId: string, reason: DecommissionInput["reason"] = "no_longer_needed") {
    return decommissionCredential(db, await asUser(admin), credentialId, decommissionInput.parse({ reason, disabledAtServerConfirmed: true }));
  }

  return { admin, person, team, actor, asUser, account, server, api, application, credential, secret, decommission, reviewedAt };
}

export type InventoryFixtures = ReturnType<typeof inventoryFixtures>;

type SuiteOptions = {
  /** After the suite, the audit log must still verify as a hash chain. */
  auditChain: boolean;
  /** The admin that the fixtures act as also exists as a user (records that name their user need one). */
  adminIsUser?: boolean;
  /** The stand-in for `@/db`'s process-wide database (a `vi.hoisted` object): pages and routes under test read this suite's database. */
  appDb?: { db: Db | undefined };
};

/**
 * The database of one `describe.each(drivers)` block: opened fresh before its tests, with fixtures
 * that write through the real services, and closed after them. `handle` and `fx` are filled in by
 * the block's first `beforeAll`, so a later `beforeAll` of the block can seed data with them.
 */
export function suiteDatabase(driver: Driver, options: SuiteOptions): { handle: TestDatabase; fx: InventoryFixtures } {
  const handle = {} as TestDatabase;
  const fx = {} as InventoryFixtures;
  beforeAll(async () => {
    Object.assign(handle, await freshDatabase(driver));
    Object.assign(fx, inventoryFixtures(handle.db));
    if (options.appDb) options.appDb.db = handle.db;
    if (options.adminIsUser) await fx.asUser(fx.admin);
  });
  afterAll(async () => {
    if (options.auditChain) expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true });
    await handle.close();
  });
  return { handle, fx };
}
