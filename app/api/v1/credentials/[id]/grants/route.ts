import { endpoints } from "@/lib/api/endpoints";
import { requestGrant } from "@/lib/server/commands/access-decisions";
import { credentialAccessDecisions } from "@/lib/server/access/reads";
import { notFound } from "@/lib/errors";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.listCredentialGrants, async ({ db, actor, params }) => (await credentialAccessDecisions(db, actor, params.id)) ?? Promise.reject(notFound("Credential")));

export const POST = route(endpoints.requestGrant, ({ db, ctx, params, body }) => requestGrant(db, ctx, params.id, body));
