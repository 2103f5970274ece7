import "server-only";
import type { Db } from "@/db/client";
import { snapshotRowsOfDay, snapshotDayTotals, teamHolders, teamNames, type DashboardScope } from "@/db/queries/dashboard";
import { addDays } from "@/lib/domain/due-dates";
import { overloadedOwners, summarise, teamTable, trendSeries, type TeamSort } from "@/lib/domain/dashboard";
import { env } from "@/lib/env";
import type { Actor } from "../context";
import { readerDb } from "../reads";
import { ensureFreshSnapshot, utcDay } from "./snapshot";

/**
 * The dashboard for a scope (DESIGN §6): today's snapshot rows — a few hundred, however large the
 * inventory — summed and shaped by lib/domain/dashboard. Recounted first only when a change came after
 * the snapshot, when it is older than DASHBOARD_MAX_AGE_SECONDS (the scheduler keeps it younger), or
 * when the caller asks for `fresh`. `stale`: another process was counting, so these figures predate a change.
 */
export async function readDashboard(db: Db, scope: DashboardScope, options: { sort?: TeamSort; dir?: "asc" | "desc"; fresh?: boolean | undefined } = {}, now: Date = new Date()) {
  const latest = await ensureFreshSnapshot(db, env().DASHBOARD_MAX_AGE_SECONDS * 1000, now, { fresh: options.fresh === true });
  const rows = latest ? await snapshotRowsOfDay(db, latest.day, scope) : [];
  const names = await teamNames(db, [...new Set([...rows.map((r) => r.teamId), scope.teamId ?? null].filter((id): id is string => id !== null))]);
  return {
    asOf: latest?.computedAt ?? null,
    stale: latest?.stale ?? false,
    scope: { teamId: scope.teamId ?? null, teamName: scope.teamId ? (names.get(scope.teamId) ?? null) : null, environment: scope.environment ?? null },
    summary: summarise(rows),
    teams: teamTable(rows, names, options.sort, options.dir),
  };
}

export type Dashboard = Awaited<ReturnType<typeof readDashboard>>;

/** Daily trend points over the last `days` days (today included) from the snapshots. */
export async function readTrends(db: Db, scope: DashboardScope, days: number, now: Date = new Date()) {
  const rows = await snapshotDayTotals(db, utcDay(addDays(now, -(days - 1))), scope);
  return { days, points: trendSeries(rows) };
}

/** A team's credential holders with who is overloaded (lib/domain/dashboard). */
export async function readTeamHolders(db: Db, teamId: string, environment: DashboardScope["environment"], now: Date = new Date()) {
  const rows = await teamHolders(db, teamId, environment, now);
  const overloaded = overloadedOwners(rows.map((r) => ({ personId: r.personId, owned: r.owned })));
  return { items: rows.map((r) => ({ ...r, isOverloaded: overloaded.has(r.personId) })) };
}

const TREND_DAYS = 90;

/** The dashboard page: the figures first (they may recount the snapshot the trends read too), then the trends. */
export async function readDashboardPage(actor: Actor, scope: DashboardScope, options: { sort?: TeamSort; dir?: "asc" | "desc" }) {
  const db = await readerDb(actor, "dashboard:read");
  const dashboard = await readDashboard(db, scope, options);
  return { dashboard, trends: await readTrends(db, scope, TREND_DAYS) };
}

/** A team page's figures, trends and the people who hold the team's credentials. */
export async function readTeamDashboard(actor: Actor, teamId: string, environment: DashboardScope["environment"]) {
  const db = await readerDb(actor, "team:read");
  const scope = { teamId, environment };
  const dashboard = await readDashboard(db, scope);
  const [trends, holders] = await Promise.all([readTrends(db, scope, TREND_DAYS), readTeamHolders(db, teamId, environment)]);
  return { dashboard, trends, holders };
}
