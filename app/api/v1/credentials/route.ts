import { listCredentials } from "@/db/queries/credentials";
import { endpoints } from "@/lib/api/endpoints";
import { createCredential } from "@/lib/server/inventory/credentials";
import { presentCredentialDetail, presentCredentialListItem } from "@/lib/server/inventory/present";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.listCredentials, async ({ db, query }) => {
  const now = new Date();
  const page = await listCredentials(db, query, now);
  return { items: page.items.map((c) => presentCredentialListItem(c, now)), nextCursor: page.nextCursor };
});

export const POST = route(endpoints.createCredential, async ({ db, ctx, body }) => presentCredentialDetail(await createCredential(db, ctx, body)));
