/** Done out of total as a bar and a number (server-rendered; the number carries the meaning). */
export function CampaignProgress({ done, total, label }: { done: number; total: number; label: string }) {
  const pct = total === 0 ? 0 : Math.round((done / total) * 100);
  return (
    <div className="flex min-w-40 items-center gap-2">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${total} reviewed`}
        className="h-2 w-28 overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full rounded-full bg-emerald-500" style={{ width: `${pct}%` }} />
      </div>
      <span className="whitespace-nowrap text-xs text-slate-700" data-testid="progress-text">
        {done}/{total} ({pct}%)
      </span>
    </div>
  );
}
