import { endpoints } from "@/lib/api/endpoints";
import { rotationDetailFor } from "@/lib/server/lifecycle/rotation-views";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.getRotationRequest, ({ db, ctx, params }) => rotationDetailFor(db, ctx, params.id));
