import type { AuditAction } from "./audit-actions";
import { controlsOf } from "./catalog/frameworks";
import { ruleControls } from "./catalog/mapping";
import { ruleIds, type Severity } from "./posture/types";

/**
 * The security dashboard's arithmetic (DESIGN §6 Dashboard), pure: the snapshot job counts rows per
 * (owning team, environment) in SQL, and everything shown is a sum of those counts and a few ratios
 * worked out here. No I/O, no clock: the 90-day windows were applied when the counts were taken.
 */

export const environments = ["production", "staging", "development", "test"] as const;
export type Environment = (typeof environments)[number];
export const severities: readonly Severity[] = ["critical", "high", "medium", "low"];

/** One snapshot row's counts (db/schema/dashboard.ts documents each). */
export type SnapshotCounts = {
  credentials: number;
  active: number;
  suspended: number;
  decommissioned: number;
  accountable: number;
  orphaned: number;
  rotationsOverdue: number;
  rotationsDue30: number;
  reviewsOverdue: number;
  thirdParty: number;
  thirdPartyReviewOverdue: number;
  thirdPartyNeverReviewed: number;
  healthy: number;
  findingsCritical: number;
  findingsHigh: number;
  findingsMedium: number;
  findingsLow: number;
  findingsByRule: Record<string, number>;
  leaksOpen: number;
  leaksRemediated90: number;
  leakRemediationSeconds90: number;
  rotationsCompleted90: number;
  rotationsOnTime90: number;
};

export type SnapshotRow = SnapshotCounts & { teamId: string | null; environment: Environment };

type NumericKey = { [K in keyof SnapshotCounts]: SnapshotCounts[K] extends number ? K : never }[keyof SnapshotCounts];
const numericKeys = [
  "credentials",
  "active",
  "suspended",
  "decommissioned",
  "accountable",
  "orphaned",
  "rotationsOverdue",
  "rotationsDue30",
  "reviewsOverdue",
  "thirdParty",
  "thirdPartyReviewOverdue",
  "thirdPartyNeverReviewed",
  "healthy",
  "findingsCritical",
  "findingsHigh",
  "findingsMedium",
  "findingsLow",
  "leaksOpen",
  "leaksRemediated90",
  "leakRemediationSeconds90",
  "rotationsCompleted90",
  "rotationsOnTime90",
] as const satisfies readonly NumericKey[];

export function emptyCounts(): SnapshotCounts {
  const counts = Object.fromEntries(numericKeys.map((k) => [k, 0])) as Omit<SnapshotCounts, "findingsByRule">;
  return { ...counts, findingsByRule: {} };
}

export function sumCounts(rows: readonly SnapshotCounts[]): SnapshotCounts {
  const total = emptyCounts();
  for (const row of rows) {
    for (const k of numericKeys) total[k] += row[k];
    for (const [rule, n] of Object.entries(row.findingsByRule)) total.findingsByRule[rule] = (total.findingsByRule[rule] ?? 0) + n;
  }
  return total;
}

/** part ÷ whole, or null when there is nothing to divide (shown as "—", never as 0 % or 100 %). */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/**
 * The team score: the share of active credentials that are healthy — no overdue rotation, no
 * overdue review, no open critical or high finding — as a whole percentage. No active
 * credentials, no score.
 */
export function score(counts: Pick<SnapshotCounts, "healthy" | "active">): number | null {
  const r = ratio(counts.healthy, counts.active);
  return r === null ? null : Math.round(r * 100);
}

/** Where a score sits on its 0–100 scale: the bands the dashboard colours by (good from 80, fair from 50). */
export const scoreBands = [
  { band: "good", from: 80, label: "Good" },
  { band: "fair", from: 50, label: "Fair" },
  { band: "poor", from: 0, label: "Poor" },
] as const;
export type ScoreBand = (typeof scoreBands)[number]["band"];

export function scoreBand(value: number | null): ScoreBand | null {
  if (value === null) return null;
  return scoreBands.find((b) => value >= b.from)?.band ?? "poor";
}

/** Open findings per OWASP NHI Top 10 item: each rule maps to exactly one item (DESIGN §5.1). */
export function findingsByOwasp(byRule: Readonly<Record<string, number>>) {
  const counts = new Map<string, number>();
  for (const rule of ruleIds) {
    const item = ruleControls[rule].find((c) => c.framework === "owasp-nhi-2025");
    if (item) counts.set(item.controlId, (counts.get(item.controlId) ?? 0) + (byRule[rule] ?? 0));
  }
  return controlsOf("owasp-nhi-2025").map((c) => ({ id: c.id, oscalId: c.oscalId, title: c.title, count: counts.get(c.id) ?? 0 }));
}

