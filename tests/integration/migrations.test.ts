import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase, type DatabaseHandle, type DatabaseOptions } from "@/db/client";
import { KEY_PATTERN } from "@/lib/domain/keys";
import { drivers, rowsOf, type Driver } from "../support/db";

const expectedTables = [
  "api_scopes",
  "api_tokens",
  "apis",
  "applications",
  "audit_events",
  "authorization_servers",
  "calendar_feeds",
  "credential_applications",
  "credential_grant_scopes",
  "credential_grants",
  "credential_posture",
  "credentials",
  "dashboard_inputs",
  "finding_exceptions",
  "findings",
  "grant_decisions",
  "idempotency_keys",
  "inventory_snapshots",
  "job_runs",
  "leak_incidents",
  "notification_deliveries",
  "notifications",
  "password_tokens",
  "people",
  "review_campaigns",
  "review_tasks",
  "reviews",
  "rotation_approvals",
  "rotation_policies",
  "rotation_requests",
  "secrets",
  "sign_in_attempts",
  "team_members",
  "teams",
  "usage_clients",
  "usage_daily",
  "usage_events",
  "users",
  "webhook_endpoints",
];
const expectedMigrations = 26;

type EmptyDatabase = { options: DatabaseOptions; open: () => Promise<DatabaseHandle>; drop: () => Promise<void> };

