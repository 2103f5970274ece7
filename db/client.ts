import "server-only";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import * as schema from "./schema";

/**
 * Driver selection (DESIGN §9): DATABASE_URL → PostgreSQL through postgres.js with a bounded pool;
 * otherwise PGlite (Postgres in WebAssembly) in a data directory, or in memory for tests.
 * Both are driven through the same drizzle schema and the same SQL migrations.
 */
export type Db = PostgresJsDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Queries take either the database or an open transaction. */
export type Queryable = Db | Tx;

/** Raw SQL rows from either driver (postgres.js returns an array, PGlite an object with rows). */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}

export type DatabaseHandle = {
  db: Db;
  driver: "postgres" | "pglite";
  close: () => Promise<void>;
};

export type DatabaseOptions =
  | { driver: "postgres"; url: string; poolMax?: number; connectTimeoutSeconds?: number }
  | { driver: "pglite"; dataDir?: string; /** In memory only: start from a dumped data directory (the tests' migrated template). */ loadDataDir?: Blob };

const MIGRATIONS_FOLDER = path.join(/*turbopackIgnore: true*/ process.cwd(), "drizzle");
// An arbitrary constant shared by every replica: only one of them migrates at a time.
const MIGRATION_LOCK_KEY = 7_246_001;

/** Seconds postgres.js waits before reconnecting after `retries` failed connects in a row (fault tests: 503 within 2 s, serving within 10 s). */
export function reconnectBackoffSeconds(retries: number): number {
  return Math.min(0.02 * retries, 0.1);
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.driver === "postgres") {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const client = postgres(options.url, {
      max: options.poolMax ?? 10,
      connect_timeout: options.connectTimeoutSeconds ?? 10,
      idle_timeout: 60,
      // The driver's default reconnect backoff grows with every failed connect, shared by the pool and
      // reset only by a success: after a few seconds of outage it waits up to 20 s before each attempt,
      // so requests hang instead of failing fast, and keep hanging after the database is back. A
      // refused connect is cheap, and attempts happen only for queued queries: at most 100 ms.
      backoff: reconnectBackoffSeconds,
      onnotice: () => undefined,
    });
    const db = drizzle(client, { schema });
    return { db, driver: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { drizzle } = await import("drizzle-orm/pglite");
  let release: () => void = () => undefined;
  let client;
  if (options.dataDir === undefined) {
    client = new PGlite({ extensions: { pg_trgm }, ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}) });
  } else {
    const { acquireDataDirLock } = await import("./pglite-lock");
    const { ensurePrivateDataDir } = await import("./data-dir");
    ensurePrivateDataDir(options.dataDir);
    release = acquireDataDirLock(options.dataDir);
    client = new PGlite(path.join(/*turbopackIgnore: true*/ options.dataDir, "pglite"), { extensions: { pg_trgm } });
    await client.waitReady;
    // PGlite writes its files under the process umask; the directory's 0700 already shuts others out,
    // and this strips the group/other bits of what it just created as well.
    ensurePrivateDataDir(options.dataDir);
  }
  await client.waitReady;
  // Both drivers expose the same PgDatabase query builder; the postgres.js type is the common face.
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    driver: "pglite",
    close: async () => {
      await client.close();
      release();
    },
  };
}

/** Applies the committed migrations under a PostgreSQL advisory lock, so replicas can start together. */
/**
 * The as_of views (DESIGN §8.6) list their table's columns as they were when built: rebuilt after
 * every migration run (under the migration lock), a column a later migration adds to a tracked
 * table is readable in the past too, whether or not that migration called history.refresh_views().
 */
async function refreshPointInTimeViews(db: { execute: Db["execute"] }): Promise<void> {
  await db.execute(sql`select history.refresh_views()`);
}

export async function migrateDatabase(options: DatabaseOptions, handle?: DatabaseHandle): Promise<void> {
  if (options.driver === "postgres") {
    // A dedicated single connection: the session-level lock and the migration share it.
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    const client = postgres(options.url, { max: 1, connect_timeout: options.connectTimeoutSeconds ?? 10, onnotice: () => undefined });
    try {
      const db = drizzle(client);
      await db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
      try {
        await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
        await refreshPointInTimeViews(db);
      } finally {
        await db.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
      }
    } finally {
      await client.end({ timeout: 5 });
    }
    return;
  }
  if (!handle) throw new Error("PGlite migrations run on the open handle");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  await handle.db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
  try {
    await migrate(handle.db as unknown as Parameters<typeof migrate>[0], { migrationsFolder: MIGRATIONS_FOLDER });
    await refreshPointInTimeViews(handle.db);
  } finally {
    await handle.db.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
  }
}

/**
 * A transaction standing in for the database, for code written against `Db` that only queries and
 * opens transactions (which become savepoints): an idempotent request runs its handler this way,
 * inside the transaction that claims its key. Nothing may use the pool-level `$client` through it.
 */
export function asDb(tx: Tx): Db {
  // A PgTransaction is not a PgDatabase instance, which is the point: see the contract above.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
  return tx;
}
