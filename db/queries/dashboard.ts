import "server-only";
import { and, asc, eq, gte, inArray, isNull, lt, max, ne, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Queryable } from "@/db/client";
import { credentials, dashboardInputs, findings, inventorySnapshots, leakIncidents, people, rotationRequests, teams } from "@/db/schema";
import { addDays } from "@/lib/domain/due-dates";
import { emptyCounts, type DayTotals, type Environment, type SnapshotRow } from "@/lib/domain/dashboard";
import { hasOpenFindingOf, hasOpenFindingOfSeverity, isAccountable, isThirdParty, rotationDueWithin } from "./credential-predicates";
import { timelinessCondition } from "./rotations";

/** Reads for the security dashboard (DESIGN §6) and the snapshot counts behind it (db/schema/dashboard.ts). */

export type DashboardScope = { teamId?: string | undefined; environment?: Environment | undefined };

const WINDOW_DAYS = 90;
const countWhere = (condition: SQL | undefined) => sql<number>`(count(*) filter (where ${condition ?? sql`true`}))::int`;
const groupKey = (teamId: string | null, environment: string) => `${teamId ?? ""}|${environment}`;

/**
 * Counts every snapshot figure per (owning team, environment) at `now`, in four grouped statements
 * (credentials, open findings, leak incidents, completed rotations). The credential conditions are
 * the inventory filters' own (./credential-predicates), so each number equals the length of the list
 * it links to. Runs once per scheduler tick, never per dashboard request.
 */
export async function countSnapshotRows(db: Queryable, now: Date): Promise<SnapshotRow[]> {
  const at = now.toISOString();
  const isActive = eq(credentials.status, "active");
  const rotationOverdue = lt(credentials.rotationDueAt, now);
  const reviewOverdue = lt(credentials.reviewDueAt, now);
  const since = addDays(now, -WINDOW_DAYS);
  const [credentialRows, findingRows, leakRows, rotationRows] = await Promise.all([
    db
      .select({
        teamId: credentials.owningTeamId,
        environment: credentials.environment,
        credentials: sql<number>`count(*)::int`,
        active: countWhere(isActive),
        suspended: countWhere(eq(credentials.status, "suspended")),
        decommissioned: countWhere(eq(credentials.status, "decommissioned")),
        accountable: countWhere(and(isActive, isAccountable)),
        orphaned: countWhere(and(isActive, hasOpenFindingOf(["owner-missing"]))),
        rotationsOverdue: countWhere(and(isActive, rotationOverdue)),
        rotationsDue30: countWhere(and(isActive, rotationDueWithin(now, 30))),
        reviewsOverdue: countWhere(and(isActive, reviewOverdue)),
        thirdParty: countWhere(and(isActive, isThirdParty)),
        thirdPartyReviewOverdue: countWhere(and(isActive, isThirdParty, reviewOverdue)),
        thirdPartyNeverReviewed: countWhere(and(isActive, isThirdParty, isNull(credentials.lastReviewedAt))),
        healthy: countWhere(
          and(
            isActive,
            sql`not coalesce(${credentials.rotationDueAt} < ${at}::timestamptz, false)`,
            sql`not coalesce(${credentials.reviewDueAt} < ${at}::timestamptz, false)`,
            sql`not ${hasOpenFindingOfSeverity(["critical", "high"])}`,
          ),
        ),
      })
      .from(credentials)
      .groupBy(credentials.owningTeamId, credentials.environment),
    db
      .select({ teamId: credentials.owningTeamId, environment: credentials.environment, severity: findings.severity, ruleId: findings.ruleId, n: sql<number>`count(*)::int` })
      .from(findings)
      .innerJoin(credentials, eq(credentials.id, findings.credentialId))
      .where(eq(findings.status, "open"))
      .groupBy(credentials.owningTeamId, credentials.environment, findings.severity, findings.ruleId),
    db
      .select({
        teamId: credentials.owningTeamId,
        environment: credentials.environment,
        open: countWhere(eq(leakIncidents.status, "open")),
        remediated: countWhere(and(eq(leakIncidents.status, "remediated"), gte(leakIncidents.remediatedAt, since))),
        // bigint: postgres.js returns it as a string, PGlite as a number.
        seconds: sql<string | number>`coalesce(sum(${leakIncidents.remediationSeconds}) filter (where ${leakIncidents.status} = 'remediated' and ${leakIncidents.remediatedAt} >= ${since.toISOString()}::timestamptz), 0)::bigint`,
      })
      .from(leakIncidents)
      .innerJoin(credentials, eq(credentials.id, leakIncidents.credentialId))
      .groupBy(credentials.owningTeamId, credentials.environment),
    db
      .select({
        teamId: credentials.owningTeamId,
        environment: credentials.environment,
        onTime: countWhere(timelinessCondition("on_time")),
        late: countWhere(timelinessCondition("late")),
      })
      .from(rotationRequests)
      .innerJoin(credentials, eq(credentials.id, rotationRequests.credentialId))
      .where(and(eq(rotationRequests.state, "completed"), gte(rotationRequests.completedAt, since)))
      .groupBy(credentials.owningTeamId, credentials.environment),
  ]);

  const rows = new Map<string, SnapshotRow>();
  const rowOf = (teamId: string | null, environment: Environment) => {
    const key = groupKey(teamId, environment);
    let row = rows.get(key);
    if (!row) {
      row = { ...emptyCounts(), teamId, environment };
      rows.set(key, row);
    }
    return row;
  };
  for (const { teamId, environment, ...counts } of credentialRows) Object.assign(rowOf(teamId, environment), counts);
  for (const f of findingRows) {
    const row = rowOf(f.teamId, f.environment);
    const field = ({ critical: "findingsCritical", high: "findingsHigh", medium: "findingsMedium", low: "findingsLow" } as const)[f.severity];
    row[field] += f.n;
    row.findingsByRule[f.ruleId] = (row.findingsByRule[f.ruleId] ?? 0) + f.n;
  }
  for (const l of leakRows) {
    const row = rowOf(l.teamId, l.environment);
    row.leaksOpen = l.open;
    row.leaksRemediated90 = l.remediated;
    row.leakRemediationSeconds90 = Number(l.seconds);
  }
  for (const r of rotationRows) {
    const row = rowOf(r.teamId, r.environment);
    row.rotationsCompleted90 = r.onTime + r.late;
    row.rotationsOnTime90 = r.onTime;
  }
  return [...rows.values()];
}

