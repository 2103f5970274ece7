import { endpoints } from "@/lib/api/endpoints";
import { runJobNow } from "@/lib/server/notifications/admin";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.runJob, async ({ ctx, params }) => runJobNow(ctx, params.name));
