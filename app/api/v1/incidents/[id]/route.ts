import { endpoints } from "@/lib/api/endpoints";
import { incidentFor } from "@/lib/server/lifecycle/incidents";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.getIncident, ({ db, params }) => incidentFor(db, params.id));