const scopeConditions = (scope: DashboardScope) => [
  scope.teamId ? eq(inventorySnapshots.teamId, scope.teamId) : undefined,
  scope.environment ? eq(inventorySnapshots.environment, scope.environment) : undefined,
];

const snapshotColumns = {
  day: inventorySnapshots.day,
  computedAt: inventorySnapshots.computedAt,
  teamId: inventorySnapshots.teamId,
  environment: inventorySnapshots.environment,
  credentials: inventorySnapshots.credentials,
  active: inventorySnapshots.active,
  suspended: inventorySnapshots.suspended,
  decommissioned: inventorySnapshots.decommissioned,
  accountable: inventorySnapshots.accountable,
  orphaned: inventorySnapshots.orphaned,
  rotationsOverdue: inventorySnapshots.rotationsOverdue,
  rotationsDue30: inventorySnapshots.rotationsDue30,
  reviewsOverdue: inventorySnapshots.reviewsOverdue,
  thirdParty: inventorySnapshots.thirdParty,
  thirdPartyReviewOverdue: inventorySnapshots.thirdPartyReviewOverdue,
  thirdPartyNeverReviewed: inventorySnapshots.thirdPartyNeverReviewed,
  healthy: inventorySnapshots.healthy,
  findingsCritical: inventorySnapshots.findingsCritical,
  findingsHigh: inventorySnapshots.findingsHigh,
  findingsMedium: inventorySnapshots.findingsMedium,
  findingsLow: inventorySnapshots.findingsLow,
  findingsByRule: inventorySnapshots.findingsByRule,
  leaksOpen: inventorySnapshots.leaksOpen,
  leaksRemediated90: inventorySnapshots.leaksRemediated90,
  leakRemediationSeconds90: inventorySnapshots.leakRemediationSeconds90,
  rotationsCompleted90: inventorySnapshots.rotationsCompleted90,
  rotationsOnTime90: inventorySnapshots.rotationsOnTime90,
};

/** The newest snapshot day, when it was computed and the inputs epoch it counted (null before the first snapshot). */
export async function latestSnapshot(db: Queryable): Promise<{ day: string; computedAt: Date; inputsEpoch: number } | null> {
  const [row] = await db
    .select({ day: inventorySnapshots.day, computedAt: max(inventorySnapshots.computedAt), inputsEpoch: sql<string | number>`max(${inventorySnapshots.inputsEpoch})` })
    .from(inventorySnapshots)
    .where(sql`${inventorySnapshots.day} = (select max(day) from ${inventorySnapshots})`)
    .groupBy(inventorySnapshots.day);
  // bigint aggregate: postgres.js returns it as a string, PGlite as a number.
  return row?.computedAt ? { day: row.day, computedAt: row.computedAt, inputsEpoch: Number(row.inputsEpoch) } : null;
}