export type DashboardSummary = {
  counts: SnapshotCounts;
  /** % of active credentials with owner, backup owner and owning team set and active (0–1). */
  accountabilityCoverage: number | null;
  /** Mean time to remediate leaks remediated in the last 90 days, in seconds. */
  mttrSeconds: number | null;
  /** Completed rotations (90 days, with a due date) done by their due date (0–1). */
  onTimeRate: number | null;
  rotationsLate90: number;
  score: number | null;
  findingsOpen: number;
  findingsBySeverity: Record<Severity, number>;
  findingsByOwasp: ReturnType<typeof findingsByOwasp>;
  byEnvironment: { environment: Environment; credentials: number; active: number; suspended: number; decommissioned: number }[];
};

export function summarise(rows: readonly SnapshotRow[]): DashboardSummary {
  const counts = sumCounts(rows);
  const bySeverity: Record<Severity, number> = { critical: counts.findingsCritical, high: counts.findingsHigh, medium: counts.findingsMedium, low: counts.findingsLow };
  return {
    counts,
    accountabilityCoverage: ratio(counts.accountable, counts.active),
    mttrSeconds: counts.leaksRemediated90 > 0 ? counts.leakRemediationSeconds90 / counts.leaksRemediated90 : null,
    onTimeRate: ratio(counts.rotationsOnTime90, counts.rotationsCompleted90),
    rotationsLate90: counts.rotationsCompleted90 - counts.rotationsOnTime90,
    score: score(counts),
    findingsOpen: severities.reduce((n, s) => n + bySeverity[s], 0),
    findingsBySeverity: bySeverity,
    findingsByOwasp: findingsByOwasp(counts.findingsByRule),
    byEnvironment: environments.map((environment) => {
      const c = sumCounts(rows.filter((r) => r.environment === environment));
      return { environment, credentials: c.credentials, active: c.active, suspended: c.suspended, decommissioned: c.decommissioned };
    }),
  };
}

export const teamSorts = ["name", "credentials", "rotationsOverdue", "reviewsOverdue", "findingsCritical", "findingsHigh", "findingsOpen", "score"] as const;
export type TeamSort = (typeof teamSorts)[number];

export type TeamRow = {
  teamId: string | null;
  teamName: string;
  credentials: number;
  rotationsOverdue: number;
  reviewsOverdue: number;
  findingsCritical: number;
  findingsHigh: number;
  findingsMedium: number;
  findingsLow: number;
  findingsOpen: number;
  score: number | null;
};

/**
 * The per-team table: one row per owning team (and one for credentials without a team), sorted.
 * "Credentials" counts those not decommissioned. Ties, and teams without a score, sort by name.
 */
export function teamTable(rows: readonly SnapshotRow[], teamNames: ReadonlyMap<string, string>, sort: TeamSort = "score", direction: "asc" | "desc" = "asc"): TeamRow[] {
  const byTeam = new Map<string | null, SnapshotRow[]>();
  for (const row of rows) {
    const list = byTeam.get(row.teamId);
    if (list) list.push(row);
    else byTeam.set(row.teamId, [row]);
  }
  const table = [...byTeam.entries()].map(([teamId, teamRows]): TeamRow => {
    const c = sumCounts(teamRows);
    return {
      teamId,
      teamName: teamId === null ? "No owning team" : (teamNames.get(teamId) ?? "Unknown team"),
      credentials: c.credentials - c.decommissioned,
      rotationsOverdue: c.rotationsOverdue,
      reviewsOverdue: c.reviewsOverdue,
      findingsCritical: c.findingsCritical,
      findingsHigh: c.findingsHigh,
      findingsMedium: c.findingsMedium,
      findingsLow: c.findingsLow,
      findingsOpen: c.findingsCritical + c.findingsHigh + c.findingsMedium + c.findingsLow,
      score: score(c),
    };
  });
  const byName = (a: TeamRow, b: TeamRow) => a.teamName.localeCompare(b.teamName) || String(a.teamId).localeCompare(String(b.teamId));
  const sign = direction === "asc" ? 1 : -1;
  return table
    .filter((t) => t.credentials > 0)
    .sort((a, b) => {
      if (sort === "name") return sign * byName(a, b);
      const x = a[sort];
      const y = b[sort];
      // No score sorts last whichever way.
      if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
      return sign * (x - y) || byName(a, b);
    });
}

export type TrendPoint = {
  day: string;
  rotationsOverdue: number;
  findings: Record<Severity, number>;
  /** 0–100, one decimal; null when there were no active credentials that day. */
  accountabilityCoverage: number | null;
};

