import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { migrateDatabase, openDatabase, type DatabaseHandle, type DatabaseOptions } from "@/db/client";

/**
 * Integration tests run on PGlite always, and on PostgreSQL too when DATABASE_URL is set
 * (CI sets it). Each call gets its own empty, migrated database.
 */
export type Driver = "pglite" | "postgres";

export const drivers: Driver[] = process.env.DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

export type TestDatabase = DatabaseHandle & { options: DatabaseOptions; url?: string };

export async function freshDatabase(driver: Driver): Promise<TestDatabase> {
  if (driver === "pglite") {
    const options: DatabaseOptions = { driver: "pglite" };
    const handle = await openDatabase(options);
    await migrateDatabase(options, handle);
    return { ...handle, options };
  }
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) throw new Error("DATABASE_URL is not set");
  const name = `steward_it_${randomBytes(6).toString("hex")}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const options: DatabaseOptions = { driver: "postgres", url: url.toString(), poolMax: 5 };
  await migrateDatabase(options);
  const handle = await openDatabase(options);
  return {
    ...handle,
    options,
    url: url.toString(),
    close: async () => {
      await handle.close();
      const dropper = postgres(baseUrl, { max: 1, onnotice: () => undefined });
      await dropper.unsafe(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

export { rowsOf } from "@/db/client";
