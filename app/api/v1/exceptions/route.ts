import { endpoints } from "@/lib/api/endpoints";
import { createException, listExceptions } from "@/lib/server/governance/exceptions";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.listExceptions, ({ db, query }) => listExceptions(db, query));
export const POST = route(endpoints.createException, ({ db, ctx, body }) => createException(db, ctx, body));
