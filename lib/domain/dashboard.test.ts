import { describe, expect, it } from "vitest";
import { auditActions } from "./audit-actions";
import { changesDashboardFigures, emptyCounts, findingsByOwasp, overloadedOwners, ratio, score, scoreBand, sumCounts, summarise, teamTable, trendSeries, type SnapshotRow } from "./dashboard";
import { ruleIds } from "./posture/types";

const row = (over: Partial<SnapshotRow>): SnapshotRow => ({ ...emptyCounts(), teamId: null, environment: "production", ...over });

describe("[DASHBOARD] arithmetic", () => {
  it("sums every count and merges findings per rule", () => {
    const total = sumCounts([row({ active: 2, findingsHigh: 1, findingsByRule: { "scope-admin": 1 } }), row({ active: 3, findingsByRule: { "scope-admin": 2, "owner-missing": 1 } })]);
    expect(total.active).toBe(5);
    expect(total.findingsHigh).toBe(1);
    expect(total.findingsByRule).toEqual({ "scope-admin": 3, "owner-missing": 1 });
  });

  it("a score's band: good from 80, fair from 50, poor below; no score, no band", () => {
    expect([100, 80, 79, 50, 49, 0].map(scoreBand)).toEqual(["good", "good", "fair", "fair", "poor", "poor"]);
    expect(scoreBand(null)).toBeNull();
  });

  it("a ratio of nothing is no ratio, and the score rounds to a whole percentage", () => {
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(1, 4)).toBe(0.25);
    expect(score({ healthy: 2, active: 3 })).toBe(67);
    expect(score({ healthy: 1, active: 3 })).toBe(33);
    expect(score({ healthy: 0, active: 0 })).toBeNull();
  });

  it("MTTR is the mean over remediated leaks; the on-time rate counts only rotations with a due date", () => {
    const s = summarise([row({ leaksRemediated90: 3, leakRemediationSeconds90: 900, rotationsCompleted90: 4, rotationsOnTime90: 3 })]);
    expect(s.mttrSeconds).toBe(300);
    expect(s.onTimeRate).toBe(0.75);
    expect(s.rotationsLate90).toBe(1);
    const none = summarise([]);
    expect([none.mttrSeconds, none.onTimeRate, none.accountabilityCoverage, none.score]).toEqual([null, null, null, null]);
  });

  it("every rule counts towards exactly one OWASP NHI item, and all ten items are listed", () => {
    const one = Object.fromEntries(ruleIds.map((r) => [r, 1]));
    const items = findingsByOwasp(one);
    expect(items).toHaveLength(10);
    expect(items.reduce((n, i) => n + i.count, 0)).toBe(ruleIds.length);
    expect(items.find((i) => i.id === "NHI3:2025")?.count).toBe(1); // third-party-unreviewed
  });
});

describe("[DASHBOARD] the per-team table", () => {
  const names = new Map([
    ["a", "Alpha"],
    ["b", "Beta"],
    ["c", "Gamma"],
  ]);
  const rows = [
    row({ teamId: "a", credentials: 4, active: 4, healthy: 1, rotationsOverdue: 2 }),
    row({ teamId: "a", environment: "staging", credentials: 1, active: 1, healthy: 1 }),
    row({ teamId: "b", credentials: 2, active: 2, healthy: 2 }),
    row({ teamId: "c", credentials: 1, active: 0, suspended: 1 }),
    row({ teamId: "d", credentials: 1, decommissioned: 1 }),
  ];

  it("sums a team's environments, drops teams with only decommissioned credentials, lowest score first, no score last", () => {
    const table = teamTable(rows, names);
    expect(table.map((t) => [t.teamName, t.credentials, t.rotationsOverdue, t.score])).toEqual([
      ["Alpha", 5, 2, 40],
      ["Beta", 2, 0, 100],
      ["Gamma", 1, 0, null],
    ]);
  });

  it("sorts by any column either way; ties by name", () => {
    expect(teamTable(rows, names, "score", "desc").map((t) => t.teamName)).toEqual(["Beta", "Alpha", "Gamma"]);
    expect(teamTable(rows, names, "name", "desc").map((t) => t.teamName)).toEqual(["Gamma", "Beta", "Alpha"]);
    expect(teamTable(rows, names, "rotationsOverdue", "asc").map((t) => t.teamName)).toEqual(["Beta", "Gamma", "Alpha"]);
  });
});

describe("[DASHBOARD] trends and load", () => {
  it("one point per day, oldest first, coverage to one decimal", () => {
    const zero = { active: 0, accountable: 0, rotationsOverdue: 0, findingsCritical: 0, findingsHigh: 0, findingsMedium: 0, findingsLow: 0 };
    const points = trendSeries([
      { ...zero, day: "2026-06-02", active: 6, accountable: 2, rotationsOverdue: 1, findingsLow: 2 },
      { ...zero, day: "2026-06-01" },
    ]);
    expect(points).toEqual([
      { day: "2026-06-01", rotationsOverdue: 0, findings: { critical: 0, high: 0, medium: 0, low: 0 }, accountabilityCoverage: null },
      { day: "2026-06-02", rotationsOverdue: 1, findings: { critical: 0, high: 0, medium: 0, low: 2 }, accountabilityCoverage: 33.3 },
    ]);
  });

  it("overloaded: at least 10 owned and more than twice the median", () => {
    expect(overloadedOwners([{ personId: "a", owned: 12 }, { personId: "b", owned: 5 }, { personId: "c", owned: 4 }])).toEqual(new Set(["a"]));
    expect(overloadedOwners([{ personId: "a", owned: 9 }, { personId: "b", owned: 1 }, { personId: "c", owned: 1 }])).toEqual(new Set());
    expect(overloadedOwners([{ personId: "a", owned: 10 }, { personId: "b", owned: 5 }])).toEqual(new Set());
    expect(overloadedOwners([])).toEqual(new Set());
  });
});

describe("[DASHBOARD] which audited actions mark the snapshot stale", () => {
  it("every change to credentials, secrets, findings, incidents, rotations, reviews and people does; sign-ins, denials and exports do not", () => {
    const stale = auditActions.filter((a) => changesDashboardFigures[a]);
    for (const prefix of ["credential.", "secret.", "finding.", "rotation.", "incident.", "leak.reported", "review.", "person.", "policy.", "exception.", "inventory.imported"]) {
      expect(auditActions.filter((a) => a.startsWith(prefix)).every((a) => stale.includes(a)), prefix).toBe(true);
    }
    for (const quiet of ["auth.sign_in", "authz.denied", "inventory.exported", "compliance.exported", "leak.lookup", "notification.read"] as const) expect(changesDashboardFigures[quiet]).toBe(false);
  });
});
