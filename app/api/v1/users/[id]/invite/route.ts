import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/server/route";
import { reissueInvite } from "@/lib/server/users";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.reissueInvite, ({ db, ctx, params }) => reissueInvite(db, ctx, params.id));
