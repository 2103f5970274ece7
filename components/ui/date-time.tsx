import { absoluteTime, relativeTime } from "@/lib/domain/dates";

/**
 * The one way the UI shows an instant or a date (docs/ui.md "Dates"): relative words, the absolute
 * UTC form on hover and to assistive technology via `title`, the machine form in `dateTime`. No hooks,
 * so server and client components share it; the words may differ by a minute between the server's
 * render and hydration, hence suppressHydrationWarning.
 */
export function DateTime({ value, withTime = true, now, className }: { value: Date | string | null | undefined; withTime?: boolean; now?: Date; className?: string }) {
  if (value === null || value === undefined || value === "") return <span className={className}>—</span>;
  const at = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(at.getTime())) return <span className={className}>—</span>;
  const absolute = absoluteTime(at, withTime);
  return (
    <time dateTime={withTime ? at.toISOString() : at.toISOString().slice(0, 10)} title={absolute} className={className} suppressHydrationWarning>
      {relativeTime(at, now ?? new Date(), withTime)}
    </time>
  );
}
