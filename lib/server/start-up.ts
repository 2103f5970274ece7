import "server-only";
import { dbReady } from "@/db";
import { env } from "@/lib/env";
import { instanceSecrets } from "./instance-secrets";
import { recordPeerAddresses } from "./client-address";

/**
 * Once per server process, before any request is served: validate configuration, open and
 * migrate the database, load or create the instance secrets. Any failure stops the process
 * with a message naming the problem instead of failing request by request.
 */
export async function startUp(): Promise<void> {
  try {
    env();
    // Before the first request: sign-in limits and audit events need the socket's address.
    recordPeerAddresses();
    const handle = await dbReady();
    instanceSecrets();
    console.log(`[steward] database ready (${handle.driver})`);
    // Reminders, deliveries and expiries (DESIGN §8.3); replicas share the work through database locks.
    const { startBackgroundScheduler } = await import("./scheduler/start");
    await startBackgroundScheduler();
  } catch (error) {
    console.error(`[steward] start-up failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
