import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import type { AuditContext } from "../db/queries/audit";
import { databaseOptions } from "../db";
import { AppError } from "../lib/errors";
import { loadDemoData } from "../lib/server/demo";
import { openConfiguredDatabase } from "./open-db";

// `npm run demo [-- --seed N]`: load the fictional Northwind Mutual organisation (300+ credentials)
// into the configured database. Refuses when the inventory already has credentials.
const { values } = parseArgs({ options: { seed: { type: "string" } } });
const seed = values.seed === undefined ? undefined : Number(values.seed);
if (seed !== undefined && !Number.isInteger(seed)) {
  console.error("npm run demo: --seed must be a whole number");
  process.exit(2);
}

const options = databaseOptions();
let handle;
try {
  handle = await openConfiguredDatabase();
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  if (options.driver === "pglite" && /in use by process/.test(message)) {
    console.error(
      `npm run demo: the embedded database is open in a running Steward server.\n  ${message}\n` +
        "  Only one process may open the PGlite data directory: stop the server, run `npm run demo`, then start it again\n" +
        "  (or tick \"Load demo data\" on the first-run setup page).",
    );
  } else {
    console.error(`npm run demo: could not open the database: ${message}`);
  }
  process.exit(1);
}

const system: AuditContext = { actor: { type: "system", id: null, label: "npm run demo" }, requestId: randomUUID(), ip: null };
try {
  const started = performance.now();
  const result = await loadDemoData(handle.db, system, new Date(), seed === undefined ? {} : { seed });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Loaded the demo organisation into ${handle.driver === "pglite" ? "the embedded database" : "PostgreSQL"} in ${seconds} s:`);
  const rows: [string, string][] = [
    ["teams", `${result.teams}`],
    ["people", `${result.people} (${result.inactivePeople} inactive)`],
    ["authorization servers", `${result.authorizationServers}`],
    ["APIs (scopes)", `${result.apis} (${result.scopes})`],
    ["applications", `${result.applications}`],
    ["credentials", `${result.credentials} (${result.flawed} with staged flaws)`],
    ["secrets (metadata only)", `${result.secrets}`],
    ["grants", `${result.grants}`],
  ];
  for (const [label, value] of rows) console.log(`  ${label.padEnd(24)} ${value}`);
  const reused = Object.entries(result.reused).filter(([, n]) => n > 0);
  if (reused.length) console.log(`Reused existing records with the same keys: ${reused.map(([k, n]) => `${k} ${n}`).join(", ")}`);
} catch (error) {
  if (error instanceof AppError) {
    console.error(`npm run demo: ${error.message}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
} finally {
  await handle.close();
}
