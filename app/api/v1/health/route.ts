import { endpoints } from "@/lib/api/endpoints";
import { json } from "@/lib/server/http";

export const dynamic = "force-dynamic";

// Liveness only: no database, no session, so an orchestrator never restarts a healthy process for a slow DB.
export function GET() {
  return json(endpoints.health.response.parse({ status: "ok" }));
}
