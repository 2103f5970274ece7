import "server-only";
import path from "node:path";
import { env } from "@/lib/env";
import { migrateDatabase, openDatabase, type DatabaseHandle, type DatabaseOptions, type Db } from "./client";

export type { Db, Tx, Queryable } from "./client";

/** Where the embedded database and generated secrets live. */
export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ env().STEWARD_DATA_DIR ?? path.join(/*turbopackIgnore: true*/ process.cwd(), "data"));
}

export function databaseOptions(): DatabaseOptions {
  const e = env();
  if (e.DATABASE_URL !== undefined) {
    return {
      driver: "postgres",
      url: e.DATABASE_URL,
      poolMax: e.DATABASE_POOL_MAX,
      connectTimeoutSeconds: e.DATABASE_CONNECT_TIMEOUT_SECONDS,
    };
  }
  return { driver: "pglite", dataDir: dataDir() };
}

type State = { ready: Promise<DatabaseHandle> };
// One database per process, even across dev hot reloads (a second PGlite on the same
// directory would silently lose writes).
const globalState = globalThis as typeof globalThis & { __stewardDb?: State };

/** Opens (once) and migrates the database. Called by instrumentation at start-up. */
export function dbReady(): Promise<DatabaseHandle> {
  globalState.__stewardDb ??= {
    ready: (async () => {
      const options = databaseOptions();
      if (options.driver === "postgres") await migrateDatabase(options);
      const handle = await openDatabase(options);
      if (options.driver === "pglite") await migrateDatabase(options, handle);
      return handle;
    })(),
  };
  return globalState.__stewardDb.ready;
}

export async function getDb(): Promise<Db> {
  return (await dbReady()).db;
}
