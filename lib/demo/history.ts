import type { SnapshotRow } from "@/lib/domain/dashboard";

/**
 * 89 earlier days of dashboard snapshots for the demo organisation, so its trend charts show a
 * story rather than one dot: going back in time there were more overdue rotations and open
 * findings and less accountability, improving towards today's real counts. Pure and deterministic
 * (a day's wobble comes from the day number). Only ever written by the demo loader.
 */
export function demoHistory(today: readonly SnapshotRow[], todayDay: string, days = 89): { day: string; rows: SnapshotRow[] }[] {
  const base = new Date(`${todayDay}T00:00:00Z`).getTime();
  const out: { day: string; rows: SnapshotRow[] }[] = [];
  for (let n = days; n >= 1; n--) {
    const day = new Date(base - n * 86_400_000).toISOString().slice(0, 10);
    const worse = 1 + (n / days) * 0.8 + ((n * 7) % 5) / 50; // up to ~1.9× today's trouble, with a weekly wobble
    const more = (v: number) => Math.round(v * worse);
    out.push({
      day,
      rows: today.map((r) => {
        const accountable = Math.max(0, Math.min(r.active, Math.round(r.accountable * (1 - (n / days) * 0.25))));
        return {
          ...r,
          accountable,
          orphaned: more(r.orphaned),
          rotationsOverdue: more(r.rotationsOverdue),
          reviewsOverdue: more(r.reviewsOverdue),
          findingsCritical: more(r.findingsCritical),
          findingsHigh: more(r.findingsHigh),
          findingsMedium: more(r.findingsMedium),
          findingsLow: more(r.findingsLow),
          healthy: Math.max(0, Math.min(r.active, Math.round(r.healthy / worse))),
        };
      }),
    });
  }
  return out;
}
