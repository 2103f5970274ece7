import { z } from "zod";
import { teamSorts } from "@/lib/domain/dashboard";
import { booleanParam, idField } from "./common";
import { environments } from "./inventory";

const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `must be one of ${values.join(", ")}` });
const iso = z.iso.datetime({ offset: true });

/** The dashboard's filters (DESIGN §6): they apply to every figure and live in the URL. */
export const dashboardScopeQuery = z.object({
  teamId: idField.optional(),
  environment: oneOf(environments).optional(),
});
export type DashboardScopeQuery = z.output<typeof dashboardScopeQuery>;

export const dashboardQuery = dashboardScopeQuery.extend({
  sort: oneOf(teamSorts).default("score"),
  dir: oneOf(["asc", "desc"] as const).default("asc"),
  /** true: recount as of now first ("Refresh now"); waits for a count in progress. */
  fresh: booleanParam.optional(),
});
export type DashboardQuery = z.output<typeof dashboardQuery>;

export const trendsQuery = dashboardScopeQuery.extend({
  days: z.coerce.number({ error: "must be a whole number of days" }).int("must be a whole number of days").min(7, "must be at least 7").max(365, "must be at most 365").default(90),
});

const count = z.number().int();
const countsDto = z.object({
  credentials: count,
  active: count,
  suspended: count,
  decommissioned: count,
  accountable: count,
  orphaned: count,
  rotationsOverdue: count,
  rotationsDue30: count,
  reviewsOverdue: count,
  thirdParty: count,
  thirdPartyReviewOverdue: count,
  thirdPartyNeverReviewed: count,
  healthy: count,
  findingsCritical: count,
  findingsHigh: count,
  findingsMedium: count,
  findingsLow: count,
  findingsByRule: z.record(z.string(), count),
  leaksOpen: count,
  leaksRemediated90: count,
  leakRemediationSeconds90: z.number(),
  rotationsCompleted90: count,
  rotationsOnTime90: count,
});
const severityCounts = z.object({ critical: count, high: count, medium: count, low: count });

export const teamRowDto = z.object({
  teamId: z.uuid().nullable(),
  teamName: z.string(),
  credentials: count,
  rotationsOverdue: count,
  reviewsOverdue: count,
  findingsCritical: count,
  findingsHigh: count,
  findingsMedium: count,
  findingsLow: count,
  findingsOpen: count,
  score: z.number().int().nullable(),
});

export const dashboardDto = z.object({
  /** When the figures were counted (null: nothing counted yet). */
  asOf: iso.nullable(),
  /** True when a change came after `asOf` and another process is recounting: ask again in a few seconds. */
  stale: z.boolean(),
  scope: z.object({ teamId: z.uuid().nullable(), teamName: z.string().nullable(), environment: oneOf(environments).nullable() }),
  summary: z.object({
    counts: countsDto,
    accountabilityCoverage: z.number().nullable(),
    mttrSeconds: z.number().nullable(),
    onTimeRate: z.number().nullable(),
    rotationsLate90: count,
    score: z.number().int().nullable(),
    findingsOpen: count,
    findingsBySeverity: severityCounts,
    findingsByOwasp: z.array(z.object({ id: z.string(), oscalId: z.string(), title: z.string(), count })),
    byEnvironment: z.array(z.object({ environment: oneOf(environments), credentials: count, active: count, suspended: count, decommissioned: count })),
  }),
  teams: z.array(teamRowDto),
});
export type DashboardDto = z.output<typeof dashboardDto>;

export const trendsDto = z.object({
  days: count,
  points: z.array(z.object({ day: z.iso.date(), rotationsOverdue: count, findings: severityCounts, accountabilityCoverage: z.number().nullable() })),
});
export type TrendsDto = z.output<typeof trendsDto>;

export const teamHoldersQuery = z.object({ environment: oneOf(environments).optional() });
export const teamHoldersDto = z.object({
  items: z.array(
    z.object({
      personId: z.uuid(),
      name: z.string(),
      email: z.string(),
      isActive: z.boolean(),
      owned: count,
      backup: count,
      sdk: count,
      ownedRotationsOverdue: count,
      ownedWithSevereFindings: count,
      isOverloaded: z.boolean(),
    }),
  ),
});
export type TeamHoldersDto = z.output<typeof teamHoldersDto>;

