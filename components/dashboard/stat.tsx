import { Link } from "@/components/ui/link";
import type { ReactNode } from "react";
import { cn } from "@/lib/cn";
import { scoreBand, scoreBands, type ScoreBand } from "@/lib/domain/dashboard";

type Tone = "neutral" | "bad" | "warn" | "good";
const toneClass: Record<Tone, string> = { neutral: "text-slate-900", bad: "text-red-700", warn: "text-amber-700", good: "text-emerald-700" };

/** One figure: a label, the number (a link to exactly the records counted) and a line of context. */
export function Stat({ label, value, href, hint, tone = "neutral", testId }: { label: string; value: string; href?: string | null; hint?: ReactNode; tone?: Tone; testId?: string }) {
  const number = <span className={cn("text-3xl font-semibold tabular-nums", toneClass[tone])}>{value}</span>;
  return (
    <div className="flex flex-col" data-testid={testId}>
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1">
        {href ? (
          <Link href={href} className="rounded hover:underline focus-visible:outline-2 focus-visible:outline-brand-600" aria-label={`${label}: ${value} — show them`}>
            {number}
          </Link>
        ) : (
          number
        )}
        {hint ? <div className="mt-1 text-xs text-slate-600">{hint}</div> : null}
      </dd>
    </div>
  );
}

/** The tone of a score: the same band colours the dashboard figure, the scale and the team table. */
const bandTone: Record<ScoreBand, Tone> = { good: "good", fair: "warn", poor: "bad" };
export function scoreTone(value: number | null): Tone {
  const band = scoreBand(value);
  return band === null ? "neutral" : bandTone[band];
}
export const scoreTextClass = (value: number | null) => (value === null ? "text-slate-600" : toneClass[scoreTone(value)]);

const bandFill: Record<ScoreBand, string> = { good: "bg-emerald-100", fair: "bg-amber-100", poor: "bg-red-100" };

/**
 * A score on its scale: 0–100 % with the three bands drawn under a marker at the value, and the band in
 * words (never colour alone).
 */
export function ScoreScale({ value }: { value: number | null }) {
  const band = scoreBands.find((b) => b.band === scoreBand(value));
  const ordered = [...scoreBands].reverse();
  return (
    <div className="mt-1 space-y-1" data-testid="score-scale">
      <div aria-hidden="true" className="relative flex h-2 overflow-hidden rounded-full">
        {ordered.map((b, i) => (
          <span key={b.band} className={bandFill[b.band]} style={{ width: `${(ordered[i + 1]?.from ?? 100) - b.from}%` }} />
        ))}
        {value !== null ? <span className="absolute top-0 h-2 w-1 -translate-x-1/2 rounded-full bg-slate-900" style={{ left: `${value}%` }} /> : null}
      </div>
      <p className="text-xs text-slate-600">
        {band ? `${band.label} on a scale of 0–100 %` : "No active credentials to score"} (good from 80, fair from 50)
      </p>
    </div>
  );
}

/** A titled group of figures. */
export function StatGroup({ title, children, className }: { title: string; children: ReactNode; className?: string }) {
  return (
    <section aria-label={title} className={cn("rounded-lg border border-slate-200 bg-white p-5 shadow-xs", className)}>
      <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">{title}</h2>
      <dl className="mt-3 grid gap-4 sm:grid-cols-2">{children}</dl>
    </section>
  );
}

/**
 * A bar per item, drawn with CSS (no script needed to read it): the label and number are a link to
 * the list behind the count, the bar shows its share of the largest.
 */
export function BarList({ title, items, testId }: { title: string; items: { key: string; label: string; count: number; href: string; color: string }[]; testId?: string }) {
  const max = Math.max(1, ...items.map((i) => i.count));
  return (
    <section aria-label={title} className="rounded-lg border border-slate-200 bg-white p-5 shadow-xs" data-testid={testId}>
      <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">{title}</h2>
      <ul className="mt-3 space-y-2">
        {items.map((item) => (
          <li key={item.key}>
            <Link href={item.href} className="group block rounded focus-visible:outline-2 focus-visible:outline-brand-600">
              <span className="flex items-baseline justify-between gap-3 text-sm">
                <span className="text-slate-700 group-hover:underline">{item.label}</span>
                <span className="font-semibold tabular-nums text-slate-900">{item.count.toLocaleString("en-GB")}</span>
              </span>
              <span aria-hidden="true" className="mt-1 block h-2 rounded-full bg-slate-100">
                <span className={cn("block h-2 rounded-full", item.color)} style={{ width: `${Math.max(item.count > 0 ? 2 : 0, (item.count / max) * 100)}%` }} />
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
