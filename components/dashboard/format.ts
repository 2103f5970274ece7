/** Number formats of the dashboard: shared by the server render and the client refreshes. */
const whole = new Intl.NumberFormat("en-GB");

export const formatCount = (n: number) => whole.format(n);

/** A 0–1 ratio as a whole percentage; "—" when there is nothing to measure. */
export function formatPercent(ratio: number | null): string {
  return ratio === null ? "—" : `${Math.round(ratio * 100)}%`;
}

/** A duration for people: "45 min", "5.5 h", "3.2 days". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "—";
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))} min`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1).replace(/\.0$/, "")} h`;
  return `${(seconds / 86_400).toFixed(1).replace(/\.0$/, "")} days`;
}

const timeFmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });
export const formatAsOf = (iso: string) => `${timeFmt.format(new Date(iso))} UTC`;

const dayFmt = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
export const formatDay = (day: string) => dayFmt.format(new Date(`${day}T00:00:00Z`));