/** How many changes to the dashboard's inputs have committed (0 before the first). */
export async function dashboardInputsEpoch(db: Queryable): Promise<number> {
  const [row] = await db.select({ epoch: dashboardInputs.epoch }).from(dashboardInputs);
  return row?.epoch ?? 0;
}

/** Marks the snapshot stale in the caller's transaction (called by the audit writer, under its lock). */
export async function markDashboardInputsChanged(tx: Queryable): Promise<void> {
  await tx
    .insert(dashboardInputs)
    .values({ id: 1, epoch: 1 })
    .onConflictDoUpdate({ target: dashboardInputs.id, set: { epoch: sql`${dashboardInputs.epoch} + 1`, changedAt: sql`now()` } });
}

/** One day's rows in scope (a few hundred at most: teams × environments). */
export async function snapshotRowsOfDay(db: Queryable, day: string, scope: DashboardScope) {
  return db
    .select(snapshotColumns)
    .from(inventorySnapshots)
    .where(and(eq(inventorySnapshots.day, day), ...scopeConditions(scope)));
}

/** Per day since `fromDay`, the trend figures summed over the day's rows in scope (one row a day). */
export async function snapshotDayTotals(db: Queryable, fromDay: string, scope: DashboardScope): Promise<DayTotals[]> {
  const total = (column: AnyPgColumn) => sql<number>`sum(${column})::int`;
  return db
    .select({
      day: inventorySnapshots.day,
      active: total(inventorySnapshots.active),
      accountable: total(inventorySnapshots.accountable),
      rotationsOverdue: total(inventorySnapshots.rotationsOverdue),
      findingsCritical: total(inventorySnapshots.findingsCritical),
      findingsHigh: total(inventorySnapshots.findingsHigh),
      findingsMedium: total(inventorySnapshots.findingsMedium),
      findingsLow: total(inventorySnapshots.findingsLow),
    })
    .from(inventorySnapshots)
    .where(and(gte(inventorySnapshots.day, fromDay), ...scopeConditions(scope)))
    .groupBy(inventorySnapshots.day)
    .orderBy(asc(inventorySnapshots.day));
}

/** Replaces one day's rows (the caller holds the snapshot lock and a transaction). */
export async function writeSnapshotDay(db: Queryable, day: string, computedAt: Date, rows: readonly SnapshotRow[], inputsEpoch = 0) {
  await db.delete(inventorySnapshots).where(eq(inventorySnapshots.day, day));
  const CHUNK = 500;
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db.insert(inventorySnapshots).values(rows.slice(i, i + CHUNK).map((r) => ({ ...r, day, computedAt, inputsEpoch, createdAt: computedAt, updatedAt: computedAt })));
  }
}

/** Team names for the per-team table. */
export async function teamNames(db: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: teams.id, name: teams.name }).from(teams).where(inArray(teams.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * A team's people and what they hold (the team page: who owns what, who is overloaded, who left):
 * every person who owns, backs up or owns the SDK of one of the team's credentials that is not
 * decommissioned. Live, scoped to one team (its index), so small.
 */
export async function teamHolders(db: Queryable, teamId: string, environment: Environment | undefined, now: Date) {
  const holds = sql`${people.id} in (${credentials.ownerId}, ${credentials.backupOwnerId}, ${credentials.sdkOwnerId})`;
  const owns = eq(credentials.ownerId, people.id);
  return db
    .select({
      personId: people.id,
      name: people.name,
      email: people.email,
      isActive: people.isActive,
      owned: countWhere(owns),
      backup: countWhere(eq(credentials.backupOwnerId, people.id)),
      sdk: countWhere(eq(credentials.sdkOwnerId, people.id)),
      ownedRotationsOverdue: countWhere(and(owns, eq(credentials.status, "active"), lt(credentials.rotationDueAt, now))),
      ownedWithSevereFindings: countWhere(and(owns, hasOpenFindingOfSeverity(["critical", "high"]))),
    })
    .from(credentials)
    .innerJoin(people, holds)
    .where(and(eq(credentials.owningTeamId, teamId), ne(credentials.status, "decommissioned"), environment ? eq(credentials.environment, environment) : undefined))
    .groupBy(people.id, people.name, people.email, people.isActive)
    .orderBy(sql`count(*) filter (where ${owns}) desc`, asc(people.name));
}
