import { endpoints } from "@/lib/api/endpoints";
import { rotationDetailFor } from "@/lib/server/lifecycle/rotation-views";
import { approveRotation } from "@/lib/server/lifecycle/rotations";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.approveRotationRequest, async ({ db, ctx, params, body }) => {
  await approveRotation(db, ctx, params.id, body);
  return rotationDetailFor(db, ctx, params.id);
});
