import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
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
    const handle = await openDatabase({ ...options, loadDataDir: await migratedPgliteTemplate() });
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

/**
 * A fresh PGlite database starts from a dump of one that the committed migrations were applied to,
 * not from initdb + every migration: in WebAssembly those took 20–40 s per database on a busy
 * 2-core machine (hook timeouts under load), loading the dump a few seconds. The dump is cached on
 * disk under a hash of drizzle/ and the PGlite version, so a changed migration makes a new one; it
 * is written to a temporary name and renamed, so workers racing to build it never read half a file.
 */
export function pgliteTemplateFile(): string {
  const hash = createHash("sha256");
  const folder = path.join(process.cwd(), "drizzle");
  for (const file of fs.readdirSync(folder, { recursive: true, encoding: "utf8" }).sort()) {
    const full = path.join(folder, file);
    if (fs.statSync(full).isFile()) hash.update(file).update(fs.readFileSync(full));
  }
  const pglite = JSON.parse(fs.readFileSync(path.join(process.cwd(), "node_modules/@electric-sql/pglite/package.json"), "utf8")) as { version: string };
  hash.update(pglite.version);
  return path.join(os.tmpdir(), "steward-test-pglite", `${hash.digest("hex").slice(0, 16)}.tar`);
}

let template: Promise<Blob> | undefined;

function migratedPgliteTemplate(): Promise<Blob> {
  template ??= (async () => {
    const file = pgliteTemplateFile();
    if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)]);
    const options: DatabaseOptions = { driver: "pglite" };
    const handle = await openDatabase(options);
    try {
      await migrateDatabase(options, handle);
      const dump = await (handle.db as unknown as { $client: PGlite }).$client.dumpDataDir("none");
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const partial = `${file}.${String(process.pid)}.${randomBytes(4).toString("hex")}`;
      fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
      fs.renameSync(partial, file);
      return dump;
    } finally {
      await handle.close();
    }
  })();
  return template;
}
