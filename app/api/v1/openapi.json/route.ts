import { allEndpoints } from "@/lib/api/endpoints";
import { buildOpenApi } from "@/lib/api/openapi";
import { env } from "@/lib/env";
import { json } from "@/lib/server/http";
import { publicOrigin } from "@/lib/server/request-meta";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return json(buildOpenApi(allEndpoints, publicOrigin(request.headers, env().AUTH_URL)));
}
