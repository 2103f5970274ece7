import { migrateDatabase, openDatabase, type DatabaseHandle } from "../db/client";
import { databaseOptions } from "../db";

/** For command-line tools: the configured database, migrated. PGlite's data-dir lock applies. */
export async function openConfiguredDatabase(): Promise<DatabaseHandle> {
  const options = databaseOptions();
  if (options.driver === "postgres") await migrateDatabase(options);
  const handle = await openDatabase(options);
  if (options.driver === "pglite") await migrateDatabase(options, handle);
  return handle;
}
