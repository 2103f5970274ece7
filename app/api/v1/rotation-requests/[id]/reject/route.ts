import { endpoints } from "@/lib/api/endpoints";
import { rotationDetailFor } from "@/lib/server/lifecycle/rotation-views";
import { rejectRotation } from "@/lib/server/lifecycle/rotations";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.rejectRotationRequest, async ({ db, ctx, params, body }) => {
  await rejectRotation(db, ctx, params.id, body);
  return rotationDetailFor(db, ctx, params.id);
});
