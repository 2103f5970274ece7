import { endpoints } from "@/lib/api/endpoints";
import { rotationDetailFor } from "@/lib/server/lifecycle/rotation-views";
import { requestRotation } from "@/lib/server/lifecycle/rotations";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.createRotationRequest, async ({ db, ctx, params, body }) => {
  const { id } = await requestRotation(db, ctx, params.id, body);
  return rotationDetailFor(db, ctx, id);
});