/** One day's sums of the trend figures (the database adds up the day's rows). */
export type DayTotals = { day: string; active: number; accountable: number; rotationsOverdue: number; findingsCritical: number; findingsHigh: number; findingsMedium: number; findingsLow: number };

/** Daily points, oldest first. */
export function trendSeries(days: readonly DayTotals[]): TrendPoint[] {
  return [...days]
    .sort((a, b) => a.day.localeCompare(b.day))
    .map((c) => {
      const coverage = ratio(c.accountable, c.active);
      return {
        day: c.day,
        rotationsOverdue: c.rotationsOverdue,
        findings: { critical: c.findingsCritical, high: c.findingsHigh, medium: c.findingsMedium, low: c.findingsLow },
        accountabilityCoverage: coverage === null ? null : Math.round(coverage * 1000) / 10,
      };
    });
}

export type OwnerLoad = { personId: string; owned: number };

/**
 * Who is overloaded in a team: owners of more than twice the team's median number of owned
 * credentials, and of at least 10 (a median of 1 does not make an owner of 3 overloaded).
 */
export function overloadedOwners(loads: readonly OwnerLoad[]): Set<string> {
  const owned = loads.map((l) => l.owned).filter((n) => n > 0).sort((a, b) => a - b);
  if (owned.length === 0) return new Set();
  const mid = Math.floor(owned.length / 2);
  const median = owned.length % 2 === 1 ? (owned[mid] ?? 0) : ((owned[mid - 1] ?? 0) + (owned[mid] ?? 0)) / 2;
  return new Set(loads.filter((l) => l.owned >= 10 && l.owned > 2 * median).map((l) => l.personId));
}

/**
 * Whether an audited action can change a dashboard figure (DESIGN §6). Every change writes its audit
 * event in its own transaction, so the audit writer marks the snapshot stale there for the actions
 * marked true, and the next read recounts (lib/server/dashboard/snapshot). A Record over the closed
 * action list: a new action does not compile until someone decides. When unsure, true: a needless
 * recount costs a moment, a missed one shows a false figure.
 */
export const changesDashboardFigures: Readonly<Record<AuditAction, boolean>> = {
  "auth.sign_in": false,
  "auth.sign_in_failed": false,
  "auth.sign_out": false,
  "auth.password_set": false,
  "authz.denied": false,
  "setup.completed": false,
  "user.created": false,
  "user.updated": true,
  // A leaver's user: their approvals stop counting, which can move rotation and exception figures.
  "user.deactivated": true,
  "user.invite_reissued": false,
  "person.created": true,
  "person.updated": true,
  // Team names are read live; membership is not a figure.
  "team.created": false,
  "team.updated": false,
  "server.created": true,
  "server.updated": true,
  "api.created": true,
  "api.updated": true,
  "application.created": true,
  "application.updated": true,
  "credential.created": true,
  "credential.updated": true,
  "secret.created": true,
  "secret.updated": true,
  "policy.created": true,
  "policy.updated": true,
  "inventory.imported": true,
  "leak.lookup": false,
  "demo.loaded": true,
  "inventory.exported": false,
  "rotation.requested": true,
  "rotation.approved": true,
  "rotation.rejected": true,
  "rotation.cancelled": true,
  "rotation.completed": true,
  "rotation.expired": true,
  "review.recorded": true,
  // Grants feed posture (findings by severity): every decision can move the figures.
  "grant.requested": true,
  "grant.approved": true,
  "grant.rejected": true,
  "grant.revoked": true,
  "grant.expired": true,
  "grant.reviewed": true,
  "campaign.created": false,
  "campaign.closed": false,
  "credential.decommissioned": true,
  "leak.reported": true,
  "incident.remediated": true,
  "finding.opened": true,
  "finding.resolved": true,
  "ownership.reassigned": true,
  "notification.read": false,
  "webhook.created": false,
  "webhook.updated": false,
  "calendar_feed.created": false,
  "calendar_feed.revoked": false,
  "notification.retried": false,
  "notification.retried_by_cause": false,
  "scheduler.job_run": false,
  "campaign.exported": false,
  "finding.updated": true,
  "finding.excepted": true,
  "finding.reopened": true,
  // Who works on a finding changes no count today, but a finding change refreshes like every other one.
  "finding.assigned": true,
  "exception.created": true,
  "exception.revoked": true,
  "exception.expired": true,
  "posture.swept": true,
  "compliance.exported": false,
  // Token creation re-derives the linked credential's due dates and findings.
  "api_token.created": true,
  "api_token.revoked": true,
  "api_token.used": false,
  // Unknown clients and usage counts are dashboard figures (DESIGN §8.7).
  "usage.ingested": true,
  "usage.pruned": true,
};
