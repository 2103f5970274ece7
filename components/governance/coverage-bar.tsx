type ControlCounts = { pass: number; fail: number; excepted: number; notApplicable: number };

const segments = [
  { key: "pass", label: "pass", className: "bg-emerald-500" },
  { key: "fail", label: "fail", className: "bg-red-500" },
  { key: "excepted", label: "excepted", className: "bg-amber-400" },
  { key: "notApplicable", label: "not applicable", className: "bg-slate-200" },
] as const;

/**
 * Pass / fail / excepted / not-applicable as one stacked bar (people would rather look than read),
 * with the same numbers as text for screen readers and for those who do read.
 */
export function CoverageBar({ counts, label }: { counts: ControlCounts & { coverage: number | null }; label: string }) {
  const total = counts.pass + counts.fail + counts.excepted + counts.notApplicable;
  const text = `${label}: ${counts.coverage === null ? "no measurement" : `${Math.round(counts.coverage * 100)}% coverage`}; ${counts.pass} pass, ${counts.fail} fail, ${counts.excepted} excepted, ${counts.notApplicable} not applicable`;
  return (
    <div className="min-w-40">
      <div className="flex h-2.5 w-full overflow-hidden rounded-full bg-slate-100" role="img" aria-label={text}>
        {total > 0 ? segments.map((s) => (counts[s.key] > 0 ? <span key={s.key} className={s.className} style={{ width: `${(counts[s.key] / total) * 100}%` }} /> : null)) : null}
      </div>
      <p className="mt-1 text-xs text-slate-600" aria-hidden="true">
        {counts.coverage === null ? "—" : `${Math.round(counts.coverage * 100)}%`} · {counts.pass} pass · {counts.fail} fail · {counts.excepted} excepted · {counts.notApplicable} n/a
      </p>
    </div>
  );
}
