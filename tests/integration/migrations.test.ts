import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase, type DatabaseHandle, type DatabaseOptions } from "@/db/client";
import { drivers, rowsOf, type Driver } from "../support/db";

const expectedTables = ["audit_events", "password_tokens", "people", "sign_in_attempts", "team_members", "teams", "users"];

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

async function appliedMigrations(handle: DatabaseHandle): Promise<number> {
  const [row] = rowsOf<{ n: string | number }>(await handle.db.execute(sql`select count(*) as n from drizzle.__drizzle_migrations`));
  return Number(row?.n);
}

/** PGlite migrates on its open handle; PostgreSQL migrates on a dedicated connection of its own. */
function migrate(options: DatabaseOptions, handle: DatabaseHandle) {
  return options.driver === "pglite" ? migrateDatabase(options, handle) : migrateDatabase(options);
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
    expect(await appliedMigrations(handle)).toBe(2);
  });

  it("are idempotent: a second run changes nothing", async () => {
    const empty = await emptyDatabase(driver);
    const handle = await empty.open();
    cleanups.push(empty.drop);
    if (driver === "postgres") cleanups.push(() => handle.close());

    await migrate(empty.options, handle);
    await handle.db.execute(sql`insert into teams (name, kind) values ('Payments', 'application')`);
    await migrate(empty.options, handle);

    expect(await tablesOf(handle)).toEqual(expectedTables);
    expect(await auditTriggersOf(handle)).toEqual(["audit_events_no_truncate", "audit_events_no_update_delete"]);
    expect(await appliedMigrations(handle)).toBe(2);
    const teams = rowsOf<{ name: string }>(await handle.db.execute(sql`select name from teams`));
    expect(teams).toEqual([{ name: "Payments" }]);
  });

  // Replicas share one PostgreSQL; the embedded database has a single process by construction.
  if (driver === "postgres") it("can run from several replicas at once (advisory lock)", async () => {
    const empty = await emptyDatabase(driver);
    cleanups.push(empty.drop);
    await Promise.all([migrateDatabase(empty.options), migrateDatabase(empty.options), migrateDatabase(empty.options)]);
    const handle = await empty.open();
    cleanups.push(() => handle.close());
    expect(await tablesOf(handle)).toEqual(expectedTables);
    expect(await appliedMigrations(handle)).toBe(2);
  });
});
