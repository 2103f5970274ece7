import { endpoints } from "@/lib/api/endpoints";
import { cancelRotation, rotationDetailFor } from "@/lib/server/lifecycle/rotations";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.cancelRotationRequest, async ({ db, ctx, params, body }) => {
  await cancelRotation(db, ctx, params.id, body);
  return rotationDetailFor(db, ctx, params.id);
});
