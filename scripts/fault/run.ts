/**
 * `npm run test:faults`: fault tests against the production build (run `npm run build` first) on a
 * private PostgreSQL cluster this script creates, stops, kills and deletes (never the shared one).
 *   1. database stopped: 503 + Retry-After within 2 s, serving again within 10 s, no restart;
 *   2. PostgreSQL killed under writes retried with Idempotency-Key: nothing lost, nothing twice;
 *   3. audit insert refused: every mutating route of allEndpoints answers an error, nothing changes.
 * FAULT_JSON_REPORT=<file> writes a vitest-like report for .ci/summary.mjs; FAULT_ONLY=outage,inflight,rollback
 * picks scenarios; FAULT_KEEP_LOGS=1 keeps the server logs.
 */
import { assertBuilt, startApp, type App } from "./app";
import { firstAdmin } from "./client";
import { createCluster, type Cluster } from "./cluster";
import { inflightScenario } from "./inflight";
import { outageScenario } from "./outage";
import { Report } from "./report";
import { discoveryServer, rollbackScenario } from "./rollback";

const startedAt = Date.now();
const report = new Report();
const only = new Set((process.env.FAULT_ONLY ?? "outage,inflight,rollback").split(",").map((s) => s.trim()));
let cluster: Cluster | undefined;
const apps: App[] = [];

async function main() {
  assertBuilt();
  cluster = await createCluster();
  console.log(`private PostgreSQL cluster on 127.0.0.1:${cluster.port} (${cluster.dir})`);

  if (only.has("outage") || only.has("inflight")) {
    cluster.createDatabase("steward_fault");
    const url = cluster.url("steward_fault");
    // The scheduler ticks every second here, so it runs through the outages too.
    const app = await startApp({ databaseUrl: url, schedulerSeconds: 1, name: "faults" });
    apps.push(app);
    console.log(`app on ${app.base} (log ${app.logFile})`);
    const admin = await firstAdmin(app.base, url);
    const auth = { bearer: admin.token };
    if (only.has("outage")) {
      console.log("\n— database stopped");
      await outageScenario(report, cluster, app, auth, url).catch((e: unknown) => report.crashed("database stopped", e));
    }
    if (only.has("inflight")) {
      console.log("\n— PostgreSQL killed under writes");
      if (!cluster.isRunning()) cluster.start();
      await inflightScenario(report, cluster, app, auth, url).catch((e: unknown) => report.crashed("PostgreSQL killed under writes", e));
    }
    const uncaught = app.log().split("\n").filter((l) => /uncaught|unhandled/i.test(l));
    report.check("PostgreSQL killed under writes", "the server logged no uncaught exception through the outages", uncaught.length === 0, uncaught.length === 0 ? "" : `${uncaught.length}, e.g. ${uncaught.slice(0, 2).join(" | ")}`);
    await app.stop(report.failed > 0);
  }

  if (only.has("rollback")) {
    console.log("\n— audit insert refused");
    if (!cluster.isRunning()) cluster.start();
    cluster.createDatabase("steward_rollback");
    const url = cluster.url("steward_rollback");
    // No scheduler: nothing but the requests under test may change the database. Discovery is
    // pointed at a document served on loopback by this script.
    const issuer = await discoveryServer();
    const app = await startApp({ databaseUrl: url, schedulerSeconds: 0, name: "rollback", env: { DISCOVERY_ALLOW_PRIVATE_ADDRESSES: "true" } });
    apps.push(app);
    console.log(`app on ${app.base} (log ${app.logFile})`);
    await rollbackScenario(report, app, url, issuer).catch((e: unknown) => report.crashed("audit insert refused", e));
    await app.stop(report.failed > 0);
    await issuer.close();
  }
}

// Interrupted (Ctrl-C, CI timeout): still stop the servers and delete the private cluster.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void Promise.all(apps.map((a) => a.stop().catch(() => undefined))).finally(() => {
      cluster?.destroy();
      process.exit(130);
    });
  });
}

try {
  await main();
} catch (error) {
  report.crashed("set-up", error);
} finally {
  for (const app of apps) await app.stop(report.failed > 0).catch(() => undefined);
  cluster?.destroy();
  report.write(process.env.FAULT_JSON_REPORT, startedAt);
}
process.exit(report.failed > 0 ? 1 : 0);
