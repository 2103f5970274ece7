import { endpoints } from "@/lib/api/endpoints";
import { rotationDetailFor } from "@/lib/server/lifecycle/rotation-views";
import { cancelRotation } from "@/lib/server/lifecycle/rotations";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.cancelRotationRequest, async ({ db, ctx, params, body }) => {
  await cancelRotation(db, ctx, params.id, body);
  return rotationDetailFor(db, ctx, params.id);
});
