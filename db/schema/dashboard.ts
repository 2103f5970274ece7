import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, jsonb, pgTable, smallint, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamps, tstz } from "./columns";
import { environmentEnum } from "./inventory";

/**
 * The daily inventory snapshot (DESIGN §3.5): the dashboard's aggregates, one row per (day, owning
 * team, environment). The snapshot job rewrites today's rows every scheduler tick, so the newest
 * day is "now" (what the dashboard shows) and earlier days are each day's last state (the trend
 * charts). The dashboard reads these few hundred rows instead of scanning credentials and findings
 * per request. Derived data, like the due columns: recomputable from audited records at any time.
 *
 * Counts of "active" credentials exclude suspended and decommissioned ones; finding counts cover
 * every open finding (as the findings list does). The 90-day windows end at `computed_at`.
 */
export const inventorySnapshots = pgTable(
  "inventory_snapshots",
  {
    day: date("day", { mode: "string" }).notNull(),
    /** Null: credentials without an owning team. No foreign key: history outlives a team's rename or removal. */
    teamId: uuid("team_id"),
    environment: environmentEnum("environment").notNull(),
    computedAt: tstz("computed_at").notNull(),
    credentials: integer("credentials").notNull(),
    active: integer("active").notNull(),
    suspended: integer("suspended").notNull(),
    decommissioned: integer("decommissioned").notNull(),
    /** Active with owner, backup owner and owning team all set, and both people still active. */
    accountable: integer("accountable").notNull(),
    /** Active with an open `owner-missing` finding (no owner, or an owner who left). */
    orphaned: integer("orphaned").notNull(),
    rotationsOverdue: integer("rotations_overdue").notNull(),
    rotationsDue30: integer("rotations_due_30").notNull(),
    reviewsOverdue: integer("reviews_overdue").notNull(),
    thirdParty: integer("third_party").notNull(),
    thirdPartyReviewOverdue: integer("third_party_review_overdue").notNull(),
    thirdPartyNeverReviewed: integer("third_party_never_reviewed").notNull(),
    /** Active with nothing overdue and no open critical or high finding (the team score's numerator). */
    healthy: integer("healthy").notNull(),
    findingsCritical: integer("findings_critical").notNull(),
    findingsHigh: integer("findings_high").notNull(),
    findingsMedium: integer("findings_medium").notNull(),
    findingsLow: integer("findings_low").notNull(),
    /** Open findings per rule id ({ "owner-missing": 3, … }). */
    findingsByRule: jsonb("findings_by_rule").$type<Record<string, number>>().notNull(),
    leaksOpen: integer("leaks_open").notNull(),
    leaksRemediated90: integer("leaks_remediated_90").notNull(),
    leakRemediationSeconds90: bigint("leak_remediation_seconds_90", { mode: "number" }).notNull(),
    rotationsCompleted90: integer("rotations_completed_90").notNull(),
    rotationsOnTime90: integer("rotations_on_time_90").notNull(),
    /** `dashboard_inputs.epoch` read before counting: a higher epoch now means a change came after. */
    inputsEpoch: bigint("inputs_epoch", { mode: "number" }).notNull().default(0),
    ...timestamps,
  },
  (t) => [
    // One row per team (including "no team") and environment per day.
    uniqueIndex("inventory_snapshots_day_team_env_key").on(t.day, sql`coalesce(${t.teamId}, '00000000-0000-0000-0000-000000000000'::uuid)`, t.environment),
    index("inventory_snapshots_team_day_idx").on(t.teamId, t.day),
  ],
);

/**
 * One row: a counter of changes to the dashboard's inputs, bumped by the audit writer in the
 * transaction of every change that can move a figure (lib/domain/dashboard `changesDashboardFigures`).
 * A snapshot is current while its `inputs_epoch` equals this one, so a read compares two numbers
 * instead of scanning anything. Only audit-chain lock holders write it, so it adds no contention.
 */
export const dashboardInputs = pgTable(
  "dashboard_inputs",
  {
    id: smallint("id").primaryKey().default(1),
    epoch: bigint("epoch", { mode: "number" }).notNull().default(0),
    changedAt: tstz("changed_at").notNull().defaultNow(),
  },
  (t) => [check("dashboard_inputs_one_row", sql`${t.id} = 1`)],
);
