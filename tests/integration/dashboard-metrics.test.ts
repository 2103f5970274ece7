import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { beforeAll, describe, expect, it } from "vitest";
import { applications, credentialApplications, credentials, findings, inventorySnapshots, leakIncidents, people, rotationRequests, secrets, teams } from "@/db/schema";
import { listCredentials } from "@/db/queries/credentials";
import { countSnapshotRows } from "@/db/queries/dashboard";
import { listFindings } from "@/db/queries/findings";
import { listIncidents } from "@/db/queries/incidents";
import { listRotationRequests } from "@/db/queries/rotations";
import { summarise, teamTable } from "@/lib/domain/dashboard";
import { readDashboard, readTrends } from "@/lib/server/dashboard/read";
import { refreshSnapshot, SNAPSHOT_LOCK_KEY } from "@/lib/server/dashboard/snapshot";
import { credentialFilters } from "@/lib/validation/inventory";
import { findingFilters } from "@/lib/validation/governance";
import { incidentFilters, rotationRequestFilters } from "@/lib/validation/rotation";
import { dashboardLinks } from "@/components/dashboard/links";
import { drivers } from "../support/db";
import { suiteDatabase } from "../support/inventory";

/**
 * The dashboard's figures on a small inventory whose right answers are worked out by hand below
 * (issue #6), and every figure's link landing on a list of exactly that many rows. Rows are written
 * directly so each date, finding and incident is exactly what the arithmetic needs.
 */
const NOW = new Date("2026-06-15T12:00:00.000Z");
const day = 86_400_000;
const at = (days: number) => new Date(NOW.getTime() + days * day);

