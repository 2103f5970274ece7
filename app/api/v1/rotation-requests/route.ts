import { listRotationRequests } from "@/db/queries/rotations";
import { endpoints } from "@/lib/api/endpoints";
import { presentRotationRequest } from "@/lib/server/lifecycle/rotation-views";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.listRotationRequests, async ({ db, query }) => {
  const page = await listRotationRequests(db, query);
  return { items: page.items.map(presentRotationRequest), nextCursor: page.nextCursor };
});
