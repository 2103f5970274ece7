"use client";

import { Area, AreaChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TrendsDto } from "@/lib/validation/dashboard";

/**
 * The trend drawings (recharts), loaded on their own after the page (trend-charts.tsx): recharts is
 * the largest library on the dashboard, and each figure's numbers are already on the page as its table.
 */
type Point = TrendsDto["points"][number];
export type TrendRow = Point & Point["findings"] & { label: string };

// The theme's palette variables (docs/ui.md: charts never use hex), so the dark theme redraws them.
const severityColors = { critical: "var(--color-red-700)", high: "var(--color-orange-600)", medium: "var(--color-amber-600)", low: "var(--color-slate-500)" } as const;
const severityOrder = ["critical", "high", "medium", "low"] as const;
const axis = { tick: { fontSize: 11, fill: "var(--color-slate-600)" }, tickLine: false, axisLine: false } as const;
const margin = { top: 5, right: 8, bottom: 0, left: -20 };

export function TrendDrawing({ kind, data }: { kind: "overdue" | "findings" | "coverage"; data: TrendRow[] }) {
  const single = data.length === 1;
  return (
    <ResponsiveContainer width="100%" height="100%">
      {kind === "findings" ? (
        <AreaChart data={data} margin={margin} accessibilityLayer={false}>
          <CartesianGrid stroke="var(--color-slate-200)" vertical={false} />
          <XAxis dataKey="label" {...axis} minTickGap={24} />
          <YAxis allowDecimals={false} {...axis} />
          <Tooltip />
          {severityOrder.map((s) => (
            <Area key={s} type="linear" dataKey={s} name={`${s.charAt(0).toUpperCase()}${s.slice(1)}`} stackId="1" stroke={severityColors[s]} fill={severityColors[s]} fillOpacity={0.35} isAnimationActive={false} />
          ))}
        </AreaChart>
      ) : (
        <LineChart data={data} margin={margin} accessibilityLayer={false}>
          <CartesianGrid stroke="var(--color-slate-200)" vertical={false} />
          <XAxis dataKey="label" {...axis} minTickGap={24} />
          {kind === "overdue" ? <YAxis allowDecimals={false} {...axis} /> : <YAxis domain={[0, 100]} unit="%" {...axis} />}
          <Tooltip />
          {kind === "overdue" ? (
            <Line type="linear" dataKey="rotationsOverdue" name="Overdue" stroke="var(--color-red-700)" strokeWidth={2} dot={single} isAnimationActive={false} />
          ) : (
            <Line type="linear" dataKey="accountabilityCoverage" name="Coverage %" stroke="var(--color-brand-700)" strokeWidth={2} dot={single} isAnimationActive={false} connectNulls />
          )}
        </LineChart>
      )}
    </ResponsiveContainer>
  );
}