describe.each(drivers)("[DASHBOARD] figures on %s", (driver) => {
  const { handle } = suiteDatabase(driver, { auditChain: false });
  const ids = {
    teamA: randomUUID(),
    teamB: randomUUID(),
    p1: randomUUID(),
    p2: randomUUID(),
    gone: randomUUID(),
    c: Array.from({ length: 6 }, () => randomUUID()),
  };

  beforeAll(async () => {
    const db = handle.db;
    await db.insert(teams).values([
      { id: ids.teamA, key: "alpha", name: "Alpha", kind: "application" },
      { id: ids.teamB, key: "beta", name: "Beta", kind: "application" },
    ]);
    await db.insert(people).values([
      { id: ids.p1, email: "p1@example.test", name: "P One" },
      { id: ids.p2, email: "p2@example.test", name: "P Two" },
      { id: ids.gone, email: "gone@example.test", name: "Gone Person", isActive: false },
    ]);
    const [c1, c2, c3, c4, c5, c6] = ids.c as [string, string, string, string, string, string];
    const base = { kind: "oauth_client" as const, createdAt: at(-400), updatedAt: at(-400) };
    await db.insert(credentials).values([
      // Alpha/production: accountable; rotation overdue; review fine; third-party, never reviewed.
      { ...base, id: c1, key: "c1", name: "C1", environment: "production", owningTeamId: ids.teamA, ownerId: ids.p1, backupOwnerId: ids.p2, rotationDueAt: at(-1), reviewDueAt: at(100) },
      // Alpha/production: backup owner left; rotation due in 10 days; review overdue.
      { ...base, id: c2, key: "c2", name: "C2", environment: "production", owningTeamId: ids.teamA, ownerId: ids.p1, backupOwnerId: ids.gone, rotationDueAt: at(10), reviewDueAt: at(-5), lastReviewedAt: at(-200) },
      // Alpha/staging: no owner (orphaned); rotation due in exactly 30 days (inside "due within 30").
      { ...base, id: c3, key: "c3", name: "C3", environment: "staging", owningTeamId: ids.teamA, rotationDueAt: at(30), reviewDueAt: null },
      // Beta/production: suspended — overdue, but only active credentials count as overdue.
      { ...base, id: c4, key: "c4", name: "C4", environment: "production", status: "suspended", owningTeamId: ids.teamB, ownerId: ids.p1, backupOwnerId: ids.p2, rotationDueAt: at(-50), reviewDueAt: at(-50) },
      // Beta/test: decommissioned.
      { ...base, id: c5, key: "c5", name: "C5", environment: "test", status: "decommissioned", owningTeamId: ids.teamB, decommissionedAt: at(-20) },
      // No team/development: healthy (nothing overdue, only a low finding), but not accountable (no team); due in 31 days.
      { ...base, id: c6, key: "c6", name: "C6", environment: "development", ownerId: ids.p2, backupOwnerId: ids.p1, rotationDueAt: at(31), reviewDueAt: at(1) },
    ]);
    const vendorApp = randomUUID();
    await db.insert(applications).values({ id: vendorApp, key: "vendor", name: "Vendor SaaS", environment: "production", trustZone: "external", thirdParty: true });
    await db.insert(credentialApplications).values({ credentialId: c1, applicationId: vendorApp });

    const finding = (credentialId: string, ruleId: string, severity: "low" | "medium" | "high" | "critical", status: "open" | "resolved" | "excepted" = "open") => ({ credentialId, ruleId, severity, status });
    await db.insert(findings).values([
      finding(c1, "rotation-overdue", "high"),
      finding(c1, "scope-admin", "high"),
      finding(c2, "review-overdue", "medium"),
      finding(c3, "owner-missing", "high"),
      finding(c4, "weak-grant-type", "high"),
      finding(c6, "secret-no-expiry", "medium", "resolved"),
      finding(c6, "token-cache-persistent", "medium", "excepted"),
      finding(c6, "multi-audience", "low"),
    ]);

    const secretOf = async (credentialId: string) => {
      const id = randomUUID();
      await db.insert(secrets).values({ id, credentialId, kind: "client_secret", storage: "vault", issuedAt: at(-300), status: "leaked" });
      return id;
    };
    const incident = async (credentialId: string, remediatedDaysAgo: number | null, seconds: number | null) => ({
      credentialId,
      secretId: await secretOf(credentialId),
      source: "scanner",
      detectedAt: at(-(remediatedDaysAgo ?? 0) - 1),
      status: remediatedDaysAgo === null ? ("open" as const) : ("remediated" as const),
      remediatedAt: remediatedDaysAgo === null ? null : at(-remediatedDaysAgo),
      remediationSeconds: seconds,
    });
    await db.insert(leakIncidents).values([
      await incident(c1, null, null), // open
      await incident(c2, 10, 3600), // in the window
      await incident(c3, 100, 999), // outside the 90-day window
      await incident(c6, 1, 7200), // in the window
    ]);

    const rotation = (credentialId: string, completedDaysAgo: number, dueDaysFromNow: number | null, state: "completed" | "approved" = "completed") => ({
      credentialId,
      state,
      reason: "scheduled" as const,
      plannedAt: at(-completedDaysAgo - 1),
      approvalsRequired: 1,
      securityApprovalRequired: false,
      expiresAt: at(14),
      dueAt: dueDaysFromNow === null ? null : at(dueDaysFromNow),
      completedAt: state === "completed" ? at(-completedDaysAgo) : null,
      createdAt: at(-completedDaysAgo - 2),
    });
    await db.insert(rotationRequests).values([
      rotation(c1, 5, -4), // done a day before its due date: on time
      rotation(c2, 3, -3), // done exactly on its due date: on time
      rotation(c3, 2, -10), // done 8 days late
      rotation(c6, 1, null), // no due date: neither
      rotation(c4, 100, 5), // outside the window
      rotation(c5, 0, 5, "approved"), // not completed
    ]);
  });

  it("[DASHBOARD] every figure equals the hand-worked answer, including MTTR and the on-time rate", async () => {
    const rows = await countSnapshotRows(handle.db, NOW);
    const s = summarise(rows);
    expect(s.counts).toMatchObject({
      credentials: 6,
      active: 4,
      suspended: 1,
      decommissioned: 1,
      accountable: 1,
      orphaned: 1,
      rotationsOverdue: 1,
      rotationsDue30: 2,
      reviewsOverdue: 1,
      thirdParty: 1,
      thirdPartyReviewOverdue: 0,
      thirdPartyNeverReviewed: 1,
      healthy: 1,
      findingsCritical: 0,
      findingsHigh: 4,
      findingsMedium: 1,
      findingsLow: 1,
      leaksOpen: 1,
      leaksRemediated90: 2,
      leakRemediationSeconds90: 10_800,
      rotationsCompleted90: 3,
      rotationsOnTime90: 2,
    });
    expect(s.counts.findingsByRule).toEqual({ "rotation-overdue": 1, "scope-admin": 1, "review-overdue": 1, "owner-missing": 1, "weak-grant-type": 1, "multi-audience": 1 });
    expect(s.accountabilityCoverage).toBe(0.25);
    expect(s.score).toBe(25);
    expect(s.mttrSeconds).toBe(5400);
    expect(s.onTimeRate).toBeCloseTo(2 / 3, 10);
    expect(s.rotationsLate90).toBe(1);
    expect(s.findingsOpen).toBe(6);
    const owasp = Object.fromEntries(s.findingsByOwasp.map((o) => [o.id, o.count]));
    expect(owasp).toMatchObject({ "NHI1:2025": 1, "NHI4:2025": 1, "NHI5:2025": 3, "NHI7:2025": 1, "NHI2:2025": 0 });
    expect(s.byEnvironment).toEqual([
      { environment: "production", credentials: 3, active: 2, suspended: 1, decommissioned: 0 },
      { environment: "staging", credentials: 1, active: 1, suspended: 0, decommissioned: 0 },
      { environment: "development", credentials: 1, active: 1, suspended: 0, decommissioned: 0 },
      { environment: "test", credentials: 1, active: 0, suspended: 0, decommissioned: 1 },
    ]);
  });

  it("[DASHBOARD] edge cases: no rotation and no remediated leak give no rate (not 0 % or 100 %)", async () => {
    const rows = (await countSnapshotRows(handle.db, NOW)).filter((r) => r.environment === "test");
    const s = summarise(rows);
    expect(s.counts.rotationsCompleted90).toBe(0);
    expect(s.onTimeRate).toBeNull();
    expect(s.mttrSeconds).toBeNull();
    expect(s.accountabilityCoverage).toBeNull();
    expect(s.score).toBeNull();
  });

  it("[DASHBOARD] the per-team table: Alpha scores 0 (nothing healthy), Beta has no active credential and no score", async () => {
    const rows = await countSnapshotRows(handle.db, NOW);
    const table = teamTable(rows, new Map([[ids.teamA, "Alpha"], [ids.teamB, "Beta"]]), "score", "asc");
    expect(table.map((t) => [t.teamName, t.credentials, t.rotationsOverdue, t.reviewsOverdue, t.findingsHigh, t.findingsOpen, t.score])).toEqual([
      ["Alpha", 3, 1, 1, 3, 4, 0],
      ["No owning team", 1, 0, 0, 0, 1, 100],
      ["Beta", 1, 0, 0, 1, 1, null],
    ]);
  });

  it("[DASHBOARD] each figure's link lands on a list with exactly that many rows, for the whole inventory and for one team", async () => {
    for (const scope of [{}, { teamId: ids.teamA }, { environment: "production" as const }]) {
      const rows = (await countSnapshotRows(handle.db, NOW)).filter((r) => (!("teamId" in scope) || r.teamId === scope.teamId) && (!("environment" in scope) || r.environment === scope.environment));
      const s = summarise(rows);
      const links = dashboardLinks(scope);
      const params = (href: string) => Object.fromEntries(new URL(href, "http://x").searchParams);
      const inventory = async (href: string) => (await listCredentials(handle.db, credentialFilters.parse({ ...params(href), limit: 200 }), NOW)).items.length;
      const where = JSON.stringify(scope);
      expect(await inventory(links.active()), `active ${where}`).toBe(s.counts.active);
      expect(await inventory(links.accountabilityIncomplete()), `accountability ${where}`).toBe(s.counts.active - s.counts.accountable);
      expect(await inventory(links.orphaned()), `orphaned ${where}`).toBe(s.counts.orphaned);
      expect(await inventory(links.rotationsOverdue()), `rotations overdue ${where}`).toBe(s.counts.rotationsOverdue);
      expect(await inventory(links.rotationsDue30()), `due in 30 ${where}`).toBe(s.counts.rotationsDue30);
      expect(await inventory(links.reviewsOverdue()), `reviews overdue ${where}`).toBe(s.counts.reviewsOverdue);
      expect(await inventory(links.thirdParty()), `third party ${where}`).toBe(s.counts.thirdParty);
      expect(await inventory(links.thirdPartyReviewOverdue()), `third party overdue ${where}`).toBe(s.counts.thirdPartyReviewOverdue);
      expect(await inventory(links.thirdPartyNeverReviewed()), `third party never ${where}`).toBe(s.counts.thirdPartyNeverReviewed);
      for (const e of s.byEnvironment.filter((x) => x.credentials > 0)) {
        for (const status of ["active", "suspended", "decommissioned"] as const) {
          expect(await inventory(links.byEnvironmentStatus(e.environment, status)), `${e.environment}/${status} ${where}`).toBe(e[status]);
        }
      }
      const findingsOf = async (href: string) => (await listFindings(handle.db, findingFilters.parse({ ...params(href), limit: 200 }))).items.length;
      for (const severity of ["critical", "high", "medium", "low"] as const) {
        expect(await findingsOf(links.findings({ severity })), `${severity} ${where}`).toBe(s.findingsBySeverity[severity]);
      }
      for (const o of s.findingsByOwasp) expect(await findingsOf(links.findings({ control: `owasp-nhi-2025/${o.oscalId}` })), `${o.id} ${where}`).toBe(o.count);
      const incidentsOf = async (href: string) => (await listIncidents(handle.db, incidentFilters.parse({ ...params(href), limit: 200 }), NOW)).items.length;
      expect(await incidentsOf(links.leaksOpen()), `leaks ${where}`).toBe(s.counts.leaksOpen);
      expect(await incidentsOf(links.leaksRemediated90()), `remediated ${where}`).toBe(s.counts.leaksRemediated90);
      const rotationsOf = async (href: string) => (await listRotationRequests(handle.db, rotationRequestFilters.parse({ ...params(href), limit: 200 }), NOW)).items.length;
      expect(await rotationsOf(links.rotationsOnTime90()), `on time ${where}`).toBe(s.counts.rotationsOnTime90);
      expect(await rotationsOf(links.rotationsLate90()), `late ${where}`).toBe(s.rotationsLate90);
    }
  });

  it("[DASHBOARD] the snapshot: a refresh rewrites today's rows (never doubles them), keeps earlier days as history, and the read sums them", async () => {
    const first = await refreshSnapshot(handle.db, NOW);
    expect(first).toMatchObject({ refreshed: true, day: "2026-06-15" });
    const again = await refreshSnapshot(handle.db, new Date(NOW.getTime() + 1000));
    expect(again).toMatchObject({ refreshed: true, day: "2026-06-15" });
    const skipped = await refreshSnapshot(handle.db, new Date(NOW.getTime() + 2000), { ifOlderThanMs: 30_000 });
    expect(skipped).toEqual({ refreshed: false, reason: "fresh" });
    await refreshSnapshot(handle.db, at(1));
    const all = await handle.db.select({ day: inventorySnapshots.day }).from(inventorySnapshots);
    const perDay = all.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.day]: (acc[r.day] ?? 0) + 1 }), {});
    // Five (team, environment) groups each day: Alpha/production, Alpha/staging, Beta/production, Beta/test, none/development.
    expect(perDay).toEqual({ "2026-06-15": 5, "2026-06-16": 5 });

    const dashboard = await readDashboard(handle.db, { teamId: ids.teamA }, {}, at(1));
    expect(dashboard.asOf?.toISOString()).toBe(at(1).toISOString());
    expect(dashboard.scope).toEqual({ teamId: ids.teamA, teamName: "Alpha", environment: null });
    expect(dashboard.summary.counts.active).toBe(3);
    const trends = await readTrends(handle.db, {}, 90, at(1));
    expect(trends.points.map((p) => p.day)).toEqual(["2026-06-15", "2026-06-16"]);
    expect(trends.points[0]).toMatchObject({ rotationsOverdue: 1, findings: { critical: 0, high: 4, medium: 1, low: 1 }, accountabilityCoverage: 25 });
  });

  it("[DASHBOARD] a refresh while another process is counting stands aside (PostgreSQL: the lock is held on another connection)", async () => {
    if (driver !== "postgres" || !handle.url) return; // PGlite is one connection: refreshes cannot overlap.
    const other = postgres(handle.url, { max: 1, onnotice: () => undefined });
    try {
      await other.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(${SNAPSHOT_LOCK_KEY})`;
        expect(await refreshSnapshot(handle.db, at(2))).toEqual({ refreshed: false, reason: "busy" });
      });
      expect(await refreshSnapshot(handle.db, at(2))).toMatchObject({ refreshed: true, day: "2026-06-17" });
      const rows = await handle.db.select({ day: inventorySnapshots.day }).from(inventorySnapshots);
      expect(rows.filter((r) => r.day === "2026-06-17")).toHaveLength(5);
    } finally {
      await other.end();
    }
  });
});
