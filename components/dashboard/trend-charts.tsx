"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import dynamic from "next/dynamic";
import { Skeleton } from "@/components/ui/skeleton";
import { useNearViewport } from "@/components/ui/use-near-viewport";
import type { TrendsDto } from "@/lib/validation/dashboard";
import { formatDay } from "./format";

type Point = TrendsDto["points"][number];

const severityOrder = ["critical", "high", "medium", "low"] as const;

/**
 * A chart with its text alternative: the drawing is hidden from assistive technology and summed up
 * in one sentence; the numbers themselves are one click away as a table (DESIGN §6, issue #6).
 * Both wait until they are wanted: the drawing (and the chart library) until the figure nears the
 * viewport, the table (up to 90 rows) until "Show the numbers" is opened. A phone's first load of
 * the dashboard then hydrates neither (issue #16: mobile main-thread work).
 */
function TrendFigure({ id, title, summary, table, drawing }: { id: string; title: string; summary: string; table: () => ReactNode; drawing: () => ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const details = useRef<HTMLDetailsElement>(null);
  const near = useNearViewport(box);
  const [open, setOpen] = useState(false);
  // Opened before the page was interactive: the toggle event had no listener yet.
  useEffect(() => {
    if (details.current?.open) setOpen(true);
  }, []);
  return (
    <figure aria-labelledby={`${id}-title`} className="rounded-lg border border-slate-200 bg-white p-5 shadow-xs" data-testid={id}>
      <figcaption id={`${id}-title`} className="text-sm font-semibold text-slate-800">
        {title}
      </figcaption>
      <p className="mt-1 text-xs text-slate-600">{summary}</p>
      <div ref={box} aria-hidden="true" className="mt-3 h-48">
        {near ? drawing() : <Skeleton className="h-full w-full" />}
      </div>
      <details ref={details} className="mt-2 text-sm" onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary className="cursor-pointer text-brand-700 hover:underline">Show the numbers</summary>
        <div className="mt-2 max-h-64 overflow-auto">{open ? table() : null}</div>
      </details>
    </figure>
  );
}

function NumbersTable({ caption, head, rows }: { caption: string; head: string[]; rows: (string | number)[][] }) {
  return (
    <table className="min-w-full text-xs">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          {head.map((h) => (
            <th key={h} scope="col" className="px-2 py-1 text-left font-medium text-slate-600">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={String(r[0])} className="border-t border-slate-100">
            {r.map((cell, i) => (i === 0 ? <th key={i} scope="row" className="px-2 py-1 text-left font-normal text-slate-700">{cell}</th> : <td key={i} className="px-2 py-1 tabular-nums text-slate-800">{cell}</td>))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function change(points: Point[], value: (p: Point) => number | null, unit = ""): string {
  const values = points.map(value).filter((v): v is number => v !== null);
  const first = values[0];
  const last = values.at(-1);
  if (first === undefined || last === undefined) return "No snapshots yet.";
  if (values.length === 1) return `${last}${unit} today; the trend fills in as daily snapshots accumulate.`;
  return `From ${first}${unit} to ${last}${unit} over ${values.length} days.`;
}

/**
 * The drawings load after the page (no server render: recharts measures the browser's layout) into
 * the figure's fixed-height box, so nothing moves when they arrive; until then a still placeholder.
 */
const TrendDrawing = dynamic(() => import("./trend-drawings").then((m) => m.TrendDrawing), {
  ssr: false,
  loading: () => <Skeleton className="h-full w-full" />,
});

export function TrendCharts({ trends }: { trends: TrendsDto }) {
  const points = trends.points;
  const data = points.map((p) => ({ ...p, label: formatDay(p.day), ...p.findings }));
  const rows = (value: (p: Point) => (string | number)[]) => points.map((p) => [formatDay(p.day), ...value(p)]);
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <TrendFigure
        id="trend-overdue"
        title={`Overdue rotations, last ${trends.days} days`}
        summary={change(points, (p) => p.rotationsOverdue)}
        table={() => <NumbersTable caption="Overdue rotations per day" head={["Day", "Overdue"]} rows={rows((p) => [p.rotationsOverdue])} />}
        drawing={() => <TrendDrawing kind="overdue" data={data} />}
      />
      <TrendFigure
        id="trend-findings"
        title={`Open findings by severity, last ${trends.days} days`}
        summary={change(points, (p) => p.findings.critical + p.findings.high + p.findings.medium + p.findings.low, " open")}
        table={() => <NumbersTable caption="Open findings by severity per day" head={["Day", "Critical", "High", "Medium", "Low"]} rows={rows((p) => severityOrder.map((s) => p.findings[s]))} />}
        drawing={() => <TrendDrawing kind="findings" data={data} />}
      />
      <TrendFigure
        id="trend-accountability"
        title={`Accountability coverage, last ${trends.days} days`}
        summary={change(points, (p) => p.accountabilityCoverage, "%")}
        table={() => <NumbersTable caption="Accountability coverage per day" head={["Day", "Coverage"]} rows={rows((p) => [p.accountabilityCoverage === null ? "—" : `${p.accountabilityCoverage}%`])} />}
        drawing={() => <TrendDrawing kind="coverage" data={data} />}
      />
    </div>
  );
}
