import { verifyAuditChain } from "@/db/queries/audit";
import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.verifyAuditChain, ({ db }) => verifyAuditChain(db));
