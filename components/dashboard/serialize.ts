import type { Dashboard } from "@/lib/server/dashboard/read";
import type { DashboardDto } from "@/lib/validation/dashboard";

/** The server's read as the API sends it (dates as ISO strings), for the first paint's initial data. */
export function toDashboardDto(d: Dashboard): DashboardDto {
  return { ...d, asOf: d.asOf ? d.asOf.toISOString() : null };
}
