import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/server/route";
import { searchEverything } from "@/lib/server/search";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.search, async ({ db, actor, query }) => ({ items: await searchEverything(db, actor, query) }));
