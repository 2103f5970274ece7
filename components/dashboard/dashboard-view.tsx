"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@/components/ui/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { environmentLabels, statusLabels } from "@/components/inventory/labels";
import { queryKeys } from "@/components/query-keys";
import { Button } from "@/components/ui/button";
import { FilterSelect } from "@/components/ui/list-controls";
import { EmptyState } from "@/components/ui/layout";
import { apiCall } from "@/lib/api/client";
import { routes } from "@/lib/api/routes";
import { environments } from "@/lib/domain/vocabulary/inventory";
import type { TeamSort } from "@/lib/domain/dashboard";
import type { DashboardDto, TrendsDto } from "@/lib/validation/dashboard";
import { formatAsOf, formatCount, formatDuration, formatPercent } from "./format";
import { dashboardLinks } from "./links";
import { BarList, ScoreScale, scoreTone, Stat, StatGroup } from "./stat";
import { TeamTable } from "./team-table";
import { TrendCharts } from "./trend-charts";

type Environment = (typeof environments)[number];
export type DashboardState = { teamId: string | null; environment: Environment | null; sort: TeamSort; dir: "asc" | "desc" };
const statuses = ["active", "suspended", "decommissioned"] as const;
const severityBars = [
  { key: "critical", label: "Critical", color: "bg-red-700" },
  { key: "high", label: "High", color: "bg-orange-600" },
  { key: "medium", label: "Medium", color: "bg-amber-500" },
  { key: "low", label: "Low", color: "bg-slate-400" },
] as const;

/** The API's query for the filters (sort only when it is not the default). */
function apiQuery(state: DashboardState, withSort: boolean) {
  return {
    teamId: state.teamId ?? undefined,
    environment: state.environment ?? undefined,
    ...(withSort && (state.sort !== "score" || state.dir !== "asc") ? { sort: state.sort, dir: state.dir } : {}),
  };
}

/** The same filters in the page's URL. */
function search(state: DashboardState, withSort: boolean) {
  const s = new URLSearchParams();
  for (const [name, value] of Object.entries(apiQuery(state, withSort))) if (value) s.set(name, value);
  return s.toString();
}

const same = (a: DashboardState, b: DashboardState) => search(a, true) === search(b, true);

/** A stat of the credentials with an open finding of `rule`: how many, leading to those findings, a warning when any. */
function ruleFigures(d: DashboardDto, links: ReturnType<typeof dashboardLinks>, rule: string) {
  const count = d.summary.counts.findingsByRule[rule] ?? 0;
  return { value: formatCount(count), href: links.findings({ rule }), tone: count > 0 ? ("warn" as const) : ("good" as const) };
}

const STALE_RETRY_MS = 3_000;

/**
 * The security dashboard (DESIGN §6, issue #6). The server renders the first paint from the
 * snapshot; TanStack Query keeps it fresh (every minute, and on returning to the tab) and refetches
 * when the filters change. Filters live in the URL. With `fixedTeamId` it is a team's page: the team
 * filter and the per-team table give way to the team's own figures.
 */
