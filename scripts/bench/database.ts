/**
 * The database a benchmark runs on: `DATABASE_URL` (an existing database, kept, seeded only when it
 * has no credentials, so one 1,000,000-credential database serves every benchmark in turn), or a
 * throwaway `steward_bench_<name>_<ts>` on BENCH_POSTGRES_URL, dropped unless kept.
 */
import fs from "node:fs";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { migrateDatabase, rowsOf, type DatabaseHandle } from "../../db/client";
import { computeDueInSql, defaultShape, seedBenchData } from "./seed";

export const benchServerUrl = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export type BenchDatabase = {
  url: string;
  /** One line for the result file: how many credentials, and whether this run seeded them. */
  dataset: string;
  /** Seconds this run spent seeding, or undefined when the database was already filled. */
  seededSeconds: number | undefined;
  dispose: () => Promise<void>;
};

export async function benchDatabase(opts: { name: string; credentials: number; keep: boolean; log: (line: string) => void }): Promise<BenchDatabase> {
  const external = process.env.DATABASE_URL;
  const dbName = `steward_bench_${opts.name}_${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}`;
  const url = external ?? Object.assign(new URL(benchServerUrl), { pathname: `/${dbName}` }).toString();
  const drop = async () => {
    const admin = postgres(benchServerUrl, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  };
  if (!external) {
    const admin = postgres(benchServerUrl, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`create database ${dbName}`);
    await admin.end();
    opts.log(`created database ${dbName}`);
  }
  try {
    await migrateDatabase({ driver: "postgres", url });
    const sql = postgres(url, { max: 4, onnotice: () => undefined });
    try {
      const [existing] = await sql<{ n: string }[]>`select count(*)::text as n from credentials`;
      const have = Number(existing?.n ?? 0);
      let dataset = `existing database with ${have.toLocaleString("en")} credentials (seeded earlier by the same generator, not re-seeded)`;
      let seededSeconds: number | undefined;
      if (have === 0) {
        const t = performance.now();
        await seedBenchData(sql, defaultShape(opts.credentials));
        await computeDueInSql(sql);
        await sql.unsafe("vacuum analyze");
        seededSeconds = (performance.now() - t) / 1000;
        dataset = `${opts.credentials.toLocaleString("en")} credentials seeded in ${seededSeconds.toFixed(1)} s (scripts/bench/seed.ts)`;
      }
      opts.log(dataset);
      return {
        url,
        dataset,
        seededSeconds,
        dispose: async () => {
          if (external) return;
          if (opts.keep) opts.log(`kept database ${dbName} (${url})`);
          else await drop();
        },
      };
    } finally {
      await sql.end({ timeout: 5 });
    }
  } catch (error) {
    if (!external && !opts.keep) await drop();
    throw error;
  }
}

/**
 * CPU seconds the database's server processes for this database have used (PostgreSQL on this host:
 * /proc/<pid>/stat), or null when they cannot be read. On a shared machine wall time measures the
 * neighbours too; CPU seconds per event is the figure that compares runs.
 */
export async function serverCpuSeconds(handle: DatabaseHandle): Promise<number | null> {
  if (handle.driver !== "postgres") return null;
  const pids = rowsOf<{ pid: number }>(await handle.db.execute(sql`select pid from pg_stat_activity where datname = current_database()`));
  let ticks = 0;
  for (const { pid } of pids) {
    try {
      // Fields after the command name: utime and stime are the 12th and 13th.
      const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
    } catch {
      return null;
    }
  }
  return ticks / 100;
}