/** A database with nothing in it, not even the migrations table. */
async function emptyDatabase(driver: Driver): Promise<EmptyDatabase> {
  if (driver === "pglite") {
    const options: DatabaseOptions = { driver: "pglite" };
    const handle = await openDatabase(options);
    return { options, open: () => Promise.resolve(handle), drop: () => handle.close() };
  }
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) throw new Error("DATABASE_URL is not set");
  const name = `steward_it_${randomBytes(6).toString("hex")}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const options: DatabaseOptions = { driver: "postgres", url: url.toString(), poolMax: 2 };
  return {
    options,
    open: () => openDatabase(options),
    drop: async () => {
      const dropper = postgres(baseUrl, { max: 1, onnotice: () => undefined });
      await dropper.unsafe(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

async function tablesOf(handle: DatabaseHandle): Promise<string[]> {
  const rows = rowsOf<{ table_name: string }>(
    await handle.db.execute(
      sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
    ),
  );
  return rows.map((r) => r.table_name);
}

async function auditTriggersOf(handle: DatabaseHandle): Promise<string[]> {
  const rows = rowsOf<{ tgname: string }>(
    await handle.db.execute(
      sql`select tgname from pg_trigger where tgrelid = 'public.audit_events'::regclass and not tgisinternal order by tgname`,
    ),
  );
  return rows.map((r) => r.tgname);
}

/** Trigram search on credential names and client ids needs pg_trgm (a trusted extension; PGlite loads its contrib build). */
async function extensionsOf(handle: DatabaseHandle): Promise<string[]> {
  const rows = rowsOf<{ extname: string }>(await handle.db.execute(sql`select extname from pg_extension order by extname`));
  return rows.map((r) => r.extname);
}

async function appliedMigrations(handle: DatabaseHandle): Promise<number> {
  const [row] = rowsOf<{ n: string | number }>(await handle.db.execute(sql`select count(*) as n from drizzle.__drizzle_migrations`));
  return Number(row?.n);
}

/** PGlite migrates on its open handle; PostgreSQL migrates on a dedicated connection of its own. */
function migrate(options: DatabaseOptions, handle: DatabaseHandle) {
  return options.driver === "pglite" ? migrateDatabase(options, handle) : migrateDatabase(options);
}

/** Applies only the first `count` committed migrations, to set up data the way an older release left it. */
async function migrateFirst(count: number, options: DatabaseOptions, handle: DatabaseHandle): Promise<void> {
  const source = path.join(process.cwd(), "drizzle");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "steward-migrations-"));
  try {
    const journal = JSON.parse(fs.readFileSync(path.join(source, "meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };
    journal.entries = journal.entries.slice(0, count);
    fs.mkdirSync(path.join(dir, "meta"));
    fs.writeFileSync(path.join(dir, "meta/_journal.json"), JSON.stringify(journal));
    for (const e of journal.entries) fs.copyFileSync(path.join(source, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
    if (options.driver === "pglite") {
      const { migrate: run } = await import("drizzle-orm/pglite/migrator");
      await run(handle.db as unknown as Parameters<typeof run>[0], { migrationsFolder: dir });
    } else {
      const { migrate: run } = await import("drizzle-orm/postgres-js/migrator");
      await run(handle.db, { migrationsFolder: dir });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(drivers)("[DB] migrations on %s", (driver) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("apply to an empty database and create every table and the append-only triggers", async () => {
    const empty = await emptyDatabase(driver);
    const handle = await empty.open();
    cleanups.push(empty.drop);
    if (driver === "postgres") cleanups.push(() => handle.close());

    expect(await tablesOf(handle)).toEqual([]);
    await migrate(empty.options, handle);
    expect(await tablesOf(handle)).toEqual(expectedTables);
    expect(await auditTriggersOf(handle)).toEqual(["audit_events_no_truncate", "audit_events_no_update_delete"]);
    expect(await appliedMigrations(handle)).toBe(expectedMigrations);
    expect(await extensionsOf(handle)).toContain("pg_trgm");
    // The shipped default policies (DESIGN §4.1) come with the schema.
    const policies = rowsOf<{ key: string }>(await handle.db.execute(sql`select key from rotation_policies order by key`));
    expect(policies.map((p) => p.key)).toEqual(["default-non-production", "default-production", "default-production-sensitive"]);
  });

  it("are idempotent: a second run changes nothing", async () => {
    const empty = await emptyDatabase(driver);
    const handle = await empty.open();
    cleanups.push(empty.drop);
    if (driver === "postgres") cleanups.push(() => handle.close());

    await migrate(empty.options, handle);
    await handle.db.execute(sql`insert into teams (key, name, kind) values ('payments', 'Payments', 'application')`);
    await migrate(empty.options, handle);

    expect(await tablesOf(handle)).toEqual(expectedTables);
    expect(await auditTriggersOf(handle)).toEqual(["audit_events_no_truncate", "audit_events_no_update_delete"]);
    expect(await appliedMigrations(handle)).toBe(expectedMigrations);
    const teams = rowsOf<{ name: string }>(await handle.db.execute(sql`select name from teams`));
    expect(teams).toEqual([{ name: "Payments" }]);
  });

  it("rebuild the point-in-time views, so a column a later migration adds to a tracked table reads in the past too (DESIGN §8.6)", async () => {
    const empty = await emptyDatabase(driver);
    const handle = await empty.open();
    cleanups.push(empty.drop);
    if (driver === "postgres") cleanups.push(() => handle.close());
    await migrate(empty.options, handle);
    const viewColumns = async () =>
      rowsOf<{ column_name: string }>(await handle.db.execute(sql`select column_name from information_schema.columns where table_schema = 'as_of' and table_name = 'teams'`)).map((r) => r.column_name);
    expect(await viewColumns()).not.toContain("motto");
    // What a later migration does without remembering history.refresh_views().
    await handle.db.execute(sql`alter table teams add column motto text`);
    await migrate(empty.options, handle);
    expect(await viewColumns()).toContain("motto");
  });

  it("give teams that existed before the inventory migration valid, unique keys", async () => {
    const empty = await emptyDatabase(driver);
    const handle = await empty.open();
    cleanups.push(empty.drop);
    if (driver === "postgres") cleanups.push(() => handle.close());

    await migrateFirst(2, empty.options, handle);
    // Names whose slugs collide, are empty (no Latin letters or digits) or are longer than a key may be.
    const names = ["Payments", "payments!", "PAYMENTS", "日本チーム", "Ω", "x".repeat(200)];
    for (const name of names) await handle.db.execute(sql`insert into teams (name, kind) values (${name}, 'application')`);
    await migrate(empty.options, handle);

    const rows = rowsOf<{ name: string; key: string }>(await handle.db.execute(sql`select name, key from teams`));
    expect(rows).toHaveLength(names.length);
    for (const row of rows) expect(row.key, row.name).toMatch(KEY_PATTERN);
    expect(new Set(rows.map((r) => r.key)).size).toBe(names.length);
    // The oldest holder of a slug keeps it unadorned.
    expect(rows.filter((r) => r.key === "payments")).toHaveLength(1);
    expect(await appliedMigrations(handle)).toBe(expectedMigrations);
  });

  // Replicas share one PostgreSQL; the embedded database has a single process by construction.
  if (driver === "postgres") it("can run from several replicas at once (advisory lock)", async () => {
    const empty = await emptyDatabase(driver);
    cleanups.push(empty.drop);
    await Promise.all([migrateDatabase(empty.options), migrateDatabase(empty.options), migrateDatabase(empty.options)]);
    const handle = await empty.open();
    cleanups.push(() => handle.close());
    expect(await tablesOf(handle)).toEqual(expectedTables);
    expect(await appliedMigrations(handle)).toBe(expectedMigrations);
  });
});
