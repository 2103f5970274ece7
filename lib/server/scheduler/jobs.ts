import "server-only";
/**
 * The scheduler's jobs (DESIGN §8.3, §9). `exclusive` jobs run on one process at a time across all
 * replicas (a PostgreSQL advisory lock): sweeps that would only repeat each other's work.
 * Delivery is not exclusive: every process may deliver at once, because claims use
 * `FOR UPDATE SKIP LOCKED` with a lease (lib/server/notifications/deliver.ts).
 */
import type { Db } from "@/db/client";
import { expireLapsedExceptions } from "@/lib/server/governance/exceptions";
import { expireLapsedRotationRequests } from "@/lib/server/lifecycle/expiry";
import { expireLapsedGrants } from "@/lib/server/commands/access-decisions";
import type { DeliveryConfig } from "@/lib/server/notifications/config";
import { deliverPending, type DeliveryHooks } from "@/lib/server/notifications/deliver";
import { sweepReminders } from "@/lib/server/notifications/reminder-sweep";
import { sweepPosture } from "@/lib/server/posture/sweep";
import { refreshSnapshot } from "@/lib/server/dashboard/snapshot";
import { forgetOldIdempotencyKeys } from "@/lib/server/idempotency";
import { writeAuditCheckpoint } from "@/lib/server/audit-checkpoint";
import { pruneUsageEvidence } from "@/lib/server/usage/retention";

export type JobContext = { db: Db; now: Date; delivery: DeliveryConfig; hooks?: DeliveryHooks };

export type Job = {
  name: string;
  description: string;
  exclusive: boolean;
  /** Stable advisory-lock key (PostgreSQL bigint) for exclusive jobs. */
  lockKey: number;
  run: (ctx: JobContext) => Promise<Record<string, unknown>>;
};

export const jobNames = ["reminders", "rotation-expiry", "exception-expiry", "grant-expiry", "posture-sweep", "dashboard-snapshot", "idempotency-cleanup", "usage-retention", "audit-checkpoint", "deliveries"] as const;
export type JobName = (typeof jobNames)[number];

export const jobs: Record<JobName, Job> = {
  reminders: {
    name: "reminders",
    description: "Enqueue rotation and review reminders and escalations",
    exclusive: true,
    lockKey: 7_246_101,
    run: async ({ db, now }) => sweepReminders(db, now),
  },
  "rotation-expiry": {
    name: "rotation-expiry",
    description: "Expire rotation requests without a decision for 14 days",
    exclusive: true,
    lockKey: 7_246_102,
    run: async ({ db, now }) => expireLapsedRotationRequests(db, now),
  },
  "exception-expiry": {
    name: "exception-expiry",
    description: "End exceptions past their expiry and reopen the findings they covered",
    exclusive: true,
    lockKey: 7_246_104,
    run: async ({ db, now }) => expireLapsedExceptions(db, now),
  },
  "grant-expiry": {
    name: "grant-expiry",
    description: "Expire API grants whose re-review date passed without a review (DESIGN §4.5)",
    exclusive: true,
    lockKey: 7_246_109,
    run: async ({ db, now }) => expireLapsedGrants(db, now),
  },
  "posture-sweep": {
    name: "posture-sweep",
    description: "Re-run the posture rules over credentials (time-based rules: overdue rotations and reviews)",
    exclusive: true,
    lockKey: 7_246_105,
    run: async ({ db, now }) => sweepPosture(db, now),
  },
  "dashboard-snapshot": {
    name: "dashboard-snapshot",
    description: "Recount the dashboard's figures into today's inventory snapshot (trend history)",
    // Not exclusive here: the refresh takes its own transaction lock and skips a snapshot counted
    // within the last 30 s, so of several replicas ticking together one counts.
    exclusive: false,
    lockKey: 7_246_106,
    run: async ({ db, now }) => refreshSnapshot(db, now, { ifOlderThanMs: 30_000 }),
  },
  "idempotency-cleanup": {
    name: "idempotency-cleanup",
    description: "Forget Idempotency-Keys older than 24 hours",
    exclusive: true,
    lockKey: 7_246_107,
    run: async ({ db, now }) => forgetOldIdempotencyKeys(db, now),
  },
  "usage-retention": {
    name: "usage-retention",
    description: "Drop raw usage events past USAGE_RAW_RETENTION_DAYS (default 7) and day rollups past USAGE_ROLLUP_RETENTION_DAYS (default 400)",
    exclusive: true,
    lockKey: 7_246_109,
    run: async ({ db, now }) => pruneUsageEvidence(db, now),
  },
  "audit-checkpoint": {
    name: "audit-checkpoint",
    description: "Sign the audit chain's head and write it outside the database (AUDIT_CHECKPOINT_DIR), so deleting the newest events shows",
    // Not exclusive: each process anchors the head in its own checkpoint directory (a replica on
    // another host keeps its own copy), and a tick whose head has not moved writes nothing.
    exclusive: false,
    lockKey: 7_246_108,
    run: async ({ db, now }) => writeAuditCheckpoint(db, now),
  },
  deliveries: {
    name: "deliveries",
    description: "Send pending e-mail and webhook deliveries",
    exclusive: false,
    lockKey: 7_246_103,
    run: async ({ db, now, delivery, hooks }) => deliverPending(db, delivery, now, { hooks }),
  },
};

/**
 * In tick order: reminders and expiries first, so what they enqueue goes out in the same tick; the
 * snapshot after the posture sweep, so it counts the findings the sweep just opened.
 */
export const tickOrder: readonly JobName[] = ["reminders", "rotation-expiry", "exception-expiry", "grant-expiry", "posture-sweep", "dashboard-snapshot", "idempotency-cleanup", "usage-retention", "audit-checkpoint", "deliveries"];

export function isJobName(name: string): name is JobName {
  return (jobNames as readonly string[]).includes(name);
}
