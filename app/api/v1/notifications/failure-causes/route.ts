import { endpoints } from "@/lib/api/endpoints";
import { listFailureCauses } from "@/lib/server/notifications/admin";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.listFailureCauses, async ({ db, query }) => listFailureCauses(db, query));
