"use client";

import { useEffect, useState } from "react";

/** What the demo load does, in order, with roughly when each step starts (seconds, on a small machine). */
const steps = [
  { at: 0, text: "Creating your admin account" },
  { at: 2, text: "Adding teams, people and authorization servers" },
  { at: 5, text: "Adding APIs and applications" },
  { at: 8, text: "Adding 300+ credentials with their secrets and grants" },
  { at: 20, text: "Computing due dates and findings" },
  { at: 35, text: "Almost done: signing you in" },
];

/**
 * The demo load runs in the one setup request, which reports nothing until it ends: this shows the steps
 * it goes through and the time spent, so a 30-second wait reads as work, not a hang. The bar stays short
 * of full until the page moves on.
 */
export function DemoLoadProgress() {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setSeconds((s) => s + 1), 1000);
    return () => clearInterval(timer);
  }, []);
  const current = steps.filter((s) => s.at <= seconds).length - 1;
  const percent = Math.min(95, Math.round((100 * seconds) / (seconds + 15)));
  return (
    <div className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3" data-testid="demo-progress">
      <div role="progressbar" aria-label="Loading demo data" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-valuetext={`${steps[current]?.text ?? ""}, ${seconds} s`} className="h-1.5 overflow-hidden rounded-full bg-slate-200">
        <div className="h-full rounded-full bg-brand-600 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <ol className="space-y-0.5 text-xs">
        {steps.map((s, i) => (
          <li key={s.text} className={i < current ? "text-slate-600" : i === current ? "font-medium text-slate-900" : "text-slate-500"} aria-current={i === current ? "step" : undefined}>
            {i < current ? "✓ " : i === current ? "… " : ""}
            {s.text}
          </li>
        ))}
      </ol>
      <p className="text-xs text-slate-600" aria-live="polite">
        {seconds} s elapsed
      </p>
    </div>
  );
}
