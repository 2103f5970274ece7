import "server-only";
import { dbReady } from "@/db";
import { env } from "@/lib/env";
import { instanceSecrets } from "@/lib/server/instance-secrets";
import { deliveryDefaults, type DeliveryConfig } from "@/lib/server/notifications/config";
import { startScheduler, type Scheduler } from "./scheduler";

/** Delivery settings from the environment (DESIGN §9 configuration). */
export function deliveryConfigFromEnv(): DeliveryConfig {
  const e = env();
  return {
    ...deliveryDefaults,
    smtpUrl: e.SMTP_URL ?? null,
    smtpFrom: e.SMTP_FROM ?? deliveryDefaults.smtpFrom,
    // Links in e-mail and webhooks need the public origin; set AUTH_URL in any real deployment.
    appOrigin: e.AUTH_URL ? new URL(e.AUTH_URL).origin : "http://localhost:3000",
    webhookSecret: instanceSecrets().authSecret,
    allowPrivateAddresses: e.DISCOVERY_ALLOW_PRIVATE_ADDRESSES,
    maxAttempts: e.NOTIFY_MAX_ATTEMPTS,
  };
}

const state = globalThis as typeof globalThis & { __stewardScheduler?: Scheduler };

/** Starts this process's scheduler once (SCHEDULER_INTERVAL_SECONDS=0 leaves it off); stops it on SIGTERM/SIGINT. */
export async function startBackgroundScheduler(): Promise<void> {
  const seconds = env().SCHEDULER_INTERVAL_SECONDS;
  if (seconds === 0 || state.__stewardScheduler) return;
  const handle = await dbReady();
  state.__stewardScheduler = startScheduler({ db: handle.db, driver: handle.driver }, { delivery: deliveryConfigFromEnv() }, seconds * 1000);
  console.log(`[steward] scheduler started (every ${seconds} s)`);
  const stop = () => {
    const scheduler = state.__stewardScheduler;
    state.__stewardScheduler = undefined;
    // Let a running tick finish its current step; anything claimed and unsent is re-claimed after its lease.
    void scheduler?.stop();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
