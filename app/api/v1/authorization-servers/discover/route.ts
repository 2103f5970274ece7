import { endpoints } from "@/lib/api/endpoints";
import { env } from "@/lib/env";
import { discoverAuthorizationServer } from "@/lib/server/discovery";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.discoverServer, ({ body }) =>
  discoverAuthorizationServer(body.issuerUrl, { allowPrivateAddresses: env().DISCOVERY_ALLOW_PRIVATE_ADDRESSES }),
);