export function DashboardView({
  initialState,
  initial,
  initialTrends,
  teams,
  fixedTeamId,
  unknownClients = null,
}: {
  initialState: DashboardState;
  initial: DashboardDto;
  initialTrends: TrendsDto;
  teams: { id: string; name: string }[];
  fixedTeamId?: string;
  /** Clients seen in usage that no credential records (DESIGN §5.4); null: the viewer may not see them. */
  unknownClients?: number | null;
}) {
  const pathname = usePathname();
  const client = useQueryClient();
  const [first] = useState(() => ({ state: initialState, at: Date.now() }));
  const [state, setState] = useState<DashboardState>(initialState);
  const [refreshing, setRefreshing] = useState(false);
  const scope = { teamId: fixedTeamId ?? state.teamId, environment: state.environment };

  const dashboard = useQuery({
    queryKey: queryKeys.dashboard.summary(scope, state.sort, state.dir),
    queryFn: ({ signal }) => apiCall(routes.getDashboard, { query: apiQuery({ ...state, teamId: scope.teamId }, true), signal }),
    initialData: same(state, first.state) ? initial : undefined,
    initialDataUpdatedAt: first.at,
    placeholderData: (previous) => previous,
    // Stale figures (a recount was already running elsewhere) are asked for again shortly, without a click.
    refetchInterval: (query) => (query.state.data?.stale ? STALE_RETRY_MS : 60_000),
    refetchOnWindowFocus: true,
  });
  const trends = useQuery({
    queryKey: queryKeys.dashboard.trends(scope),
    queryFn: ({ signal }) => apiCall(routes.getDashboardTrends, { query: apiQuery({ ...state, teamId: scope.teamId }, false), signal }),
    initialData: state.teamId === first.state.teamId && state.environment === first.state.environment ? initialTrends : undefined,
    initialDataUpdatedAt: first.at,
    placeholderData: (previous) => previous,
    refetchInterval: 300_000,
  });

  // The URL follows the filters in place (bookmarkable, no navigation).
  useEffect(() => {
    const s = search(fixedTeamId ? { ...state, teamId: null } : state, !fixedTeamId);
    const url = s ? `${pathname}?${s}` : pathname;
    if (`${window.location.pathname}${window.location.search}` !== url) window.history.replaceState(null, "", url);
  }, [state, pathname, fixedTeamId]);

  const refreshNow = async () => {
    setRefreshing(true);
    try {
      const fresh = await apiCall(routes.getDashboard, { query: { ...apiQuery({ ...state, teamId: scope.teamId }, true), fresh: "true" } });
      client.setQueryData(queryKeys.dashboard.summary(scope, state.sort, state.dir), fresh);
      await client.invalidateQueries({ queryKey: queryKeys.dashboard.all, refetchType: "active" });
    } finally {
      setRefreshing(false);
    }
  };

  const d = dashboard.data;
  const links = dashboardLinks(scope);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end gap-3" role="group" aria-label="Dashboard filters">
        {fixedTeamId ? null : (
          <FilterSelect
            id="dashboard-team"
            label="Team"
            anyLabel="All teams"
            value={state.teamId ?? ""}
            onChange={(e) => setState((s) => ({ ...s, teamId: e.target.value || null }))}
            choices={teams.map((t) => ({ value: t.id, label: t.name }))}
          />
        )}
        <FilterSelect
          id="dashboard-environment"
          label="Environment"
          anyLabel="All environments"
          value={state.environment ?? ""}
          onChange={(e) => setState((s) => ({ ...s, environment: environments.find((env) => env === e.target.value) ?? null }))}
          choices={environments.map((e) => ({ value: e, label: environmentLabels[e] }))}
        />
        <div className="ml-auto flex items-center gap-3 text-sm text-slate-600" aria-live="polite">
          {dashboard.isFetching || refreshing ? (
            <span>Updating…</span>
          ) : d?.asOf ? (
            <span data-testid="dashboard-as-of">
              Counted {formatAsOf(d.asOf)}
              {d.stale ? <span data-testid="dashboard-stale"> · recent changes are being counted; this updates by itself</span> : null}
            </span>
          ) : null}
          <Button variant="secondary" size="sm" className="whitespace-nowrap" onClick={() => void refreshNow()} disabled={refreshing}>
            Refresh now
          </Button>
        </div>
      </div>

      {!d ? (
        <p className="text-sm text-slate-600">Loading the figures…</p>
      ) : d.asOf === null || d.summary.counts.credentials === 0 ? (
        <EmptyState title={scope.teamId || scope.environment ? "No credentials in this view" : "No credentials yet"}>
          {scope.teamId || scope.environment ? "Choose another team or environment, or clear the filters." : "Add credentials to the inventory (or import a file) and their ownership, overdue work and findings show here."}
        </EmptyState>
      ) : (
        <>
          <div className="grid gap-4 lg:grid-cols-3">
            <StatGroup title="Accountability">
              <Stat label="Active credentials" value={formatCount(d.summary.counts.active)} href={links.active()} testId="stat-active" />
              <Stat
                label="Full accountability"
                value={formatPercent(d.summary.accountabilityCoverage)}
                href={links.accountabilityIncomplete()}
                tone={scoreTone(d.summary.accountabilityCoverage === null ? null : Math.round(d.summary.accountabilityCoverage * 100))}
                hint={`${formatCount(d.summary.counts.active - d.summary.counts.accountable)} lack an active owner, backup owner or owning team`}
                testId="stat-accountability"
              />
              <Stat label="Orphaned" value={formatCount(d.summary.counts.orphaned)} href={links.orphaned()} tone={d.summary.counts.orphaned > 0 ? "bad" : "good"} hint="No owner, or the owner left" testId="stat-orphaned" />
              <Stat
                label="Score"
                value={d.summary.score === null ? "—" : `${d.summary.score}%`}
                tone={scoreTone(d.summary.score)}
                hint={
                  <>
                    <ScoreScale value={d.summary.score} />
                    <span className="mt-1 block">Share of active credentials with nothing overdue and no critical or high finding</span>
                  </>
                }
                testId="stat-score"
              />
            </StatGroup>
            <StatGroup title="Rotations and reviews">
              <Stat label="Rotations overdue" value={formatCount(d.summary.counts.rotationsOverdue)} href={links.rotationsOverdue()} tone={d.summary.counts.rotationsOverdue > 0 ? "bad" : "good"} testId="stat-rotations-overdue" />
              <Stat label="Rotations due in 30 days" value={formatCount(d.summary.counts.rotationsDue30)} href={links.rotationsDue30()} tone={d.summary.counts.rotationsDue30 > 0 ? "warn" : "neutral"} testId="stat-rotations-due" />
              <Stat label="Reviews overdue" value={formatCount(d.summary.counts.reviewsOverdue)} href={links.reviewsOverdue()} tone={d.summary.counts.reviewsOverdue > 0 ? "warn" : "good"} testId="stat-reviews-overdue" />
              <Stat
                label="Rotation on-time rate (90 days)"
                value={formatPercent(d.summary.onTimeRate)}
                href={d.summary.counts.rotationsCompleted90 > 0 ? links.rotationsLate90() : null}
                hint={
                  d.summary.counts.rotationsCompleted90 > 0
                    ? `${formatCount(d.summary.counts.rotationsOnTime90)} of ${formatCount(d.summary.counts.rotationsCompleted90)} completed by their due date; ${formatCount(d.summary.rotationsLate90)} late`
                    : "No rotation completed in the last 90 days"
                }
                testId="stat-on-time"
              />
            </StatGroup>
            <StatGroup title="Leaks and third parties">
              <Stat label="Leaked, not remediated" value={formatCount(d.summary.counts.leaksOpen)} href={links.leaksOpen()} tone={d.summary.counts.leaksOpen > 0 ? "bad" : "good"} testId="stat-leaks" />
              <Stat
                label="Mean time to remediate (90 days)"
                value={formatDuration(d.summary.mttrSeconds)}
                href={d.summary.counts.leaksRemediated90 > 0 ? links.leaksRemediated90() : null}
                hint={d.summary.counts.leaksRemediated90 > 0 ? `over ${formatCount(d.summary.counts.leaksRemediated90)} remediated leak${d.summary.counts.leaksRemediated90 === 1 ? "" : "s"} (industry mean: 27 days)` : "No leak remediated in the last 90 days"}
                testId="stat-mttr"
              />
              <Stat label="Third-party credentials" value={formatCount(d.summary.counts.thirdParty)} href={links.thirdParty()} testId="stat-third-party" />
              <Stat
                label="Third-party review overdue"
                value={formatCount(d.summary.counts.thirdPartyReviewOverdue)}
                href={links.thirdPartyReviewOverdue()}
                tone={d.summary.counts.thirdPartyReviewOverdue > 0 ? "bad" : "good"}
                hint={
                  <Link href={links.thirdPartyNeverReviewed()} className="text-brand-700 hover:underline">
                    {formatCount(d.summary.counts.thirdPartyNeverReviewed)} never reviewed
                  </Link>
                }
                testId="stat-third-party-overdue"
              />
            </StatGroup>
            <StatGroup title="Usage evidence">
              <Stat label="Credentials with unused scopes" {...ruleFigures(d, links, "scope-unused")} hint="Granted scopes no token or allowed call used in the window" testId="stat-scope-unused" />
              <Stat label="Dormant credentials" {...ruleFigures(d, links, "credential-dormant")} hint="No token issued in the window: decommission candidates" testId="stat-dormant" />
              {unknownClients !== null ? (
                <Stat
                  label="Unknown clients"
                  value={formatCount(unknownClients)}
                  href={links.unknownClients()}
                  tone={unknownClients > 0 ? "bad" : "good"}
                  hint="Seen in usage, not in the inventory"
                  testId="stat-unknown-clients"
                />
              ) : null}
            </StatGroup>
          </div>

          <div className="grid gap-4 lg:grid-cols-2">
            <BarList
              title={`Open findings by severity (${formatCount(d.summary.findingsOpen)})`}
              testId="findings-by-severity"
              items={severityBars.map((s) => ({ key: s.key, label: s.label, color: s.color, count: d.summary.findingsBySeverity[s.key], href: links.findings({ severity: s.key }) }))}
            />
            <BarList
              title="Open findings by OWASP NHI Top 10 (2025)"
              testId="findings-by-owasp"
              items={d.summary.findingsByOwasp.map((o) => ({ key: o.id, label: `${o.id} ${o.title}`, color: "bg-brand-600", count: o.count, href: links.findings({ control: `owasp-nhi-2025/${o.oscalId}` }) }))}
            />
          </div>

          <section aria-labelledby="by-environment-title" className="rounded-lg border border-slate-200 bg-white p-5 shadow-xs">
            <h2 id="by-environment-title" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
              Credentials by environment and status
            </h2>
            <div className="relative mt-3 overflow-x-auto">
              <table className="min-w-full text-sm" data-testid="by-environment">
                <caption className="sr-only">Credentials by environment and status</caption>
                <thead>
                  <tr>
                    <th scope="col" className="py-1 pr-4 text-left font-medium text-slate-600">
                      Environment
                    </th>
                    {statuses.map((s) => (
                      <th key={s} scope="col" className="px-4 py-1 text-right font-medium text-slate-600">
                        {statusLabels[s]}
                      </th>
                    ))}
                    <th scope="col" className="px-4 py-1 text-right font-medium text-slate-600">
                      Total
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.summary.byEnvironment
                    .filter((e) => e.credentials > 0)
                    .map((e) => (
                      <tr key={e.environment} className="border-t border-slate-100">
                        <th scope="row" className="py-1.5 pr-4 text-left font-normal text-slate-800">
                          {environmentLabels[e.environment]}
                        </th>
                        {statuses.map((s) => (
                          <td key={s} className="px-4 py-1.5 text-right tabular-nums">
                            {e[s] > 0 ? (
                              <Link href={links.byEnvironmentStatus(e.environment, s)} className="text-brand-700 hover:underline" aria-label={`${environmentLabels[e.environment]}, ${statusLabels[s]}: ${e[s]}`}>
                                {formatCount(e[s])}
                              </Link>
                            ) : (
                              0
                            )}
                          </td>
                        ))}
                        <td className="px-4 py-1.5 text-right font-medium tabular-nums">{formatCount(e.credentials)}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          </section>

          {trends.data ? <TrendCharts trends={trends.data} /> : <p className="text-sm text-slate-600">Loading the trends…</p>}

          {fixedTeamId ? null : (
            <section aria-labelledby="teams-title" className="space-y-2">
              <h2 id="teams-title" className="text-base font-semibold text-slate-900">
                Teams
              </h2>
              <p className="text-sm text-slate-600">Score: the share of a team&apos;s active credentials with nothing overdue and no open critical or high finding. Lowest first.</p>
              <TeamTable rows={d.teams} sort={state.sort} dir={state.dir} onSort={(sort, dir) => setState((s) => ({ ...s, sort, dir }))} scope={scope} />
            </section>
          )}
        </>
      )}
    </div>
  );
}
