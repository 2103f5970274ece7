import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/server/route";
import { signOutEverywhere } from "@/lib/server/users";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.signOutUserEverywhere, ({ db, ctx, params }) => signOutEverywhere(db, ctx, params.id));
