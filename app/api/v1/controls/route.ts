import { endpoints } from "@/lib/api/endpoints";
import { coverageReport } from "@/lib/server/governance/controls";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.getControlCoverage, ({ db, query }) => coverageReport(db, query));
