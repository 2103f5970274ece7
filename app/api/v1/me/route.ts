import { endpoints } from "@/lib/api/endpoints";
import { can, permissions } from "@/lib/authz/permissions";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.me, ({ actor }) =>
  Promise.resolve({
    id: actor.userId,
    email: actor.email,
    name: actor.name,
    role: actor.role,
    permissions: permissions.filter((p) => can(actor.role, p)),
  }),
);
