import { idParams } from "@/lib/validation/common";
import { dashboardDto, dashboardQuery, teamHoldersDto, teamHoldersQuery, trendsDto, trendsQuery } from "@/lib/validation/dashboard";
import { endpoint } from "./endpoint";

const read = { permission: "dashboard:read" } as const;
const tag = "Dashboard";

/** The security dashboard (DESIGN §6): figures from the inventory snapshot, trends, a team's people. */
export const dashboardEndpoints = {
  getDashboard: endpoint({
    operationId: "getDashboard",
    method: "GET",
    path: "/api/v1/dashboard",
    summary: "Dashboard figures for the whole inventory, one team or one environment: totals, accountability, overdue work, findings by severity and OWASP item, leaks and MTTR, rotation on-time rate, and the per-team table (sort, dir). Counted by the scheduler every tick and recounted on the first read after any change (`stale`: another process is counting; ask again shortly); `fresh=true` recounts first",
    tag,
    access: read,
    query: dashboardQuery,
    response: dashboardDto,
  }),
  getDashboardTrends: endpoint({
    operationId: "getDashboardTrends",
    method: "GET",
    path: "/api/v1/dashboard/trends",
    summary: "Daily points (default 90 days) of overdue rotations, open findings by severity and accountability coverage, from the daily inventory snapshots",
    tag,
    access: read,
    query: trendsQuery,
    response: trendsDto,
  }),
  getTeamHolders: endpoint({
    operationId: "getTeamHolders",
    method: "GET",
    path: "/api/v1/teams/{id}/holders",
    summary: "The people holding a team's credentials (owner, backup owner, SDK owner), with what they own, what is overdue, who is overloaded and who left",
    tag,
    access: read,
    params: idParams,
    query: teamHoldersQuery,
    response: teamHoldersDto,
  }),
} satisfies Record<string, ReturnType<typeof endpoint>>;
