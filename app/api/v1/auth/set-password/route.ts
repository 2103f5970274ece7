import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/server/route";
import { setPasswordWithToken } from "@/lib/server/users";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.setPassword, ({ db, ctx, body }) => setPasswordWithToken(db, ctx, body));
