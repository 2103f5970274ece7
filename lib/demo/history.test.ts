import { describe, expect, it } from "vitest";
import { emptyCounts, type SnapshotRow } from "@/lib/domain/dashboard";
import { demoHistory } from "./history";

describe("[DEMO] made-up dashboard history", () => {
  const today: SnapshotRow[] = [{ ...emptyCounts(), teamId: "t", environment: "production", credentials: 10, active: 10, accountable: 8, healthy: 6, rotationsOverdue: 4, findingsHigh: 5 }];

  it("89 earlier days, oldest first, ending the day before today, each with the same groups", () => {
    const history = demoHistory(today, "2026-06-15");
    expect(history).toHaveLength(89);
    expect(history[0]?.day).toBe("2026-03-18");
    expect(history.at(-1)?.day).toBe("2026-06-14");
    for (const d of history) expect(d.rows.map((r) => [r.teamId, r.environment])).toEqual([["t", "production"]]);
  });

  it("the past was worse and never impossible: more overdue, less accountable, counts within the active credentials", () => {
    const history = demoHistory(today, "2026-06-15");
    const oldest = history[0]?.rows[0];
    expect(oldest?.rotationsOverdue).toBeGreaterThan(4);
    expect(oldest?.accountable).toBeLessThan(8);
    for (const d of history) {
      const r = d.rows[0];
      expect(r?.accountable).toBeLessThanOrEqual(r?.active ?? 0);
      expect(r?.healthy).toBeLessThanOrEqual(r?.active ?? 0);
    }
  });
});
